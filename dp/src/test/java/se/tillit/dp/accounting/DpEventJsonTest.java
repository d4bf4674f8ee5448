package se.tillit.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DpEventJsonTest {

  static Stream<DpEvent> events() {
    return Stream.of(
        new DpEvent.Gaussian(1.1),
        new DpEvent.Laplace(2.0),
        new DpEvent.NoOp(),
        new DpEvent.PoissonSampled(0.01, new DpEvent.Gaussian(0.8)),
        new DpEvent.SelfComposed(new DpEvent.Laplace(10), 7),
        new DpEvent.Composed(List.of()),
        DpEvent.dpSgd(1.1, 256.0 / 60000, 9375),
        new DpEvent.Composed(
            List.of(
                new DpEvent.Laplace(0.1),
                new DpEvent.Composed(List.of(new DpEvent.NoOp(), new DpEvent.Gaussian(3))),
                new DpEvent.SelfComposed(
                    new DpEvent.PoissonSampled(1.0, new DpEvent.Gaussian(1e-3)), Long.MAX_VALUE))),
        // Doubles that do not print short still come back bit for bit.
        new DpEvent.Gaussian(Math.PI / 3),
        new DpEvent.Laplace(Double.MIN_VALUE),
        new DpEvent.Gaussian(Double.MAX_VALUE),
        new DpEvent.DiscreteGaussian(Math.sqrt(10.0 / 3), 3),
        new DpEvent.DiscreteGaussian(1e-300, Long.MAX_VALUE),
        new DpEvent.DiscreteLaplace(7.0 / 3, 1),
        new DpEvent.DiscreteLaplace(Double.MAX_VALUE, 42),
        new DpEvent.EpsilonDelta(0.0, 0.0),
        new DpEvent.EpsilonDelta(Math.log(3), 1e-9),
        new DpEvent.EpsilonDelta(1.5, Math.nextDown(1.0)),
        new DpEvent.SelfComposed(
            new DpEvent.PoissonSampled(0.25, new DpEvent.DiscreteGaussian(2.5, 2)), 100),
        new DpEvent.Composed(
            List.of(
                new DpEvent.DiscreteLaplace(2, 1),
                new DpEvent.EpsilonDelta(1, 1e-6),
                new DpEvent.Gaussian(1))));
  }

  @ParameterizedTest
  @MethodSource("events")
  void roundTrip_everyVariant_givesEqualEvent(DpEvent event) {
    String json = DpEventJson.toJson(event);

    assertThat(DpEventJson.fromJson(json)).isEqualTo(event);
  }

  @Test
  void toJson_dpSgd_hasDocumentedShape() {
    assertThat(DpEventJson.toJson(DpEvent.dpSgd(1.1, 0.01, 100)))
        .isEqualTo(
            "{\"type\":\"self_composed\",\"count\":100,\"event\":{\"type\":\"poisson_sampled\","
                + "\"sampling_probability\":0.01,\"event\":{\"type\":\"gaussian\","
                + "\"noise_multiplier\":1.1}}}");
    assertThat(DpEventJson.toJson(new DpEvent.Composed(List.of(new DpEvent.NoOp()))))
        .isEqualTo("{\"type\":\"composed\",\"events\":[{\"type\":\"noop\"}]}");
  }

  @Test
  void fromJson_fieldOrderAndWhitespace_ignored() {
    assertThat(DpEventJson.fromJson(" { \"noise_multiplier\" : 2 ,\n \"type\":\"laplace\" } "))
        .isEqualTo(new DpEvent.Laplace(2.0));
  }

  @Test
  void fromJson_notJson_throwsNamingTheProblem() {
    assertThatThrownBy(() -> DpEventJson.fromJson("{\"type\":\"gaussian\","))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DpEvent JSON is not well-formed JSON");
  }

  @Test
  void fromJson_emptyOrNull_throws() {
    assertThatThrownBy(() -> DpEventJson.fromJson(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> DpEventJson.fromJson(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be null");
  }

  @Test
  void fromJson_unknownType_throwsListingKnownTypes() {
    assertThatThrownBy(() -> DpEventJson.fromJson("{\"type\":\"exponential\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.type must be one of [gaussian, laplace, discrete_gaussian, "
            + "discrete_laplace, epsilon_delta, poisson_sampled, self_composed, composed, noop]")
        .hasMessageContaining("Provided value: 'exponential'");
  }

  @Test
  void fromJson_missingField_throwsNamingFieldAndPath() {
    assertThatThrownBy(
            () -> DpEventJson.fromJson(
                "{\"type\":\"composed\",\"events\":[{\"type\":\"noop\"},{\"type\":\"gaussian\"}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DpEvent JSON at $.events[1] is missing field 'noise_multiplier'");
  }

  @Test
  void fromJson_missingType_throws() {
    assertThatThrownBy(() -> DpEventJson.fromJson("{\"noise_multiplier\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at $ is missing field 'type'");
  }

  @Test
  void fromJson_wrongValueType_throwsNamingPathAndValue() {
    assertThatThrownBy(() -> DpEventJson.fromJson("{\"type\":\"laplace\",\"noise_multiplier\":\"2\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DpEvent JSON at $.noise_multiplier must be a number. Provided value: \"2\"");
    assertThatThrownBy(
            () -> DpEventJson.fromJson(
                "{\"type\":\"self_composed\",\"count\":2.5,\"event\":{\"type\":\"noop\"}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DpEvent JSON at $.count must be an integer. Provided value: 2.5");
    assertThatThrownBy(() -> DpEventJson.fromJson("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DpEvent JSON at $ must be an object. Provided value: [1,2]");
  }

  @Test
  void fromJson_invalidParameter_throwsWithEventCheckMessage() {
    assertThatThrownBy(
            () -> DpEventJson.fromJson(
                "{\"type\":\"poisson_sampled\",\"sampling_probability\":1.5,"
                    + "\"event\":{\"type\":\"noop\"}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at $ (type poisson_sampled) is invalid")
        .hasMessageContaining("sampling rate must be > 0 and <= 1. Provided value: 1.5");
    assertThatThrownBy(() -> DpEventJson.fromJson("{\"type\":\"gaussian\",\"noise_multiplier\":-1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("noise multiplier must be > 0 and < infinity. Provided value: -1.0");
    assertThatThrownBy(
            () -> DpEventJson.fromJson("{\"type\":\"gaussian\",\"noise_multiplier\":1e999}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Provided value: Infinity");
  }

  @Test
  void fromJson_unknownField_throwsNamingIt() {
    assertThatThrownBy(
            () -> DpEventJson.fromJson("{\"type\":\"laplace\",\"noise_multiplier\":1,\"scale\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field 'scale'");
  }

  @Test
  void fromJson_nanToken_rejected() {
    assertThatThrownBy(() -> DpEventJson.fromJson("{\"type\":\"laplace\",\"noise_multiplier\":NaN}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DpEvent JSON is not well-formed JSON");
  }

  @Test
  void toJson_null_throws() {
    assertThatThrownBy(() -> DpEventJson.toJson(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event must not be null. Provided value: null");
  }

  @Test
  void toJson_discreteAndEpsilonDeltaEvents_haveDocumentedShape() {
    assertThat(DpEventJson.toJson(new DpEvent.DiscreteGaussian(3.5, 2)))
        .isEqualTo("{\"type\":\"discrete_gaussian\",\"sigma\":3.5,\"sensitivity\":2}");
    assertThat(DpEventJson.toJson(new DpEvent.DiscreteLaplace(4.0, 1)))
        .isEqualTo("{\"type\":\"discrete_laplace\",\"scale\":4.0,\"sensitivity\":1}");
    assertThat(DpEventJson.toJson(new DpEvent.EpsilonDelta(1.0, 1e-6)))
        .isEqualTo("{\"type\":\"epsilon_delta\",\"epsilon\":1.0,\"delta\":1.0E-6}");
  }

  @Test
  void fromJson_discreteGaussianSensitivityNotInteger_throwsNamingPath() {
    assertThatThrownBy(
            () -> DpEventJson.fromJson(
                "{\"type\":\"discrete_gaussian\",\"sigma\":2,\"sensitivity\":1.5}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DpEvent JSON at $.sensitivity must be an integer. Provided value: 1.5");
  }

  @Test
  void fromJson_discreteEventsMissingField_throwsNamingField() {
    assertThatThrownBy(
            () -> DpEventJson.fromJson("{\"type\":\"discrete_laplace\",\"scale\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DpEvent JSON at $ is missing field 'sensitivity'");
    assertThatThrownBy(() -> DpEventJson.fromJson("{\"type\":\"epsilon_delta\",\"epsilon\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DpEvent JSON at $ is missing field 'delta'");
  }

  @Test
  void fromJson_discreteAndEpsilonDeltaInvalidValues_throwWithEventCheckMessage() {
    assertThatThrownBy(
            () -> DpEventJson.fromJson(
                "{\"type\":\"discrete_gaussian\",\"sigma\":2,\"sensitivity\":0}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at $ (type discrete_gaussian) is invalid")
        .hasMessageContaining("sensitivity must be >= 1. Provided value: 0");
    assertThatThrownBy(
            () -> DpEventJson.fromJson(
                "{\"type\":\"discrete_laplace\",\"scale\":-2,\"sensitivity\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale must be > 0 and < infinity. Provided value: -2.0");
    assertThatThrownBy(
            () -> DpEventJson.fromJson("{\"type\":\"epsilon_delta\",\"epsilon\":1,\"delta\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at $ (type epsilon_delta) is invalid")
        .hasMessageContaining("delta must be >= 0 and < 1. Provided value: 1.0");
  }

  @Test
  void fromJson_discreteGaussianExtraField_throwsNamingIt() {
    assertThatThrownBy(
            () -> DpEventJson.fromJson(
                "{\"type\":\"discrete_gaussian\",\"sigma\":2,\"sensitivity\":1,"
                    + "\"noise_multiplier\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown field 'noise_multiplier'");
  }
}
