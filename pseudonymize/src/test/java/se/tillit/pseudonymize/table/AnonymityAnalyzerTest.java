package se.tillit.pseudonymize.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnonymityAnalyzerTest {
  @Test
  void report_handMadeTable_kAndLAsCountedByHand() {
    // age band, postcode prefix | diagnosis
    String[][] rows = {
      {"30-39", "11", "flu"}, {"30-39", "11", "flu"}, {"30-39", "11", "asthma"},   // class A: 3, l=2
      {"40-49", "11", "flu"}, {"40-49", "11", "flu"},                             // class B: 2, l=1
      {"40-49", "41", "diabetes"},                                               // class C: 1, l=1
      {"50-59", "41", "flu"}, {"50-59", "41", "asthma"}, {"50-59", "41", "gout"}, {"50-59", "41", "flu"}, // D: 4, l=3
    };
    AnonymityAnalyzer a = new AnonymityAnalyzer(List.of("age", "postcode"), "diagnosis");
    for (String[] r : rows) {
      a.add(new String[] {r[0], r[1]}, r[2]);
    }
    AnonymityReport rep = a.report(3, 2);
    assertThat(rep.records()).isEqualTo(10);
    assertThat(rep.equivalenceClasses()).isEqualTo(4);
    assertThat(rep.k()).isEqualTo(1);
    assertThat(rep.classesBelowK()).isEqualTo(2);      // B and C
    assertThat(rep.recordsBelowK()).isEqualTo(3);
    assertThat(rep.percentRecordsBelowK()).isEqualTo(30.0);
    assertThat(rep.meetsK()).isFalse();
    assertThat(rep.l()).isEqualTo(1);
    assertThat(rep.classesBelowL()).isEqualTo(2);      // B and C
    assertThat(rep.recordsBelowL()).isEqualTo(3);
    @SuppressWarnings("unchecked")
    Map<String, Object> k = (Map<String, Object>) rep.toMap().get("k_anonymity");
    assertThat(k.get("records_by_class_size")).isEqualTo(Map.of("1", 1L, "2", 2L, ">=3", 7L));
    assertThat(rep.summary()).contains("k = 1").contains("l = 1");
    assertThat(rep.toString()).doesNotContain("flu").doesNotContain("30-39");

    AnonymityReport lenient = a.report(1, 1);
    assertThat(lenient.meetsK()).isTrue();
    assertThat(lenient.classesBelowL()).isZero();
  }

  @Test
  void report_emptyTable_isZero() {
    AnonymityReport rep = new AnonymityAnalyzer(List.of("a"), null).report(5, 2);
    assertThat(rep.records()).isZero();
    assertThat(rep.k()).isZero();
    assertThat(rep.l()).isEqualTo(-1);
    assertThat(rep.toMap()).doesNotContainKey("l_diversity");
  }
}
