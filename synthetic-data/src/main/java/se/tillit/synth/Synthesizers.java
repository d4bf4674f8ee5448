package se.tillit.synth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import se.tillit.synth.classical.CartSynthesizer;
import se.tillit.synth.classical.GaussianCopulaSynthesizer;
import se.tillit.synth.dp.MarginalSynthesizer;
import se.tillit.synth.encode.DpMarginalAdapter;

/** The synthesizers by their command-line names: mst, aim, privbayes, cart, copula. */
public final class Synthesizers {
  /**
   * DP methods: name -> class implementing {@link MarginalSynthesizer} with a public no-argument
   * constructor, wrapped in a {@link DpMarginalAdapter}. Resolved by name so that this module
   * compiles before they exist.
   *
   * <p>TODO(lead): after merging the DP synthesizers, replace each entry by a direct constructor
   * reference ({@code "mst", MstSynthesizer::new}) in {@link #DP_FACTORIES} and drop the reflection.
   */
  private static final Map<String, String> DP_CLASSES = Map.of(
      "mst", "se.tillit.synth.dp.MstSynthesizer",
      "aim", "se.tillit.synth.dp.AimSynthesizer",
      "privbayes", "se.tillit.synth.dp.PrivBayesSynthesizer");

  /** DP methods with a compile-time factory (filled by the lead; takes precedence). */
  private static final Map<String, Supplier<MarginalSynthesizer>> DP_FACTORIES = Map.of();

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
    return DP_CLASSES.containsKey(m) || DP_FACTORIES.containsKey(m);
  }

  /**
   * The synthesizer for {@code method} with default settings.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
   * @throws IllegalStateException if a DP method is not part of this build
   */
  public static Synthesizer byName(String method) {
    String m = normalize(method);
    Supplier<Synthesizer> classical = CLASSICAL.get(m);
    if (classical != null) {
      return classical.get();
    }
    Supplier<MarginalSynthesizer> factory = DP_FACTORIES.get(m);
    if (factory != null) {
      return new DpMarginalAdapter(factory.get());
    }
    String cls = DP_CLASSES.get(m);
    try {
      Object o = Class.forName(cls).getConstructor().newInstance();
      return new DpMarginalAdapter((MarginalSynthesizer) o);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "method " + m + " is not available in this build (" + cls + " missing)", e);
    }
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
