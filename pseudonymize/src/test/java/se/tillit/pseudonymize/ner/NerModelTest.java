package se.tillit.pseudonymize.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import se.tillit.pseudonymize.EntitySpan;
import se.tillit.pseudonymize.EntityType;
import se.tillit.pseudonymize.ner.internal.FeatureHasher;

/** Training, layout, persistence and recogniser tests on small synthetic data and a tiny net. */
class NerModelTest {
  private static final NerConfig SMALL =
      NerConfig.builder().buckets(1024).window(1).hiddenSize(16).contextSize(8).build();

  private static final String[] FIRST = {"Anna", "Erik", "Maria", "Lars", "Karin", "Johan",
      "Eva", "Nils", "Sara", "Olof"};
  private static final String[] LAST = {"Andersson", "Berg", "Lindqvist", "Nyström", "Holm",
      "Ek", "Sjöberg", "Wallin"};
  private static final String[] CITY = {"Stockholm", "Umeå", "Malmö", "Luleå", "Visby",
      "Kiruna"};
  private static final String[] ORGS = {"Skatteverket", "Försäkringskassan", "Volvo", "Ikea"};

  static List<LabeledSentence> synthetic(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    List<LabeledSentence> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> tok = new ArrayList<>();
      List<NerTag> tag = new ArrayList<>();
      add(tok, tag, FIRST[r.nextInt(FIRST.length)], NerTag.PER);
      add(tok, tag, LAST[r.nextInt(LAST.length)], NerTag.PER);
      for (String w : new String[] {"arbetar", "på"}) {
        add(tok, tag, w, NerTag.O);
      }
      add(tok, tag, ORGS[r.nextInt(ORGS.length)], NerTag.ORG);
      for (String w : new String[] {"och", "bor", "i"}) {
        add(tok, tag, w, NerTag.O);
      }
      add(tok, tag, CITY[r.nextInt(CITY.length)], NerTag.LOC);
      add(tok, tag, ".", NerTag.O);
      out.add(new LabeledSentence(tok, tag));
    }
    return out;
  }

  private static void add(List<String> tok, List<NerTag> tag, String w, NerTag t) {
    tok.add(w);
    tag.add(t);
  }

  private static NerModel model;

  @BeforeAll
  static void trainSmall() {
    model =
        NerTrainer.builder()
            .config(SMALL)
            .epochs(4)
            .seed(7)
            .batchSize(20)
            .learningRate(0.03)
            .build()
            .train(synthetic(200, 1), List.of());
  }

  @Test
  void train_fewHundredSentences_learnsTheirPattern() {
    NerEvaluation e = NerEvaluator.evaluate(model, synthetic(50, 99));
    assertThat(e.entity(NerTag.PER).f1()).isGreaterThanOrEqualTo(0.8);
    assertThat(e.tokenAccuracy()).isGreaterThan(0.9);
  }

  @Test
  void hash_sameTokensTwice_givesSameFeatures() {
    FeatureHasher h = new FeatureHasher(4096, 2, 48, NerConfig.HASH_SEED);
    List<String> s = List.of("Anna", "bor", "i", "Umeå", ".");
    int[] a = h.hash(s);
    int[] b = new FeatureHasher(4096, 2, 48, NerConfig.HASH_SEED).hash(s);
    assertThat(a).containsExactly(b);
    assertThat(a).hasSize(5 * 48);
    for (int i : a) {
      assertThat(i).isBetween(0, 4096); // 4096 is the padding index
    }
    // Token 0's first slots: bias, then the lower-cased word; buckets fixed by the documented hash.
    assertThat(a[0]).isEqualTo(h.bucketOf("b"));
    assertThat(a[1]).isEqualTo(h.bucketOf("w=anna"));
    assertThat(h.bucketOf("w=anna"))
        .isEqualTo(se.tillit.pseudonymize.ner.internal.MurmurHash3.hash32("w=anna",
            NerConfig.HASH_SEED) & 4095);
    // A token's features do not depend on tokens outside the window.
    int[] c = h.hash(List.of("Anna", "bor", "i", "Umeå", ".", "Helt", "annat"));
    assertThat(java.util.Arrays.copyOf(c, 48)).containsExactly(java.util.Arrays.copyOf(a, 48));
  }

  @Test
  void hash_namesFromTheLists_getNameFeatures() {
    FeatureHasher h = new FeatureHasher(1 << 16, 2, 48, NerConfig.HASH_SEED);
    int[] f = h.hash(List.of("Hej", "Anna", "Svensson", "och", "kollegan"));
    assertThat(slots(f, 1)).contains(h.bucketOf("name=g&cap"), h.bucketOf("name@1=s"));
    assertThat(slots(f, 2)).contains(h.bucketOf("name=s&cap"), h.bucketOf("name@-1=g"));
    int[] plain = h.hash(List.of("Hej", "kollegan"));
    for (String feature : new String[] {"name=g&cap", "name=s&cap", "name@1=s", "name@-1=g"}) {
      assertThat(plain).doesNotContain(h.bucketOf(feature));
    }
  }

  @Test
  void hash_genitiveOfListedName_getsGenitiveFeature() {
    FeatureHasher h = new FeatureHasher(1 << 16, 2, 48, NerConfig.HASH_SEED);
    int[] f = h.hash(List.of("Anderssons", "bil", "och", "Nguyen:s", "tal", "och", "fatimas"));
    assertThat(slots(f, 0)).contains(h.bucketOf("gen=s&cap"));
    assertThat(slots(f, 3)).contains(h.bucketOf("gen=s&cap"));
    assertThat(slots(f, 6)).contains(h.bucketOf("gen=g"));
    // A listed name ending in s ("Lars") is a name, not a genitive; plain words get nothing.
    int[] g = h.hash(List.of("Lars", "hus"));
    assertThat(slots(g, 0)).doesNotContain(h.bucketOf("gen=g&cap"), h.bucketOf("gen=s&cap"));
    assertThat(slots(g, 1)).doesNotContain(h.bucketOf("gen=s"), h.bucketOf("gen=g"));
  }

  @Test
  void hash_nameTwoTokensAway_getsOffsetTwoFeatures() {
    FeatureHasher h = new FeatureHasher(1 << 16, 2, 48, NerConfig.HASH_SEED);
    int[] f = h.hash(List.of("Anna", "Maria", "Svensson", "kom"));
    assertThat(slots(f, 0)).contains(h.bucketOf("name@2=s"));
    assertThat(slots(f, 2)).contains(h.bucketOf("name@-2=g"));
    assertThat(slots(f, 3)).doesNotContain(h.bucketOf("name@2=s"));
  }

  @Test
  void hash_tokenAfterTitle_getsTitleFeature() {
    FeatureHasher h = new FeatureHasher(1 << 16, 2, 48, NerConfig.HASH_SEED);
    int[] f = h.hash(List.of("enligt", "statsminister", "Gnirps", "Tsal", "och", "VD", "X"));
    assertThat(slots(f, 2)).contains(h.bucketOf("title@-1"));
    assertThat(slots(f, 3)).contains(h.bucketOf("title@-2"));
    assertThat(slots(f, 6)).contains(h.bucketOf("title@-1"));
    assertThat(slots(f, 1)).doesNotContain(h.bucketOf("title@-1"), h.bucketOf("title@-2"));
  }

  private static java.util.List<Integer> slots(int[] features, int token) {
    java.util.List<Integer> out = new ArrayList<>();
    for (int k = token * 48; k < (token + 1) * 48; k++) {
      out.add(features[k]);
    }
    return out;
  }

  @Test
  void predict_javaArrays_matchDl4jNetwork() {
    List<List<String>> sentences = new ArrayList<>();
    for (LabeledSentence s : synthetic(5, 17)) {
      sentences.add(s.tokens());
    }
    sentences.add(List.of("Ett", "helt", "okänt", "Ord"));
    List<float[][]> mine = model.probabilities(sentences);
    List<float[][]> dl4j = model.probabilitiesWithDl4j(sentences);
    for (int s = 0; s < sentences.size(); s++) {
      for (int t = 0; t < sentences.get(s).size(); t++) {
        for (int c = 0; c < NerTag.values().length; c++) {
          assertThat(mine.get(s)[t][c]).isCloseTo(dl4j.get(s)[t][c], within(1e-5f));
        }
      }
    }
  }

  @Test
  void train_differentData_givesIdenticalParameterLayout() {
    List<LabeledSentence> other = new ArrayList<>();
    other.add(new LabeledSentence(List.of("Helt", "annan", "text", "om", "Gotland"),
        List.of(NerTag.O, NerTag.O, NerTag.O, NerTag.O, NerTag.LOC)));
    NerModel m2 =
        NerTrainer.builder().config(SMALL).epochs(1).seed(123).build().train(other, List.of());
    assertThat(m2.parameterCount()).isEqualTo(model.parameterCount());
    assertThat(m2.parameters().shape()).isEqualTo(model.parameters().shape());
    Map<String, INDArray> t1 = model.network().paramTable();
    Map<String, INDArray> t2 = m2.network().paramTable();
    assertThat(t2.keySet()).containsExactlyElementsOf(t1.keySet());
    for (String k : t1.keySet()) {
      assertThat(t2.get(k).shape()).as(k).isEqualTo(t1.get(k).shape());
    }
    Layer first = model.network().getLayer(0);
    assertThat(first.getParam("W").shape()).containsExactly(1024L, 16L);
  }

  @Test
  void train_sameSeedTwice_givesIdenticalParameters() {
    NerTrainer trainer =
        NerTrainer.builder().config(SMALL).epochs(1).seed(11).batchSize(20).build();
    NerModel a = trainer.train(synthetic(40, 2), List.of());
    NerModel b = trainer.train(synthetic(40, 2), List.of());
    assertThat(b.parameters()).isEqualTo(a.parameters());
  }

  @Test
  void saveLoad_roundTrip_givesIdenticalPredictions(@TempDir Path dir) {
    Path file = dir.resolve("model.zip");
    model.save(file);
    NerModel loaded = NerModel.load(file);
    assertThat(loaded.config()).isEqualTo(model.config());
    List<List<String>> sentences = new ArrayList<>();
    for (LabeledSentence s : synthetic(20, 5)) {
      sentences.add(s.tokens());
    }
    sentences.add(List.of());
    sentences.add(List.of("Ett", "helt", "okänt", "Ord"));
    assertThat(loaded.predictAll(sentences)).isEqualTo(model.predictAll(sentences));
    assertThat(loaded.parameters()).isEqualTo(model.parameters());
  }

  @Test
  void predict_longSentence_isCutAndFullyTagged() {
    NerModel m = model.withConfig(SMALL.toBuilder().maxSequenceLength(8).build());
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      tokens.add(i % 3 == 0 ? "Anna" : "och");
    }
    assertThat(m.predict(tokens)).hasSize(30);
  }

  @Test
  void recognize_text_mapsTagsToEntityTypesWithOffsets() {
    NerRecognizer r = new NerRecognizer(model);
    String text = "Maria Holm arbetar på Volvo och bor i Luleå .";
    List<EntitySpan> spans = r.recognize(text);
    assertThat(r.name()).isEqualTo("ner");
    assertThat(r.types())
        .containsExactlyInAnyOrder(EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE);
    assertThat(spans).isNotEmpty();
    for (EntitySpan s : spans) {
      assertThat(s.source()).isEqualTo(EntitySpan.MODEL);
      assertThat(s.confidence()).isBetween(0.0, 1.0);
    }
    assertThat(spans)
        .anySatisfy(
            s -> {
              assertThat(s.type()).isEqualTo(EntityType.PERSON);
              assertThat(text.substring(s.start(), s.end())).isEqualTo("Maria Holm");
            });
    assertThat(spans)
        .anySatisfy(
            s -> {
              assertThat(s.type()).isEqualTo(EntityType.PLACE);
              assertThat(text.substring(s.start(), s.end())).isEqualTo("Luleå");
            });
    assertThat(r.recognize("")).isEmpty();
  }

  @Test
  void load_missingOrCorruptFile_givesClearError(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> NerModel.load(dir.resolve("absent.zip")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.zip");
    Path junk = dir.resolve("junk.zip");
    Files.writeString(junk, "not a model");
    assertThatThrownBy(() -> NerModel.load(junk))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junk.zip");
  }

  @Test
  void configBuilder_badValues_throwNamingParameter() {
    assertThatThrownBy(() -> NerConfig.builder().buckets(1000))
        .hasMessageContaining("buckets")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> NerConfig.builder().window(9)).hasMessageContaining("window");
    assertThatThrownBy(() -> NerConfig.builder().personThreshold(0))
        .hasMessageContaining("personThreshold");
    assertThatThrownBy(() -> NerTrainer.builder().epochs(0)).hasMessageContaining("epochs");
    assertThat(NerConfig.fromJson(SMALL.toJson())).isEqualTo(SMALL);
  }
}
