package se.tillit.synth.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.tillit.synth.data.Table;

class SynthesisReportTest {
  @TempDir Path tmp;

  private static ReportOptions seeded() {
    return ReportOptions.builder().seed(42).trees(10).build();
  }

  @Test
  void compute_tableAgainstItself_tvdZero() {
    Table real = TestData.people(400, 1);
    SynthesisReport r = SynthesisReport.compute(real, real, null, seeded());
    assertThat(r.meanMarginalTvd()).isZero();
    assertThat(r.meanPairwiseTvd()).isZero();
    assertThat(r.meanAssociationDifference()).isZero();
    assertThat(r.columns()).allSatisfy(c -> assertThat(c.tvd()).isZero());
  }

  @Test
  void compute_disjointTables_tvdOne() {
    List<String[]> a = new ArrayList<>();
    List<String[]> b = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      a.add(new String[] {Integer.toString(i), "x" + (i % 3)});
      b.add(new String[] {Integer.toString(1000 + i), "y" + (i % 4)});
    }
    Table real = Table.of(List.of("n", "c"), a);
    Table syn = Table.of(List.of("n", "c"), b);
    SynthesisReport r = SynthesisReport.compute(real, syn, null, seeded());
    assertThat(r.meanMarginalTvd()).isEqualTo(1.0);
    assertThat(r.meanPairwiseTvd()).isEqualTo(1.0);
    assertThat(r.privacy().exactMatchRate()).isZero();
  }

  @Test
  void compute_columnsInOtherOrder_alignedByName() {
    Table real = TestData.people(200, 1);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < real.rowCount(); i++) {
      String[] row = real.row(i);
      rows.add(new String[] {row[3], row[2], row[1], row[0]});
    }
    Table reordered = Table.of(List.of("label", "income", "group", "age"), rows);
    assertThat(SynthesisReport.compute(real, reordered, null, seeded()).meanMarginalTvd()).isZero();
  }

  @Test
  void compute_syntheticEqualsTraining_exactMatchOneAndHighMiaAuc() {
    Table train = TestData.people(1500, 1);
    Table holdout = TestData.people(1500, 2);
    SynthesisReport r = SynthesisReport.compute(train, train, holdout, seeded());
    PrivacyResult p = r.privacy();
    assertThat(p.exactMatchRate()).isEqualTo(1.0);
    assertThat(p.holdoutExactMatchRate()).isZero();
    assertThat(p.dcrSyntheticMedian()).isZero();
    assertThat(p.dcrRatio()).isZero();
    assertThat(p.miaAuc()).isGreaterThan(0.95);
    assertThat(r.interpretation()).anyMatch(s -> s.contains("strong membership leakage"));
  }

  @Test
  void compute_freshSampleFromSameDistribution_miaAucAboutOneHalf() {
    Table train = TestData.people(2000, 1);
    Table holdout = TestData.people(2000, 2);
    Table synthetic = TestData.people(2000, 3);
    SynthesisReport r =
        SynthesisReport.compute(
            train, synthetic, holdout,
            ReportOptions.builder().seed(5).trees(10).target("label").build());
    PrivacyResult p = r.privacy();
    assertThat(p.miaAuc()).isBetween(0.45, 0.55);
    assertThat(p.dcrRatio()).isBetween(0.8, 1.25);
    assertThat(p.shareBelowHoldoutP5()).isBetween(0.02, 0.09);
    assertThat(p.exactMatchRate()).isZero();
    assertThat(r.meanMarginalTvd()).isLessThan(0.1);
    UtilityResult u = r.utility().orElseThrow();
    assertThat(u.target()).isEqualTo("label");
    assertThat(u.tstrAccuracy()).isCloseTo(u.trtrAccuracy(), within(0.05));
    assertThat(u.trtrAccuracy()).isGreaterThan(u.majorityAccuracy());
  }

  @Test
  void compute_sameSeed_sameFigures() {
    Table real = TestData.people(600, 1);
    Table syn = TestData.people(600, 9);
    ReportOptions o = ReportOptions.builder().seed(7).trees(5).target("group").build();
    Map<String, Object> a = SynthesisReport.compute(real, syn, null, o).toJson();
    Map<String, Object> b = SynthesisReport.compute(real, syn, null, o).toJson();
    a.remove("seconds");
    b.remove("seconds");
    assertThat(a).isEqualTo(b);
  }

  @Test
  void toJson_hasHeadlineKeys_andNullUtilityWithoutTarget() {
    Table real = TestData.people(300, 1);
    Map<String, Object> j =
        SynthesisReport.compute(real, TestData.people(300, 2), null, seeded()).toJson();
    assertThat(j).containsKeys(
        "rows", "synthetic_rows", "columns", "mean_marginal_tvd", "mean_pairwise_tvd",
        "tstr_accuracy", "trtr_accuracy", "dcr_ratio", "mia_auc", "exact_match_rate",
        "holdout_source", "seed");
    assertThat(j.get("rows")).isEqualTo(300);
    assertThat(j.get("columns")).isEqualTo(4);
    assertThat(j.get("tstr_accuracy")).isNull();
    assertThat(j.get("trtr_accuracy")).isNull();
    assertThat(j.get("holdout_source")).isEqualTo("split");
    assertThat((Double) j.get("mia_auc")).isBetween(0.0, 1.0);
  }

  @Test
  void toHtml_embedsImagesAndHeadlineNumbers() throws Exception {
    Table real = TestData.people(500, 1);
    SynthesisReport r =
        SynthesisReport.compute(
            real, TestData.people(500, 2), TestData.people(300, 3),
            ReportOptions.builder().seed(3).trees(5).target("label").build());
    String html = r.toHtml();
    assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("http://").doesNotContain("https://")
        .doesNotContain("<script");
    // One chart per column, the heat map, the utility bars and the DCR histogram.
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      byte[] png = Base64.getDecoder().decode(m.group(1));
      assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      images++;
    }
    assertThat(images).isEqualTo(4 + 3);
    assertThat(html)
        .contains(String.format(Locale.ROOT, "%.3f", r.meanMarginalTvd()))
        .contains(String.format(Locale.ROOT, "%.3f", r.meanPairwiseTvd()))
        .contains(String.format(Locale.ROOT, "%.3f", r.privacy().miaAuc()))
        .contains(String.format(Locale.ROOT, "%.3f", r.utility().orElseThrow().tstrAccuracy()))
        .contains("Membership-inference AUC")
        .contains("marginals");
    Path file = tmp.resolve("r.html");
    r.writeHtml(file);
    assertThat(Files.readString(file)).isEqualTo(html);
  }

  @Test
  void compute_unknownTarget_throwsNamingColumns() {
    Table real = TestData.people(50, 1);
    assertThatThrownBy(
            () -> SynthesisReport.compute(real, real, null,
                ReportOptions.builder().target("salary").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'salary'")
        .hasMessageContaining("[age, group, income, label]");
  }

  @Test
  void compute_continuousTarget_throwsNamingLimit() {
    Table real = TestData.people(500, 1);
    assertThatThrownBy(
            () -> SynthesisReport.compute(real, real, null,
                ReportOptions.builder().target("income").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 100 distinct values");
  }

  @Test
  void compute_differentColumns_throwsNamingMissingAndExtra() {
    Table real = TestData.people(50, 1);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"1", "a", "2", "x"});
    Table other = Table.of(List.of("age", "group", "salary", "label"), rows);
    assertThatThrownBy(() -> SynthesisReport.compute(real, other, null, seeded()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing [income]")
        .hasMessageContaining("not in real [salary]");
  }

  @Test
  void compute_emptyTable_throws() {
    Table real = TestData.people(50, 1);
    Table empty = Table.of(real.columns(), List.of());
    assertThatThrownBy(() -> SynthesisReport.compute(real, empty, null, seeded()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("synthetic table must have at least one column and one row");
  }

  @Test
  void fromCsv_raggedFile_throws() throws Exception {
    Path real = tmp.resolve("real.csv");
    Path syn = tmp.resolve("syn.csv");
    Files.writeString(real, "a,b\n1,x\n2,y\n");
    Files.writeString(syn, "a,b\n1,x\n2\n");
    assertThatThrownBy(() -> SynthesisReport.fromCsv(real, syn, null, seeded(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("synthetic CSV")
        .hasMessageContaining("ragged");
  }

  @Test
  void toString_showsNoCellValues() {
    Table real = TestData.people(100, 1);
    String s = SynthesisReport.compute(real, real, null, seeded()).toString();
    assertThat(s).contains("100 real rows").doesNotContain(real.get(0, 0));
  }
}
