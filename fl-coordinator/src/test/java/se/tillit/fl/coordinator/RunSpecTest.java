package se.tillit.fl.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunSpecTest {
  private static final String FULL = """
      name: income-mlp
      rounds: 10
      seed: 42
      sampling: {min_clients: 3, fraction: 0.5, allow: [skatteverket, fk]}
      deadline: 2m
      quorum: 2
      evaluate_every: 1
      strategy: {name: fedprox, mu: 0.01}
      train: {local_epochs: 2, batch_size: 64, learning_rate: 0.05}
      privacy:
        client_level: {noise_multiplier: 1.0, clip_norm: 1.0}
        record_level: {noise_multiplier: 1.1, max_grad_norm: 1.0, delta: 1e-5}
      model: {type: mlp, hidden: [32], seed: 42}
      features: {label: income, classes: ["<=50K", ">50K"]}
      """;

  @Test
  void parse_fullRunFile_allFieldsRead() {
    RunSpec s = RunSpec.parse(FULL);
    assertThat(s.name()).isEqualTo("income-mlp");
    assertThat(s.rounds()).isEqualTo(10);
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.sampling().minClients()).isEqualTo(3);
    assertThat(s.sampling().fraction()).isEqualTo(0.5);
    assertThat(s.sampling().allow()).containsExactly("skatteverket", "fk");
    assertThat(s.deadline()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.quorum()).isEqualTo(2);
    assertThat(s.evaluateEvery()).isEqualTo(1);
    assertThat(s.strategyName()).isEqualTo("fedprox");
    assertThat(s.strategy()).containsEntry("mu", 0.01);
    assertThat(s.train().localEpochs()).isEqualTo(2);
    assertThat(s.train().batchSize()).isEqualTo(64);
    assertThat(s.train().config()).containsEntry(RunSpec.CONFIG_SEED, 42L)
        .containsEntry(RunSpec.CONFIG_MODEL, "{\"type\":\"mlp\",\"hidden\":[32],\"seed\":42}");
    assertThat(s.recordLevel()).isEqualTo(new RunSpec.RecordLevelDp(1.1, 1.0, 1e-5));
    assertThat(s.privacy()).containsKey("client_level");
    assertThat(s.features()).containsEntry("label", "income");
    assertThat(s.toYaml()).isEqualTo(FULL);
    assertThat(RunSpec.parse(s.toYaml()).rounds()).isEqualTo(10);
  }

  @Test
  void parse_minimal_defaults() {
    RunSpec s = RunSpec.parse("name: x\nrounds: 1\nstrategy: {name: fedavg}\n");
    assertThat(s.sampling().minClients()).isEqualTo(1);
    assertThat(s.sampling().fraction()).isEqualTo(1.0);
    assertThat(s.quorum()).isEqualTo(1);
    assertThat(s.deadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.evaluateEvery()).isZero();
    assertThat(s.maxRoundAttempts()).isEqualTo(3);
    assertThat(s.recordLevel()).isNull();
  }

  @Test
  void parse_durations_msSecondsMinutes() {
    assertThat(RunSpec.parse("name: x\nrounds: 1\ndeadline: 500ms\nstrategy: {name: a}\n")
        .deadline()).isEqualTo(Duration.ofMillis(500));
    assertThat(RunSpec.parse("name: x\nrounds: 1\ndeadline: 60s\nstrategy: {name: a}\n")
        .deadline()).isEqualTo(Duration.ofSeconds(60));
  }

  private static void bad(String yaml, String message) {
    assertThatThrownBy(() -> RunSpec.parse(yaml))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void parse_badValues_errorsNameFieldAndAllowedRange() {
    String ok = "strategy: {name: fedavg}\n";
    bad("rounds: 1\n" + ok, "name is required, e.g. income-mlp. Provided value: none");
    bad("name: x\n" + ok, "rounds is required: the number of training rounds, >= 1 and <= 1000000."
        + " Provided value: none");
    bad("name: x\nrounds: 0\n" + ok, "rounds must be >= 1 and <= 1000000. Provided value: 0");
    bad("name: x\nrounds: many\n" + ok,
        "rounds must be a whole number >= 1 and <= 1000000. Provided value: many");
    bad("name: x\nrounds: 1\nsampling: {fraction: 0}\n" + ok,
        "sampling.fraction must be > 0 and <= 1. Provided value: 0.0");
    bad("name: x\nrounds: 1\nsampling: {min_clients: 2}\nquorum: 3\n" + ok,
        "quorum must be >= 1 and <= sampling.min_clients (2), or a round could never reach it."
            + " Provided value: 3");
    bad("name: x\nrounds: 1\ndeadline: 60\n" + ok, "deadline must be a duration with a unit: ms,"
        + " s, m, h or d (e.g. 60s, 2m, 500ms). Provided value: 60");
    bad("name: x\nrounds: 1\n", "strategy.name is required, e.g. fedavg. Provided value: none");
    bad("name: x\nrounds: 1\nrund: 3\n" + ok, "the top level must only have the keys [deadline,"
        + " evaluate_every, features, max_round_attempts, model, name, privacy, quorum, rounds,"
        + " sampling, seed, strategy, train]. Provided value: unknown key 'rund'");
    bad("name: x\nrounds: 1\nprivacy: {record_level: {noise_multiplier: 1, max_grad_norm: 1,"
        + " delta: 2}}\n" + ok, "privacy.record_level.delta must be > 0 and < 1. Provided value: 2.0");
    bad("name: x\nrounds: 1\ntrain: {learning_rate: -1}\n" + ok,
        "train.learning_rate must be > 0. Provided value: -1.0");
    bad("- a\n- b\n", "run file must be a YAML mapping (key: value lines). Provided value: a list");
  }
}
