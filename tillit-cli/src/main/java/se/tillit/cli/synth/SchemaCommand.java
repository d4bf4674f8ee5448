package se.tillit.cli.synth;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.synth.data.ColumnType;
import se.tillit.synth.data.Table;
import se.tillit.synth.io.Csv;
import se.tillit.synth.io.CsvOptions;
import se.tillit.synth.schema.Schema;
import se.tillit.synth.schema.SchemaInference;
import se.tillit.synth.schema.SchemaYaml;

/** {@code tillit synth schema}: infers a schema and writes it for a person to review. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    header = "Infer a schema from a CSV file and write it as YAML for review.",
    description = {
      "The inferred categories and bounds are read from the data. Before using the file for a"
          + " differentially private fit, review it: everything in it is treated as PUBLIC, so"
          + " replace data-derived bounds by public ones (e.g. age 0..120) and remove rare"
          + " categories that identify people."
    })
public final class SchemaCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "DATA.csv", description = "Input CSV (UTF-8, header).")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "SCHEMA.yaml", description = "Schema file to write.")
  Path out;

  @Option(names = "--max-categories", defaultValue = "100", paramLabel = "N",
      description = "Most distinct values of a categorical column (default ${DEFAULT-VALUE}).")
  int maxCategories;

  @Option(names = "--bins", defaultValue = "32", paramLabel = "N",
      description = "Bins of numeric columns for the DP methods (default ${DEFAULT-VALUE}).")
  int bins;

  @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    SchemaInference inference =
        SchemaInference.builder().maxCategories(maxCategories).bins(bins).build();
    Table data = Csv.read(in, CsvOptions.DEFAULT);
    Schema schema = inference.infer(data);
    SchemaYaml.write(schema, out);
    spec.commandLine().getErr().println(
        "tillit: review " + out + " before a DP fit: its categories and bounds come from the data"
            + " and would be treated as public");
    PrintWriter o = spec.commandLine().getOut();
    long categorical =
        schema.columns().stream().filter(c -> c.type() == ColumnType.CATEGORICAL).count();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schema", out.toString());
      m.put("rows", data.rowCount());
      m.put("columns", schema.columns().size());
      m.put("categorical_columns", categorical);
      m.put("numeric_columns", schema.columns().size() - categorical);
      JsonOutput.print(o, m);
    } else {
      o.printf("wrote %s: %d columns (%d categorical, %d numeric/date) from %d rows%n", out,
          schema.columns().size(), categorical, schema.columns().size() - categorical,
          data.rowCount());
    }
    return 0;
  }
}
