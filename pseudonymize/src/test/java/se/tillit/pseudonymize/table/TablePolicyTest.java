package se.tillit.pseudonymize.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TablePolicyTest {
  static final String FULL = String.join("\n",
      "version: 1",
      "quasi_identifiers: [age, postcode]",
      "sensitive: diagnosis",
      "k: 3",
      "columns:",
      "  pnr: {transform: fpe, key: pnr-ff1, format: personnummer}",
      "  name: {transform: hmac, key: link, prefix: 'P-', normalize: trim}",
      "  email: {transform: encrypt, key: contact, prefix: 'enc:'}",
      "  visit: {transform: date_shift, key: link, person: pnr, max_days: 30}",
      "  age: {transform: generalize, method: age_band, width: 10, top: 90}",
      "  postcode: {transform: generalize, method: postcode_prefix, digits: 2}",
      "  income: {transform: generalize, method: round, step: 1000}",
      "  born: {transform: generalize, method: date, to: month}",
      "  phone: {transform: suppress}",
      "  note: {transform: suppress, mode: blank}",
      "  diagnosis: {transform: keep, description: ICD-10 code}",
      "");

  @Test
  void parse_fullPolicy_readsEverything() {
    TablePolicy p = TablePolicy.parse(FULL, "policy.yaml");
    assertThat(p.columns()).hasSize(11).startsWith("pnr", "name");
    assertThat(p.transformOf("visit")).contains(TransformKind.DATE_SHIFT);
    assertThat(p.requiredKeys()).containsEntry("pnr-ff1", KeyPurpose.FF1_AES);
    assertThat(p.requiredKeys()).containsEntry("link", KeyPurpose.HMAC_SHA256)
        .containsEntry("contact", KeyPurpose.AES_SIV).hasSize(3);
    assertThat(p.quasiIdentifiers()).containsExactly("age", "postcode");
    assertThat(p.sensitive()).contains("diagnosis");
    assertThat(p.k()).isEqualTo(3);
    assertThat(p.l()).isEqualTo(2);
    assertThat(p.unlistedColumns()).isEqualTo(TablePolicy.UnlistedColumns.ERROR);
  }

  private static PolicyException fail(String yaml) {
    try {
      TablePolicy.parse(yaml, "p.yaml");
    } catch (PolicyException e) {
      return e;
    }
    throw new AssertionError("expected a PolicyException");
  }

  @Test
  void parse_unknownTransform_namesLineFieldAndAllowedValues() {
    PolicyException e = fail("columns:\n  a: {transform: keep}\n  pnr:\n    transform: fpee\n");
    assertThat(e.line()).isEqualTo(4);
    assertThat(e.field()).isEqualTo("columns.pnr.transform");
    assertThat(e).hasMessageContaining("p.yaml line 4")
        .hasMessageContaining("[hmac, encrypt, fpe, date_shift, generalize, suppress, keep]")
        .hasMessageContaining("Provided value: fpee");
  }

  @Test
  void parse_badEnumValue_listsAllowed() {
    PolicyException e = fail("columns:\n  x:\n    transform: generalize\n    method: date\n    to: week\n");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e).hasMessageContaining("columns.x.to").hasMessageContaining("[year, month]");
  }

  @Test
  void parse_unknownField_namesAllowedFields() {
    PolicyException e = fail("columns:\n  x: {transform: hmac, key: k, lenght: 20}\n");
    assertThat(e.field()).isEqualTo("columns.x.lenght");
    assertThat(e).hasMessageContaining("Allowed fields here").hasMessageContaining("length");
  }

  @Test
  void parse_missingKeyAndOutOfRange_areErrors() {
    assertThat(fail("columns:\n  x: {transform: encrypt}\n").field()).isEqualTo("columns.x.key");
    assertThat(fail("columns:\n  x: {transform: hmac, key: k, length: 8}\n"))
        .hasMessageContaining("16 to 52").hasMessageContaining("Provided value: 8");
    assertThat(fail("columns:\n  x: {transform: hmac, key: Bad Alias}\n")).hasMessageContaining("alias");
    assertThat(fail("columns:\n  x: {transform: generalize, method: round, step: -5}\n"))
        .hasMessageContaining("> 0");
    assertThat(fail("columns:\n  d: {transform: date_shift, key: k, person: p}\n  p: {transform: keep}\n").field())
        .isEqualTo("columns.d.max_days");
  }

  @Test
  void parse_yamlSyntaxErrorAndDuplicates_haveLines() {
    PolicyException syntax = fail("columns:\n  x: {transform: keep\n  y: [\n");
    assertThat(syntax.line()).isGreaterThan(0);
    assertThat(syntax).hasMessageContaining("not valid YAML");
    PolicyException dup = fail("columns:\n  x: {transform: keep}\n  x: {transform: keep}\n");
    assertThat(dup.line()).isEqualTo(3);
    assertThat(dup).hasMessageContaining("duplicate");
  }

  @Test
  void parse_reportColumnsMustBeInOutput() {
    assertThat(fail("quasi_identifiers: [p]\ncolumns:\n  p: {transform: suppress}\n"))
        .hasMessageContaining("drops");
    assertThat(fail("sensitive: zz\ncolumns:\n  p: {transform: keep}\n").field()).isEqualTo("sensitive");
    assertThat(fail("columns: []\n").field()).isEqualTo("columns");
    assertThat(fail("- a\n- b\n")).hasMessageContaining("mapping");
  }

  @Test
  void parse_oneAliasForTwoPurposes_isError() {
    assertThat(fail("columns:\n  a: {transform: hmac, key: k}\n  b: {transform: encrypt, key: k}\n"))
        .hasMessageContaining("separate key per purpose");
  }

  @Test
  void parse_unlistedKeep_allowsReportColumnsOutsidePolicy() {
    TablePolicy p = TablePolicy.parse(
        "unlisted_columns: keep\nquasi_identifiers: [age]\ncolumns:\n  pnr: {transform: suppress}\n", "p");
    assertThat(p.quasiIdentifiers()).isEqualTo(List.of("age"));
  }
}
