package se.tillit.fl.coordinator.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategiesTest {

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void names_listsEveryStrategySorted() {
    assertThat(Strategies.names()).containsExactly(
        "fedadagrad", "fedadam", "fedavg", "fedprox", "fedyogi", "krum", "median",
        "trimmed_mean");
  }

  @Test
  void create_eachName_buildsThatStrategyWithFlowerDefaults() {
    for (String name : Strategies.names()) {
      Map<String, Object> section = map("name", name);
      if (name.equals("fedprox")) {
        section.put("mu", 0.01);
      }
      assertThat(Strategies.create(section, null).name()).isEqualTo(name);
    }
    FedYogi yogi = (FedYogi) Strategies.create(map("name", "fedyogi"), null);
    assertThat(yogi.serverLearningRate()).isEqualTo(0.01);
    assertThat(yogi.tau()).isEqualTo(1e-3);
    FedAdam adam = (FedAdam) Strategies.create(map("name", "FedAdam"), null);
    assertThat(adam.beta2()).isEqualTo(0.99);
    assertThat(((TrimmedMean) Strategies.create(map("name", "trimmed_mean"), null)).beta())
        .isEqualTo(0.2);
  }

  @Test
  void create_parameters_applied() {
    Krum krum = (Krum) Strategies.create(map("name", "krum", "f", 2, "m", 3), null);
    FedAdam adam = (FedAdam) Strategies.create(map("name", "fedadam", "server_lr", 0.05,
        "beta1", 0.8, "tau", "1e-6", "accept_failures", false, "min_contributors", 4), null);
    FedAvg avg = (FedAvg) Strategies.create(map("name", "fedavg", "server_lr", 0.5), null);

    assertThat(krum.f()).isEqualTo(2);
    assertThat(krum.m()).isEqualTo(3);
    assertThat(adam.serverLearningRate()).isEqualTo(0.05);
    assertThat(adam.beta1()).isEqualTo(0.8);
    assertThat(adam.tau()).isEqualTo(1e-6);
    assertThat(adam.policy()).isEqualTo(new RoundPolicy(false, 4));
    assertThat(avg.serverLearningRate()).isEqualTo(0.5);
  }

  @Test
  void create_unknownOrMissingName_listsAllowedNames() {
    assertThatThrownBy(() -> Strategies.create(map("name", "fedsgd"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strategy.name must be one of [fedadagrad, fedadam, fedavg, fedprox, fedyogi,"
            + " krum, median, trimmed_mean]. Provided value: fedsgd");
    assertThatThrownBy(() -> Strategies.create(map(), null))
        .hasMessageContaining("strategy.name must be one of")
        .hasMessageContaining("Provided value: null");
  }

  @Test
  void create_unknownKey_listsAllowedKeys() {
    assertThatThrownBy(() -> Strategies.create(map("name", "fedadagrad", "beta2", 0.9), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("strategy key must be one of [accept_failures, beta1, min_contributors, name,"
            + " server_lr, tau] for strategy fedadagrad. Provided value: beta2");
  }

  @Test
  void create_badValues_nameTheKey() {
    assertThatThrownBy(() -> Strategies.create(map("name", "fedavg", "server_lr", -1), null))
        .hasMessage("strategy.server_lr must be positive. Provided value: -1");
    assertThatThrownBy(() -> Strategies.create(map("name", "fedadam", "beta1", 1.5), null))
        .hasMessage("strategy.beta1 must be >= 0 and < 1. Provided value: 1.5");
    assertThatThrownBy(() -> Strategies.create(map("name", "fedadam", "tau", "small"), null))
        .hasMessage("strategy.tau must be a number. Provided value: small");
    assertThatThrownBy(() -> Strategies.create(map("name", "krum", "f", 1.5), null))
        .hasMessage("strategy.f must be an integer >= 0. Provided value: 1.5");
    assertThatThrownBy(() -> Strategies.create(map("name", "fedprox"), null))
        .hasMessage("strategy.mu is required");
    assertThatThrownBy(() -> Strategies.create(map("name", "fedavg", "accept_failures", "yes"), null))
        .hasMessage("strategy.accept_failures must be true or false. Provided value: yes");
    assertThatThrownBy(() -> Strategies.create(map("name", "trimmed_mean", "beta", 0.6), null))
        .hasMessageContaining("beta must be >= 0 and < 0.5");
  }

  @Test
  void create_clientLevelFixed_wrapsInDpFedAvg() {
    Strategy s = Strategies.create(map("name", "fedavg"),
        map("noise_multiplier", 1.0, "clip_norm", 0.5));

    assertThat(s).isInstanceOf(DpFedAvg.class);
    DpFedAvg dp = (DpFedAvg) s;
    assertThat(dp.inner()).isInstanceOf(FedAvg.class);
    assertThat(dp.clipNorm()).isEqualTo(0.5);
    assertThat(dp.isAdaptive()).isFalse();
    assertThat(dp.noiseMultiplier()).isEqualTo(1.0);
  }

  @Test
  void create_clientLevelAdaptive_bothSpellings() {
    DpFedAvg flat = (DpFedAvg) Strategies.create(map("name", "fedadam"),
        map("noise_multiplier", 1.0, "clip", "adaptive", "initial", 0.5,
            "target_quantile", 0.6, "learning_rate", 0.3, "count_noise", 2.0));
    DpFedAvg nested = (DpFedAvg) Strategies.create(map("name", "fedavg"),
        map("noise_multiplier", 1.0, "clip", map("adaptive", map("count_noise", 1.0))));

    assertThat(flat.isAdaptive()).isTrue();
    assertThat(flat.clipNorm()).isEqualTo(0.5);
    assertThat(flat.inner()).isInstanceOf(FedAdam.class);
    assertThat(nested.isAdaptive()).isTrue();
    assertThat(nested.clipNorm()).isEqualTo(0.1); // Andrew et al.'s suggested initial value
  }

  @Test
  void create_clientLevelErrors_explainWhatIsAllowed() {
    Map<String, Object> fedavg = map("name", "fedavg");
    assertThatThrownBy(() -> Strategies.create(fedavg, map("clip_norm", 1.0)))
        .hasMessage("privacy.client_level.noise_multiplier is required");
    assertThatThrownBy(() -> Strategies.create(fedavg, map("noise_multiplier", 0, "clip_norm", 1)))
        .hasMessage("privacy.client_level.noise_multiplier must be positive. Provided value: 0");
    assertThatThrownBy(() -> Strategies.create(fedavg, map("noise_multiplier", 1.0)))
        .hasMessage("privacy.client_level.clip_norm is required");
    assertThatThrownBy(() -> Strategies.create(fedavg,
            map("noise_multiplier", 1.0, "clip", "adaptive")))
        .hasMessageContaining("count_noise is required with adaptive clipping");
    assertThatThrownBy(() -> Strategies.create(fedavg,
            map("noise_multiplier", 1.0, "clip", "adaptive", "clip_norm", 1.0)))
        .hasMessageContaining("either clip_norm (fixed clipping) or clip: adaptive");
    assertThatThrownBy(() -> Strategies.create(fedavg,
            map("noise_multiplier", 1.0, "clip", "fixed")))
        .hasMessageContaining("privacy.client_level.clip must be 'adaptive'");
    assertThatThrownBy(() -> Strategies.create(fedavg,
            map("noise_multiplier", 1.0, "clip_norm", 1.0, "sigma", 2)))
        .hasMessage("privacy.client_level key must be one of [clip_norm, noise_multiplier]."
            + " Provided value: sigma");
  }

  @Test
  void create_robustWithClientLevelDp_refused() {
    for (String robust : new String[] {"median", "trimmed_mean", "krum"}) {
      assertThatThrownBy(() -> Strategies.create(map("name", robust),
              map("noise_multiplier", 1.0, "clip_norm", 1.0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot be combined with the robust strategy " + robust)
          .hasMessageContaining("[fedadagrad, fedadam, fedavg, fedprox, fedyogi]");
    }
  }
}
