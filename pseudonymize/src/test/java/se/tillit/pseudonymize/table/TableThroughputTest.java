package se.tillit.pseudonymize.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.pseudonymize.table.internal.PersonnummerFpe;

/**
 * Rows per second for a generated 100 000-row table with every transform. Slow; run with
 * {@code -P slow}. Prints the figure.
 */
@Tag("slow")
class TableThroughputTest {
  static final String POLICY = String.join("\n",
      "quasi_identifiers: [age, postcode, sex]",
      "sensitive: diagnosis",
      "columns:",
      "  pnr: {transform: fpe, key: ff1, format: personnummer}",
      "  name: {transform: hmac, key: link}",
      "  email: {transform: encrypt, key: siv}",
      "  visit: {transform: date_shift, key: link, person: pnr, max_days: 30}",
      "  age: {transform: generalize, method: age_band, width: 10}",
      "  postcode: {transform: generalize, method: postcode_prefix, digits: 2}",
      "  sex: {transform: keep}",
      "  income: {transform: generalize, method: round, step: 1000}",
      "  phone: {transform: suppress}",
      "  diagnosis: {transform: keep}",
      "");

  /** A generated table (test data only). */
  static byte[] table(int rows, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("pnr,name,email,visit,age,postcode,sex,income,phone,diagnosis\n");
    String[] dx = {"J45", "E11", "I10", "F32", "M54"};
    for (int i = 0; i < rows; i++) {
      LocalDate born = LocalDate.of(1930, 1, 1).plusDays(r.nextInt(30000));
      String ten = String.format(Locale.ROOT, "%02d%02d%02d%03d", born.getYear() % 100,
          born.getMonthValue(), born.getDayOfMonth(), r.nextInt(1000));
      String pnr = born.getYear() / 100 + ten.substring(0, 6) + "-" + ten.substring(6)
          + PersonnummerFpe.luhnCheckDigit(ten);
      sb.append(pnr).append(",Person ").append(r.nextInt(50000)).append(",p").append(i)
          .append("@example.se,").append(LocalDate.of(2024, 1, 1).plusDays(r.nextInt(365)))
          .append(',').append(2024 - born.getYear()).append(',').append(10000 + r.nextInt(89999))
          .append(',').append(r.nextBoolean() ? "F" : "M").append(',').append(r.nextInt(900000))
          .append(",070-").append(1000000 + r.nextInt(8999999)).append(',').append(dx[r.nextInt(5)])
          .append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void pseudonymize_100kRows_reportsRowsPerSecond(@TempDir Path dir) throws IOException {
    char[] pw = "bench".toCharArray();
    Path ks = dir.resolve("k.p12");
    try (TableKeyStore s = TableKeyStore.openOrCreate(ks, pw)) {
      s.generate("ff1", KeyPurpose.FF1_AES);
      s.generate("link", KeyPurpose.HMAC_SHA256);
      s.generate("siv", KeyPurpose.AES_SIV);
      s.save();
    }
    byte[] data = table(100_000, 1);
    try (TableKeyStore s = TableKeyStore.open(ks, pw)) {
      TablePseudonymizer p = TablePseudonymizer.create(TablePolicy.parse(POLICY, "bench"), s);
      p.pseudonymize(new ByteArrayInputStream(table(20_000, 2)), OutputStream.nullOutputStream()); // warm-up
      TableRunResult r = p.pseudonymize(new ByteArrayInputStream(data), OutputStream.nullOutputStream());
      System.out.printf(Locale.ROOT, "table pseudonymisation: %d rows, %.1f MB, %.2f s, %.0f rows/s%n",
          r.rows(), data.length / 1e6, r.seconds(), r.rowsPerSecond());
      assertThat(r.rows()).isEqualTo(100_000);
    }
  }
}
