package se.tillit.pseudonymize.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.pseudonymize.table.internal.CsvReader;
import se.tillit.pseudonymize.table.internal.PersonnummerFpe;

class TablePseudonymizerTest {
  static final char[] PW = "correct horse".toCharArray();
  static final String POLICY = String.join("\n",
      "quasi_identifiers: [age, postcode]",
      "sensitive: diagnosis",
      "k: 2",
      "columns:",
      "  pnr: {transform: fpe, key: pnr, format: personnummer}",
      "  name: {transform: hmac, key: link, prefix: 'P-', normalize: trim}",
      "  email: {transform: encrypt, key: contact, prefix: 'enc:'}",
      "  account: {transform: fpe, key: pnr, format: digits}",
      "  visit: {transform: date_shift, key: link, person: pnr, max_days: 30}",
      "  age: {transform: generalize, method: age_band, width: 10, top: 90}",
      "  postcode: {transform: generalize, method: postcode_prefix, digits: 2}",
      "  income: {transform: generalize, method: round, step: 1000}",
      "  born: {transform: generalize, method: date, to: month}",
      "  phone: {transform: suppress}",
      "  note: {transform: suppress, mode: blank}",
      "  diagnosis: {transform: keep}",
      "");
  static final String HEADER = "pnr,name,email,account,visit,age,postcode,income,born,phone,note,diagnosis";
  static final String DATA = HEADER + "\r\n"
      + "19811218-9876,Anna Svensson,anna@example.se,1234-567890,2024-03-01,34,114 55,412345,1981-12-18,070-1234567,\"ring, snart\",J45\r\n"
      + "19811218-9876, Anna Svensson ,anna@example.se,1234-567890,2024-03-20,34,11455,399999,1981-12-18,070-1234567,,J45\r\n"
      + "198112789873,Bo Ek,bo@example.se,9876543210,2023-12-31,95,41319,12,1981-12-18,08-123456,x,E11\r\n"
      + ",,,,,,,,,,,\r\n";

  @TempDir static Path dir;
  static Path keystore;
  static Path otherKeystore;

  @BeforeAll
  static void keys() throws IOException {
    keystore = dir.resolve("keys.p12");
    otherKeystore = dir.resolve("other.p12");
    for (Path p : List.of(keystore, otherKeystore)) {
      try (TableKeyStore ks = TableKeyStore.openOrCreate(p, PW)) {
        ks.generate("pnr", KeyPurpose.FF1_AES);
        ks.generate("link", KeyPurpose.HMAC_SHA256);
        ks.generate("contact", KeyPurpose.AES_SIV);
        ks.save();
      }
    }
  }

  static List<String[]> csv(byte[] bytes) throws IOException {
    CsvReader r = new CsvReader(new ByteArrayInputStream(bytes));
    List<String[]> rows = new ArrayList<>();
    String[] row;
    while ((row = r.next()) != null) {
      rows.add(row);
    }
    return rows;
  }

  static byte[] run(String policy, Path ks, String data) throws IOException {
    try (TableKeyStore keys = TableKeyStore.open(ks, PW)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TablePseudonymizer.create(TablePolicy.parse(policy, "policy.yaml"), keys)
          .pseudonymize(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), out);
      return out.toByteArray();
    }
  }

  @Test
  void pseudonymize_everyTransform_behavesAsSpecified() throws IOException {
    List<String[]> rows = csv(run(POLICY, keystore, DATA));
    assertThat(rows.get(0)).containsExactly(
        "pnr", "name", "email", "account", "visit", "age", "postcode", "income", "born", "note", "diagnosis");
    String[] a = rows.get(1);
    String[] b = rows.get(2);
    String[] c = rows.get(3);
    // fpe personnummer: valid, same form, not the input
    assertThat(PersonnummerFpe.isValid(a[0])).isTrue();
    assertThat(a[0]).matches("\\d{8}-\\d{4}").isNotEqualTo("19811218-9876");
    assertThat(c[0]).matches("\\d{12}");
    assertThat(Integer.parseInt(c[0].substring(6, 8))).isGreaterThan(60); // samordningsnummer kept
    // hmac: prefix + 26 base32 characters; trim normalisation links " Anna Svensson "
    assertThat(a[1]).matches("P-[A-Z2-7]{26}").isEqualTo(b[1]).isNotEqualTo(c[1]);
    // encrypt: deterministic, prefixed
    assertThat(a[2]).startsWith("enc:").isEqualTo(b[2]).doesNotContain("anna");
    // fpe digits keeps punctuation and length
    assertThat(a[3]).matches("\\d{4}-\\d{6}").isNotEqualTo("1234-567890");
    assertThat(c[3]).matches("\\d{10}");
    // date shift: same person, same shift, within 30 days
    long shiftA = LocalDate.parse(a[4]).toEpochDay() - LocalDate.parse("2024-03-01").toEpochDay();
    long shiftB = LocalDate.parse(b[4]).toEpochDay() - LocalDate.parse("2024-03-20").toEpochDay();
    assertThat(shiftA).isEqualTo(shiftB).isBetween(-30L, 30L);
    // generalise
    assertThat(a[5]).isEqualTo("30-39");
    assertThat(c[5]).isEqualTo("90+");
    assertThat(a[6]).isEqualTo("11");
    assertThat(a[7]).isEqualTo("412000");
    assertThat(b[7]).isEqualTo("400000");
    assertThat(c[7]).isEqualTo("0");
    assertThat(a[8]).isEqualTo("1981-12");
    // suppress blank, keep
    assertThat(a[9]).isEmpty();
    assertThat(a[10]).isEqualTo("J45");
    // empty cells stay empty
    assertThat(rows.get(4)).containsOnly("");
  }

  @Test
  void pseudonymize_report_measuresOutput() throws IOException {
    try (TableKeyStore keys = TableKeyStore.open(keystore, PW)) {
      TableRunResult r = TablePseudonymizer.create(TablePolicy.parse(POLICY, "p"), keys)
          .pseudonymize(new ByteArrayInputStream(DATA.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream());
      assertThat(r.rows()).isEqualTo(4);
      AnonymityReport rep = r.report().orElseThrow();
      // classes: (30-39,11) x2 with {J45}; (90+,41) x1; ("","") x1
      assertThat(rep.equivalenceClasses()).isEqualTo(3);
      assertThat(rep.k()).isEqualTo(1);
      assertThat(rep.recordsBelowK()).isEqualTo(2);
      assertThat(rep.l()).isEqualTo(1);
    }
  }

  @Test
  void pseudonymize_linkability_sameKeySameOutputOtherKeyDifferent() throws IOException {
    List<String[]> first = csv(run(POLICY, keystore, DATA));
    List<String[]> again = csv(run(POLICY, keystore, DATA));
    List<String[]> other = csv(run(POLICY, otherKeystore, DATA));
    for (int col : new int[] {0, 1, 2, 3}) {
      assertThat(again.get(1)[col]).isEqualTo(first.get(1)[col]);
      assertThat(other.get(1)[col]).isNotEqualTo(first.get(1)[col]);
    }
  }

  @Test
  void pseudonymize_contextSeparatesDomains() throws IOException {
    String p1 = "columns:\n  x: {transform: hmac, key: link}\n";
    String p2 = "columns:\n  x: {transform: hmac, key: link, context: research-2025}\n";
    String d = "x\nvalue\n";
    assertThat(csv(run(p1, keystore, d)).get(1)[0]).isNotEqualTo(csv(run(p2, keystore, d)).get(1)[0]);
  }

  @Test
  void reidentify_roundTrip_restoresEncryptAndFpeColumns() throws IOException {
    byte[] pseud = run(POLICY, keystore, DATA);
    try (TableKeyStore keys = TableKeyStore.open(keystore, PW)) {
      ByteArrayOutputStream back = new ByteArrayOutputStream();
      TableReidentifier.create(TablePolicy.parse(POLICY, "p"), keys, List.of("pnr", "email", "account"))
          .reidentify(new ByteArrayInputStream(pseud), back);
      List<String[]> rows = csv(back.toByteArray());
      assertThat(rows.get(1)[0]).isEqualTo("19811218-9876");
      assertThat(rows.get(1)[2]).isEqualTo("anna@example.se");
      assertThat(rows.get(1)[3]).isEqualTo("1234-567890");
      assertThat(rows.get(3)[0]).isEqualTo("198112789873");
      assertThat(rows.get(1)[1]).startsWith("P-"); // hmac column untouched
    }
  }

  @Test
  void reidentify_wrongKey_failsCleanlyWithoutValues() throws IOException {
    byte[] pseud = run(POLICY, keystore, DATA);
    String encrypted = csv(pseud).get(1)[2];
    try (TableKeyStore keys = TableKeyStore.open(otherKeystore, PW)) {
      TableReidentifier r = TableReidentifier.create(TablePolicy.parse(POLICY, "p"), keys, List.of("email"));
      assertThatThrownBy(() -> r.reidentify(new ByteArrayInputStream(pseud), new ByteArrayOutputStream()))
          .isInstanceOf(TableDataException.class)
          .hasMessageContaining("row 2")
          .hasMessageContaining("column 'email'")
          .hasMessageContaining("wrong key")
          .message()
          .doesNotContain(encrypted)
          .doesNotContain("anna");
    }
  }

  @Test
  void reidentify_oneWayColumn_isRejected() throws IOException {
    try (TableKeyStore keys = TableKeyStore.open(keystore, PW)) {
      assertThatThrownBy(() -> TableReidentifier.create(TablePolicy.parse(POLICY, "p"), keys, List.of("name")))
          .hasMessageContaining("hmac").hasMessageContaining("cannot be reversed");
    }
  }

  @Test
  void keystore_wrongPasswordMissingAliasWrongPurpose_clearErrors() throws IOException {
    assertThatThrownBy(() -> TableKeyStore.open(keystore, "nope".toCharArray()))
        .isInstanceOf(KeyStoreAccessException.class)
        .hasMessageContaining("wrong password")
        .message().doesNotContain("nope");
    try (TableKeyStore ks = TableKeyStore.open(keystore, PW)) {
      assertThatThrownBy(() -> ks.get("missing", KeyPurpose.AES_SIV))
          .hasMessageContaining("no key 'missing'").hasMessageContaining("keygen");
      assertThatThrownBy(() -> ks.get("link", KeyPurpose.AES_SIV))
          .hasMessageContaining("is a hmac key").hasMessageContaining("siv key is needed");
      assertThatThrownBy(() -> ks.generate("link", KeyPurpose.HMAC_SHA256)).hasMessageContaining("never overwritten");
      TableKey k = ks.get("contact", KeyPurpose.AES_SIV);
      assertThat(k.toString()).contains("redacted").doesNotContainPattern("[0-9a-f]{16}");
      assertThat(ks.toString()).doesNotContain("correct horse");
      assertThat(k.equalsConstantTime(ks.get("contact", KeyPurpose.AES_SIV))).isTrue();
    }
    Path notKs = dir.resolve("not.p12");
    Files.writeString(notKs, "hello");
    assertThatThrownBy(() -> TableKeyStore.open(notKs, PW)).isInstanceOf(KeyStoreAccessException.class);
  }

  @Test
  void pseudonymize_raggedRow_namesRowNotValues() {
    String d = "pnr,name\n19811218-9876,Anna\n19811218-9876,Bo,Extra\n";
    assertThatThrownBy(() -> run("columns:\n  pnr: {transform: keep}\n  name: {transform: keep}\n", keystore, d))
        .isInstanceOf(TableDataException.class)
        .hasMessageContaining("row 3")
        .hasMessageContaining("3 fields")
        .message().doesNotContain("Extra").doesNotContain("9876");
  }

  @Test
  void pseudonymize_badCell_namesRowAndColumnNotValue() {
    String d = "pnr\n19811218-9876\n19811218-9875\n";
    assertThatThrownBy(() -> run("columns:\n  pnr: {transform: fpe, key: pnr, format: personnummer}\n", keystore, d))
        .isInstanceOf(TableDataException.class)
        .hasMessageContaining("row 3")
        .hasMessageContaining("column 'pnr'")
        .hasMessageContaining("check digit")
        .message().doesNotContain("9875");
  }

  @Test
  void pseudonymize_policyColumnsMissingOrUnlisted_areErrors() {
    assertThatThrownBy(() -> run("columns:\n  nope: {transform: keep}\n", keystore, "a\n1\n"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("[nope]").hasMessageContaining("[a]");
    assertThatThrownBy(() -> run("columns:\n  a: {transform: keep}\n", keystore, "a,b\n1,2\n"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("'b' is not named");
  }

  @Test
  void pseudonymize_unlistedKeepAndDrop() throws IOException {
    assertThat(csv(run("unlisted_columns: keep\ncolumns:\n  a: {transform: suppress}\n", keystore, "a,b\n1,2\n")).get(1))
        .containsExactly("2");
    assertThat(csv(run("unlisted_columns: drop\ncolumns:\n  a: {transform: keep}\n", keystore, "a,b\n1,2\n")).get(0))
        .containsExactly("a");
  }

  @Test
  void pseudonymize_missingKey_failsBeforeReadingData() throws IOException {
    Path empty = dir.resolve("empty.p12");
    try (TableKeyStore ks = TableKeyStore.openOrCreate(empty, PW)) {
      ks.save();
    }
    try (TableKeyStore ks = TableKeyStore.open(empty, PW)) {
      assertThatThrownBy(() -> TablePseudonymizer.create(TablePolicy.parse(POLICY, "p"), ks))
          .isInstanceOf(KeyStoreAccessException.class).hasMessageContaining("no key 'pnr'");
    }
  }

  @Test
  void dateShift_manyPeople_consistentAndWithinRange() throws IOException {
    StringBuilder d = new StringBuilder("id,day\n");
    for (int i = 0; i < 300; i++) {
      d.append("person").append(i % 100).append(",2024-01-").append(String.format("%02d", 1 + i % 28)).append('\n');
    }
    List<String[]> out = csv(run(
        "columns:\n  id: {transform: keep}\n  day: {transform: date_shift, key: link, person: id, max_days: 7}\n",
        keystore, d.toString()));
    Map<String, Long> shifts = new HashMap<>();
    java.util.Set<Long> distinct = new java.util.HashSet<>();
    for (int i = 0; i < 300; i++) {
      String[] r = out.get(i + 1);
      long s = LocalDate.parse(r[1]).toEpochDay() - LocalDate.of(2024, 1, 1 + i % 28).toEpochDay();
      assertThat(s).isBetween(-7L, 7L);
      Long prev = shifts.putIfAbsent(r[0], s);
      if (prev != null) {
        assertThat(s).isEqualTo(prev);
      }
      distinct.add(s);
    }
    assertThat(distinct.size()).isGreaterThan(8);
  }
}
