package se.tillit.cli.mask;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.pseudonymize.ner.NerEvaluation;
import se.tillit.pseudonymize.ner.NerEvaluator;
import se.tillit.pseudonymize.ner.NerModel;

/** {@code tillit mask evaluate}: per-type precision, recall and F1 of a model on test data. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    header = "Evaluate a named-entity model: entity-level precision, recall and F1 per type.",
    description = "Without --model the model shipped with Tillit is evaluated.")
public final class MaskEvaluateCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;

  @Option(names = "--model", paramLabel = "model.zip", description = "Model file (default: the shipped model).")
  Path model;

  @Option(names = "--test", required = true, paramLabel = "FILE", description = "Token-per-line test data.")
  Path test;

  @Option(names = "--json", description = "Print the figures as one JSON object on the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() {
    NerModel m = model == null ? NerModel.loadDefault() : NerModel.load(model);
    NerEvaluation e = NerEvaluator.evaluate(m, test);
    if (json) {
      JsonOutput.print(spec.commandLine().getOut(), e.toMap());
    } else {
      spec.commandLine().getOut().print(e.toTable());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
