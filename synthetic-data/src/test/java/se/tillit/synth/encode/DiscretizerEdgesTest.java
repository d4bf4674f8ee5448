package se.tillit.synth.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.tillit.dp.Randomness;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.EncodedData;
import se.tillit.synth.data.Table;
import se.tillit.synth.schema.ColumnSchema;
import se.tillit.synth.schema.Schema;

class DiscretizerEdgesTest {
  // gain: {0}, (0, 1000), [1000, 5000), {5000}; integer: [0,1)={0}, [1,1000), [1000,5000), {5000}
  static final Schema SCHEMA = new Schema(List.of(
      ColumnSchema.withEdges("gain", ColumnType.INTEGER,
          List.of(0.0, 0.0, 1000.0, 5000.0, 5000.0), true),
      ColumnSchema.withEdges("hours", ColumnType.NUMERIC, List.of(0.0, 40.0, 40.0, 99.5), false),
      ColumnSchema.withEdges("age", ColumnType.INTEGER, List.of(17.0, 18.0, 19.0, 20.0, 20.0),
          false),
      ColumnSchema.withEdges("day", ColumnType.DATE, List.of(0.0, 0.0, 10.0), false)));

  private static String[] row(String... v) {
    return v;
  }

  @Test
  void encode_edgesAndSingletons_codes() {
    Table t = Table.of(SCHEMA.names(), List.of(
        row("0", "40", "17", "1970-01-01"),
        row("1", "39.99", "18", "1970-01-02"),
        row("999", "40.01", "19", "1970-01-11"),
        row("1000", "99.5", "20", "1970-01-05"),
        row("5000", "-3", "16", "1969-12-01"),
        row("7000", "120", "95", "1971-01-01"),
        row(null, "0", "20", "1970-01-01")));
    EncodedData e = new Discretizer(SCHEMA).encode(t);
    assertThat(e.domainSizes()).containsExactly(5, 3, 4, 2);
    assertThat(e.codes()[0]).containsExactly(0, 1, 1, 2, 3, 3, 4);
    assertThat(e.codes()[1]).containsExactly(1, 0, 2, 2, 0, 2, 0);
    assertThat(e.codes()[2]).containsExactly(0, 1, 2, 3, 0, 3, 3);
    assertThat(e.codes()[3]).containsExactly(0, 1, 1, 1, 0, 1, 0);
  }

  @Test
  void decode_singletons_exactValues() {
    Discretizer d = new Discretizer(SCHEMA);
    var r = Randomness.insecureSeededForTesting(1);
    for (int k = 0; k < 50; k++) {
      assertThat(d.value(0, 0, r)).isEqualTo("0");
      assertThat(d.value(0, 3, r)).isEqualTo("5000");
      assertThat(d.value(1, 1, r)).isEqualTo("40");
      assertThat(d.value(2, 0, r)).isEqualTo("17");
      assertThat(d.value(2, 3, r)).isEqualTo("20");
      assertThat(d.value(3, 0, r)).isEqualTo("1970-01-01");
    }
    assertThat(d.value(0, 4, r)).isNull();
  }

  @Test
  void decode_integerBinAfterSingleton_uniformOverItsWholeNumbersOnly() {
    Discretizer d = new Discretizer(SCHEMA);
    var r = Randomness.insecureSeededForTesting(2);
    Set<Long> seen = new HashSet<>();
    for (int k = 0; k < 20_000; k++) {
      long v = Long.parseLong(d.value(0, 1, r));
      assertThat(v).isBetween(1L, 999L);
      seen.add(v);
    }
    assertThat(seen).hasSizeGreaterThan(990); // all of 1..999 show up
    for (int k = 0; k < 2000; k++) {
      assertThat(Long.parseLong(d.value(0, 2, r))).isBetween(1000L, 4999L);
      assertThat(d.value(3, 1, r)).isBetween("1970-01-02", "1970-01-11");
    }
  }

  @Test
  void decode_numeric_neverOutsideBinAndReencodesToSameCode() {
    Discretizer d = new Discretizer(SCHEMA);
    var r = Randomness.insecureSeededForTesting(3);
    for (int k = 0; k < 5000; k++) {
      double below = Double.parseDouble(d.value(1, 0, r));
      assertThat(below).isGreaterThanOrEqualTo(0).isLessThan(40);
      double above = Double.parseDouble(d.value(1, 2, r));
      assertThat(above).isGreaterThan(40).isLessThanOrEqualTo(99.5);
    }
  }

  @Test
  void encodeDecodeEncode_allCodes_sameCodes() {
    Discretizer d = new Discretizer(SCHEMA);
    int n = 400;
    int[][] codes = new int[4][n];
    int[] sizes = SCHEMA.domainSizes();
    for (int j = 0; j < 4; j++) {
      for (int i = 0; i < n; i++) {
        codes[j][i] = i % sizes[j];
      }
    }
    EncodedData e = new EncodedData(SCHEMA.names(), sizes, codes);
    EncodedData again = d.encode(d.decode(e, Randomness.insecureSeededForTesting(4)));
    for (int j = 0; j < 4; j++) {
      assertThat(again.codes()[j]).containsExactly(codes[j]);
    }
  }

  @Test
  void decode_numericSingletonWithManyDigits_exact() {
    Schema s = new Schema(List.of(
        ColumnSchema.withEdges("x", ColumnType.NUMERIC, List.of(0.0, 1234.56789, 1234.56789,
            2000.0), false)));
    Discretizer d = new Discretizer(s);
    assertThat(Double.parseDouble(d.value(0, 1, Randomness.insecureSeededForTesting(5))))
        .isEqualTo(1234.56789);
  }

  @Test
  void decode_fixedSeed_reproduces() {
    Discretizer d = new Discretizer(SCHEMA);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    var r1 = Randomness.insecureSeededForTesting(6);
    var r2 = Randomness.insecureSeededForTesting(6);
    for (int k = 0; k < 100; k++) {
      a.add(d.value(1, 2, r1) + d.value(0, 1, r1));
      b.add(d.value(1, 2, r2) + d.value(0, 1, r2));
    }
    assertThat(a).isEqualTo(b);
  }
}
