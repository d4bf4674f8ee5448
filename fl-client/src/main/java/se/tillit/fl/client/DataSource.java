package se.tillit.fl.client;

import java.nio.file.Path;
import java.util.Objects;
import se.tillit.fl.model.CsvReader;
import se.tillit.fl.model.EncodedData;
import se.tillit.fl.model.FeatureSchema;
import se.tillit.fl.model.Table;
import se.tillit.fl.model.TableEncoder;

/**
 * A client's local data, encoded on demand for the schema a task names. Raw rows never leave the
 * client: only models trained on them, and the metrics of the task, do.
 *
 * <p>Implementations encode once per schema and keep the last encoding (a run keeps one schema),
 * so consecutive rounds do not encode again.
 */
public interface DataSource {

  /**
   * The training and evaluation parts of the local data, encoded for {@code schema}.
   *
   * @throws IllegalArgumentException if the data do not fit the schema (a column missing, a
   *     label outside its classes), naming the row and column but never a value
   */
  LocalData load(FeatureSchema schema);

  /** Encoded training and evaluation rows. {@code eval} may be empty. */
  record LocalData(EncodedData train, EncodedData eval) {
    public LocalData {
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(eval, "eval");
    }
  }

  /**
   * A CSV file (RFC 4180 with a header), read when a task first needs it, split at random into
   * training and evaluation rows ({@code evalFraction} of them, by a permutation seeded with
   * {@code seed}: reproducible, not secret).
   */
  static DataSource csv(Path file, double evalFraction, long seed) {
    Objects.requireNonNull(file, "file");
    checkFraction(evalFraction);
    return new CachingSource(schema -> split(TableEncoder.forSchema(schema)
        .encode(CsvReader.read(file)), evalFraction, seed), "csv:" + file.getFileName());
  }

  /** A table held in memory, split as {@link #csv} splits a file. */
  static DataSource inMemory(Table table, double evalFraction, long seed) {
    Objects.requireNonNull(table, "table");
    checkFraction(evalFraction);
    return new CachingSource(schema -> split(TableEncoder.forSchema(schema).encode(table),
        evalFraction, seed), "table of " + table.rowCount() + " rows");
  }

  /** Training and evaluation tables held in memory. */
  static DataSource inMemory(Table train, Table eval) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(eval, "eval");
    return new CachingSource(schema -> {
      TableEncoder e = TableEncoder.forSchema(schema);
      return new LocalData(e.encode(train), e.encode(eval));
    }, "tables of " + train.rowCount() + " + " + eval.rowCount() + " rows");
  }

  /**
   * Rows already encoded for one schema (the simulation encodes once for all its clients); a task
   * with another input width or class count fails.
   */
  static DataSource encoded(EncodedData train, EncodedData eval) {
    LocalData d = new LocalData(train, eval);
    return schema -> {
      if (schema.inputWidth() != train.width() || schema.numClasses() != train.numClasses()) {
        throw new IllegalArgumentException("the task's schema must have the encoded data's "
            + train.width() + " inputs and " + train.numClasses() + " classes. Provided value: "
            + schema.inputWidth() + " inputs, " + schema.numClasses() + " classes");
      }
      return d;
    };
  }

  private static LocalData split(EncodedData all, double evalFraction, long seed) {
    EncodedData[] parts = all.split(evalFraction, seed);
    return new LocalData(parts[0], parts[1]);
  }

  private static void checkFraction(double evalFraction) {
    if (!(evalFraction >= 0 && evalFraction < 1)) {
      throw new IllegalArgumentException("data.eval_fraction must be >= 0 and < 1. Provided"
          + " value: " + evalFraction);
    }
  }

  /** Keeps the encoding of the last schema. */
  final class CachingSource implements DataSource {
    private final java.util.function.Function<FeatureSchema, LocalData> loader;
    private final String description;
    private FeatureSchema lastSchema;
    private LocalData last;

    private CachingSource(java.util.function.Function<FeatureSchema, LocalData> loader,
        String description) {
      this.loader = loader;
      this.description = description;
    }

    @Override
    public synchronized LocalData load(FeatureSchema schema) {
      if (!schema.equals(lastSchema)) {
        last = loader.apply(schema);
        lastSchema = schema;
      }
      return last;
    }

    @Override
    public String toString() {
      return "DataSource[" + description + "]";
    }
  }
}
