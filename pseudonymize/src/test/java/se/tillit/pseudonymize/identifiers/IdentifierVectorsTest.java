package se.tillit.pseudonymize.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every vector of {@code shared/data/identifiers/*.json} (MIT, from the personnummer project):
 * every written form of a valid entry is accepted, every form of an invalid one rejected.
 */
class IdentifierVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FORMS = {
    "long_format", "short_format", "separated_format", "separated_long"
  };
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);

  private static JsonNode read(String name) throws IOException {
    return JSON.readTree(TestData.identifiers().resolve(name).toFile());
  }

  @Test
  void listJson_everyForm_matchesValidFlagAndSex() throws IOException {
    int checked = 0;
    for (JsonNode e : read("list.json")) {
      boolean valid = e.get("valid").asBoolean();
      for (String f : FORMS) {
        String s = e.get(f).asText();
        assertThat(Personnummer.isValid(s, CLOCK)).as("%s %s", f, s).isEqualTo(valid);
        assertThat(Personnummer.isValid(s)).as("system clock %s", s).isEqualTo(valid);
        if (valid) {
          Personnummer p = Personnummer.parse(s, CLOCK);
          assertThat(p.isMale()).isEqualTo(e.get("isMale").asBoolean());
          assertThat(p.isFemale()).isEqualTo(e.get("isFemale").asBoolean());
          assertThat(p.isSamordningsnummer()).isEqualTo("con".equals(e.get("type").asText()));
          if (!f.equals("short_format")) { // the short form without + loses the century
            assertThat(p.normalize()).isEqualTo(e.get("long_format").asText());
          }
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(14 * 4);
  }

  @Test
  void structuredJson_stringsAndIntegers_matchTheirSection() throws IOException {
    JsonNode root = read("structured.json");
    int checked = 0;
    for (String kind : List.of("ssn", "con")) {
      for (String validity : List.of("valid", "invalid")) {
        boolean expected = validity.equals("valid");
        List<String> inputs = new ArrayList<>();
        root.get(kind).get("string").get(validity).forEach(n -> inputs.add(n.asText()));
        root.get(kind).get("integer").get(validity)
            .forEach(n -> inputs.add(String.format("%012d", n.asLong())));
        for (String s : inputs) {
          assertThat(Personnummer.isValid(s, CLOCK)).as("%s %s %s", kind, validity, s)
              .isEqualTo(expected);
          if (expected) {
            assertThat(Personnummer.parse(s, CLOCK).isSamordningsnummer())
                .isEqualTo(kind.equals("con"));
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(70);
  }

  @Test
  void interimJson_everyForm_matchesValidFlag() throws IOException {
    int checked = 0;
    for (JsonNode e : read("interim.json")) {
      boolean valid = e.get("valid").asBoolean();
      for (String f : FORMS) {
        String s = e.get(f).asText();
        assertThat(Personnummer.isValid(s, CLOCK)).as("%s %s", f, s).isEqualTo(valid);
        if (valid) {
          Personnummer p = Personnummer.parse(s, CLOCK);
          assertThat(p.kind()).isEqualTo(Personnummer.Kind.INTERIM);
          assertThat(p.isInterim()).isTrue();
          assertThat(p.isFemale()).isEqualTo(e.get("isFemale").asBoolean());
          assertThat(p.normalize()).isEqualTo(e.get("long_format").asText());
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(12 * 4);
  }

  @Test
  void orgnumberJson_everyForm_isOrganisationsnummerAndNotPersonnummer() throws IOException {
    int checked = 0;
    for (JsonNode e : read("orgnumber.json")) {
      // "valid": false in this file refers to the personnummer reading (see "comment").
      assertThat(e.get("valid").asBoolean()).isFalse();
      for (String f : List.of("short_format", "separated_format")) {
        String s = e.get(f).asText();
        assertThat(Personnummer.isValid(s, CLOCK)).as("pnr %s", s).isFalse();
        assertThat(Organisationsnummer.isValid(s)).as("orgnr %s", s).isTrue();
        assertThat(Organisationsnummer.isValid("16" + s)).as("16-prefixed %s", s).isTrue();
        checked++;
      }
      assertThat(Organisationsnummer.isValid(String.valueOf(e.get("integer").asLong()))).isTrue();
    }
    assertThat(checked).isEqualTo(12);
  }
}
