package se.tillit.cli.mask;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.pseudonymize.ner.TrainDefaultModel;

/** {@code tillit mask train}: trains the named-entity model on token-per-line data. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    header = "Train the named-entity model (PERSON, ORGANISATION, PLACE) on token-per-line data.",
    description = {
      "Input: one 'token<TAB>tag' per line, a blank line between sentences, tags PER, ORG, LOC,"
          + " MISC and 0 (the format of the Swedish NER corpus). Features are hashed, so every"
          + " agency trains the same parameter layout without sharing a vocabulary.",
      "The default settings reproduce the model shipped with Tillit (see its NOTICE)."
    })
public final class MaskTrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training data.")
  Path train;

  @Option(names = "--dev", paramLabel = "FILE",
      description = "Development data, evaluated after each epoch (does not change the model).")
  Path dev;

  @Option(names = "--out", required = true, paramLabel = "model.zip", description = "Model file to write.")
  Path out;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 15).")
  Integer epochs;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default 20120101).")
  Long seed;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(List.of("--train", train.toString(), "--out", out.toString()));
    if (dev != null) {
      args.addAll(List.of("--dev", dev.toString()));
    }
    if (epochs != null) {
      args.addAll(List.of("--epochs", epochs.toString()));
    }
    if (seed != null) {
      args.addAll(List.of("--seed", seed.toString()));
    }
    // Progress per batch and epoch goes to stderr; stdout stays clean.
    PrintStream progress = System.err;
    TrainDefaultModel.run(args.toArray(String[]::new), progress);
    spec.commandLine().getOut().println("wrote " + out);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
