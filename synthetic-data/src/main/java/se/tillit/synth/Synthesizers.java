package se.tillit.synth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import se.tillit.synth.classical.CartSynthesizer;
import se.tillit.synth.classical.GaussianCopulaSynthesizer;
import se.tillit.synth.dp.AimSynthesizer;
import se.tillit.synth.dp.MarginalSynthesizer;
import se.tillit.synth.dp.MstSynthesizer;
import se.tillit.synth.dp.PrivBayesSynthesizer;
import se.tillit.synth.encode.DpMarginalAdapter;

/** The synthesizers by their command-line names: mst, aim, privbayes, cart, copula. */
public final class Synthesizers {
  /** DP methods, each wrapped in a {@link DpMarginalAdapter} that encodes by the schema. */
  private static final Map<String, Supplier<MarginalSynthesizer>> DP_FACTORIES =
      Map.of(
          "mst", MstSynthesizer::create,
          "aim", AimSynthesizer::create,
          "privbayes", PrivBayesSynthesizer::create);

  private static final Map<String, Supplier<Synthesizer>> CLASSICAL = new LinkedHashMap<>();

  static {
    CLASSICAL.put("cart", () -> CartSynthesizer.builder().build());
    CLASSICAL.put("copula", GaussianCopulaSynthesizer::new);
  }

  /** Every method name, DP first. */
  public static final List<String> METHODS = List.of("mst", "aim", "privbayes", "cart", "copula");

  private Synthesizers() {}

  /** Whether {@code method} names a differentially private method. */
  public static boolean isDifferentiallyPrivate(String method) {
    String m = normalize(method);
    return DP_FACTORIES.containsKey(m);
  }

  /**
   * The synthesizer for {@code method} with default settings.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   */
  public static Synthesizer byName(String method) {
    String m = normalize(method);
    Supplier<Synthesizer> classical = CLASSICAL.get(m);
    if (classical != null) {
      return classical.get();
    }
    return new DpMarginalAdapter(DP_FACTORIES.get(m).get());
  }

  private static String normalize(String method) {
    String m = method == null ? "" : method.toLowerCase(Locale.ROOT).trim();
    if (!METHODS.contains(m)) {
      throw new IllegalArgumentException(
          "method must be one of " + METHODS + ". Provided value: " + method);
    }
    return m;
  }
}
