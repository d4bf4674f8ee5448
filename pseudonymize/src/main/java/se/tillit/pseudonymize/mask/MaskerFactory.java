package se.tillit.pseudonymize.mask;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import se.tillit.pseudonymize.EntityRecognizer;
import se.tillit.pseudonymize.EntityType;

/**
 * Builds the {@link TextMasker} that the command line and the masking service use, from the
 * recognisers installed on the class path: every {@link EntityRecognizer} registered in a {@code
 * META-INF/services/se.tillit.pseudonymize.EntityRecognizer} file (a public class with a public
 * no-argument constructor), in class-path order.
 */
public final class MaskerFactory {
  private MaskerFactory() {}

  /** The installed recognisers, all types enabled, numbered placeholders. */
  public static TextMasker defaultMasker() {
    return builderWithInstalledRecognizers().build();
  }

  /** The installed recognisers masking only {@code types}. */
  public static TextMasker defaultMasker(Collection<EntityType> types) {
    return builderWithInstalledRecognizers().enabledTypes(types).build();
  }

  /** A builder holding the installed recognisers, for callers that set more options. */
  public static TextMasker.Builder builderWithInstalledRecognizers() {
    return TextMasker.builder().addRecognizers(installedRecognizers());
  }

  /**
   * The recognisers registered through {@link ServiceLoader} with this class's class loader.
   *
   * @throws IllegalStateException if none is installed or one cannot be created
   */
  public static List<EntityRecognizer> installedRecognizers() {
    List<EntityRecognizer> out = new ArrayList<>();
    try {
      for (EntityRecognizer r :
          ServiceLoader.load(EntityRecognizer.class, MaskerFactory.class.getClassLoader())) {
        out.add(r);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "an installed entity recogniser could not be loaded: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(
          "no entity recognisers are installed (none registered in META-INF/services/"
              + EntityRecognizer.class.getName() + ")");
    }
    return out;
  }
}
