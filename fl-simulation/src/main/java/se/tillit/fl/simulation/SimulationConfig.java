package se.tillit.fl.simulation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.ModelSpec;
import se.tillit.fl.model.Table;

/**
 * What a {@link Simulation} runs: the table, label and clients, the partitioning, the run's
 * rounds, strategy, local training and privacy settings. Built with {@link #builder()}; every
 * setting is checked when set, with a message naming the setting and what is allowed.
 */
public final class SimulationConfig {

  /** Client-level DP-FedAvg: clipping at the client, Gaussian noise at the server. */
  public record ClientLevel(double noiseMultiplier, double clipNorm, boolean adaptive,
      double targetQuantile, double delta) {
    public ClientLevel {
      check(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier),
          "client-level noise multiplier must be finite and >= 0", noiseMultiplier);
      check(clipNorm > 0 && Double.isFinite(clipNorm), "clip norm must be positive and finite", clipNorm);
      check(delta > 0 && delta < 1, "delta must be in (0, 1)", delta);
      check(targetQuantile > 0 && targetQuantile < 1, "target quantile must be in (0, 1)", targetQuantile);
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("noise_multiplier", noiseMultiplier);
      if (adaptive) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("initial", clipNorm);
        a.put("target_quantile", targetQuantile);
        a.put("learning_rate", 0.2);
        // Andrew et al. 2021 suggest sigma_b = expected clients / 20; it must exceed z / 2.
        a.put("count_noise", Math.max(noiseMultiplier, 0.5));
        m.put("clip", Map.of("adaptive", a));
      } else {
        m.put("clip_norm", clipNorm);
      }
      return m;
    }
  }

  /** Record-level DP-SGD at every client, charged to its own ledger with this budget. */
  public record RecordLevel(double noiseMultiplier, double maxGradNorm, double delta,
      double budgetEpsilon) {
    public RecordLevel {
      check(noiseMultiplier > 0 && Double.isFinite(noiseMultiplier),
          "record-level noise multiplier must be positive and finite", noiseMultiplier);
      check(maxGradNorm > 0 && Double.isFinite(maxGradNorm), "max grad norm must be positive", maxGradNorm);
      check(delta > 0 && delta < 1, "delta must be in (0, 1)", delta);
      check(budgetEpsilon > 0 && Double.isFinite(budgetEpsilon), "budget epsilon must be positive",
          budgetEpsilon);
    }
  }

  private final Table data;
  private final String label;
  private final FeatureSchema schema;
  private final int clients;
  private final int rounds;
  private final Partitioner partitioner;
  private final Map<String, Object> strategy;
  private final ClientLevel clientLevel;
  private final RecordLevel recordLevel;
  private final boolean baseline;
  private final long seed;
  private final ModelSpec model;
  private final int localEpochs;
  private final int batchSize;
  private final double learningRate;
  private final double testFraction;
  private final double fraction;
  private final Duration roundDeadline;
  private final Duration timeout;
  private final int minRowsPerClient;
  private final int trainingThreads;
  private final List<String> clientNames;
  private final List<Table> clientTables;
  private final int maxSteps;
  private final int baselineEpochs;
  private final int evaluateEvery;

  private SimulationConfig(Builder b) {
    this.data = Objects.requireNonNull(b.data, "data");
    this.label = Objects.requireNonNull(b.label, "label");
    data.columnIndex(label);
    this.schema = b.schema;
    this.clients = b.clients;
    this.rounds = b.rounds;
    this.partitioner = b.partitioner;
    this.strategy = Map.copyOf(b.strategy);
    this.clientLevel = b.clientLevel;
    this.recordLevel = b.recordLevel;
    if (clientLevel != null && recordLevel != null) {
      throw new IllegalArgumentException("choose client-level DP or record-level DP, not both");
    }
    this.baseline = b.baseline;
    this.seed = b.seed;
    this.model = b.model;
    this.localEpochs = b.localEpochs;
    this.batchSize = b.batchSize;
    this.learningRate = b.learningRate;
    this.testFraction = b.testFraction;
    this.fraction = b.fraction;
    this.roundDeadline = b.roundDeadline;
    this.timeout = b.timeout;
    this.minRowsPerClient = b.minRowsPerClient;
    this.trainingThreads = b.trainingThreads;
    this.clientNames = b.clientNames;
    this.clientTables = b.clientTables;
    this.maxSteps = b.maxSteps;
    this.evaluateEvery = b.evaluateEvery;
    this.baselineEpochs = b.baselineEpochs > 0 ? b.baselineEpochs
        : Math.min(MAX_DEFAULT_BASELINE_EPOCHS, b.rounds * b.localEpochs);
    if (clientNames != null && clientNames.size() != clients) {
      throw new IllegalArgumentException(
          clientNames.size() + " client names given for " + clients + " clients");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Table data() { return data; }
  public String label() { return label; }
  /** The public schema to use, or null to infer it from the clients' data. */
  public FeatureSchema schema() { return schema; }
  public int clients() { return clients; }
  public int rounds() { return rounds; }
  public Partitioner partitioner() { return partitioner; }
  public Map<String, Object> strategy() { return strategy; }
  public ClientLevel clientLevel() { return clientLevel; }
  public RecordLevel recordLevel() { return recordLevel; }
  public boolean baseline() { return baseline; }
  public long seed() { return seed; }
  public ModelSpec model() { return model; }
  public int localEpochs() { return localEpochs; }
  public int batchSize() { return batchSize; }
  public double learningRate() { return learningRate; }
  public double testFraction() { return testFraction; }
  public double fraction() { return fraction; }
  public Duration roundDeadline() { return roundDeadline; }
  public Duration timeout() { return timeout; }
  public int minRowsPerClient() { return minRowsPerClient; }
  public int trainingThreads() { return trainingThreads; }
  /** Each client's own table (then {@link #data()} is their union), or null to partition. */
  public List<Table> clientTables() { return clientTables; }
  /** A federated evaluation round (on the clients' own evaluation rows) every N rounds; 0: none. */
  public int evaluateEvery() { return evaluateEvery; }

  /** Epochs of the centralised baseline. */
  public int baselineEpochs() { return baselineEpochs; }

  /** The baseline's default epochs: rounds times local epochs, at most this many. */
  public static final int MAX_DEFAULT_BASELINE_EPOCHS = 20;

  /** Upper bound on local optimiser steps per round; 0 for none. */
  public int maxSteps() { return maxSteps; }

  /** The delta at which epsilon is reported, or NaN without DP. */
  public double deltaForReport() {
    return clientLevel != null ? clientLevel.delta()
        : recordLevel != null ? recordLevel.delta() : Double.NaN;
  }

  /** The id of client {@code index}: a given name, or {@code client-0001} and so on. */
  public String clientName(int index) {
    if (clientNames != null) {
      return clientNames.get(index);
    }
    return String.format(java.util.Locale.ROOT, "client-%04d", index + 1);
  }

  private static void check(boolean ok, String what, double value) {
    if (!ok) {
      throw new IllegalArgumentException(what + ". Provided value: " + value);
    }
  }

  /** Builder with the defaults of {@code tillit simulate}. */
  public static final class Builder {
    private Table data;
    private String label;
    private FeatureSchema schema;
    private int clients = 5;
    private int rounds = 10;
    private Partitioner partitioner = Partitioner.parse("iid");
    private Map<String, Object> strategy = Map.of("name", "fedavg");
    private ClientLevel clientLevel;
    private RecordLevel recordLevel;
    private boolean baseline;
    private long seed = 42;
    private ModelSpec model = ModelSpec.mlp(List.of(32), "relu", 42);
    private int localEpochs = 1;
    private int batchSize = 32;
    private double learningRate = 0.05;
    private double testFraction = 0.2;
    private double fraction = 1.0;
    private Duration roundDeadline = Duration.ofMinutes(5);
    private Duration timeout = Duration.ofHours(2);
    private int minRowsPerClient = 10;
    private int trainingThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private List<String> clientNames;
    private List<Table> clientTables;
    private int maxSteps;
    private int baselineEpochs;
    private int evaluateEvery;

    private Builder() {}

    /**
     * Runs a federated evaluation round after every {@code n} training rounds (0: never); its
     * metrics reach the listener as {@code eval.accuracy} and {@code eval.loss}.
     */
    public Builder evaluateEvery(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("--evaluate-every must be >= 0. Provided value: " + n);
      }
      this.evaluateEvery = n;
      return this;
    }

    /**
     * Epochs of the centralised baseline over the union of the clients' data (0: rounds times
     * local epochs, at most {@value SimulationConfig#MAX_DEFAULT_BASELINE_EPOCHS}).
     */
    public Builder baselineEpochs(int epochs) {
      if (epochs < 0) {
        throw new IllegalArgumentException("--baseline-epochs must be >= 0. Provided value: " + epochs);
      }
      this.baselineEpochs = epochs;
      return this;
    }

    /**
     * Bounds each client's local optimiser steps per round (0: none). With strongly non-IID
     * clients, few local steps per round keep the clients from drifting to their own optima.
     */
    public Builder maxSteps(int steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("--max-steps must be >= 0. Provided value: " + steps);
      }
      this.maxSteps = steps;
      return this;
    }

    /**
     * Gives every client its own table instead of partitioning one (the demo: each agency's data
     * is generated separately). Each table loses its held-out share to the common test set.
     */
    public Builder clientTables(List<Table> tables, String label) {
      if (tables.isEmpty()) {
        throw new IllegalArgumentException("at least one client table is needed");
      }
      Table union = tables.get(0);
      for (int i = 1; i < tables.size(); i++) {
        if (!tables.get(i).columns().equals(union.columns())) {
          throw new IllegalArgumentException("client table " + (i + 1)
              + " has other columns than the first: " + tables.get(i).columns());
        }
        union = union.concat(tables.get(i));
      }
      data(union, label);
      this.clientTables = List.copyOf(tables);
      this.clients = tables.size();
      return this;
    }

    public Builder data(Table data, String label) {
      this.data = Objects.requireNonNull(data, "data");
      this.label = Objects.requireNonNull(label, "label");
      if (!data.hasColumn(label)) {
        throw new IllegalArgumentException("--label: column '" + label
            + "' does not exist; the columns are " + data.columns());
      }
      return this;
    }

    public Builder schema(FeatureSchema schema) {
      this.schema = schema;
      return this;
    }

    public Builder clients(int n) {
      if (n < 1 || n > 100_000) {
        throw new IllegalArgumentException("--clients must be 1 to 100000. Provided value: " + n);
      }
      this.clients = n;
      return this;
    }

    public Builder clientNames(List<String> names) {
      this.clientNames = List.copyOf(names);
      return this;
    }

    public Builder rounds(int n) {
      if (n < 1 || n > 100_000) {
        throw new IllegalArgumentException("--rounds must be 1 to 100000. Provided value: " + n);
      }
      this.rounds = n;
      return this;
    }

    public Builder partition(Partitioner p) {
      this.partitioner = Objects.requireNonNull(p, "partition");
      return this;
    }

    public Builder strategy(Map<String, Object> section) {
      this.strategy = Map.copyOf(section);
      return this;
    }

    public Builder clientLevel(ClientLevel dp) {
      this.clientLevel = dp;
      return this;
    }

    public Builder recordLevel(RecordLevel dp) {
      this.recordLevel = dp;
      return this;
    }

    public Builder baseline(boolean baseline) {
      this.baseline = baseline;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder model(ModelSpec model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    public Builder training(int localEpochs, int batchSize, double learningRate) {
      if (localEpochs < 1) {
        throw new IllegalArgumentException("--local-epochs must be >= 1. Provided value: " + localEpochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("--batch-size must be >= 1. Provided value: " + batchSize);
      }
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "--learning-rate must be positive and finite. Provided value: " + learningRate);
      }
      this.localEpochs = localEpochs;
      this.batchSize = batchSize;
      this.learningRate = learningRate;
      return this;
    }

    public Builder testFraction(double f) {
      check(f > 0 && f < 1, "--test-fraction must be in (0, 1)", f);
      this.testFraction = f;
      return this;
    }

    public Builder fraction(double f) {
      check(f > 0 && f <= 1, "--fraction must be in (0, 1]", f);
      this.fraction = f;
      return this;
    }

    public Builder roundDeadline(Duration d) {
      this.roundDeadline = Objects.requireNonNull(d, "deadline");
      return this;
    }

    public Builder timeout(Duration d) {
      this.timeout = Objects.requireNonNull(d, "timeout");
      return this;
    }

    public Builder minRowsPerClient(int n) {
      this.minRowsPerClient = Math.max(1, n);
      return this;
    }

    public Builder trainingThreads(int n) {
      this.trainingThreads = Math.max(1, n);
      return this;
    }

    public SimulationConfig build() {
      return new SimulationConfig(this);
    }
  }
}
