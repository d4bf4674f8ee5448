package se.tillit.cli.fl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;

/** {@code tillit run submit|status|cancel}: federated runs on a running coordinator. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "[central team] Submit, watch and cancel federated training runs on a coordinator.",
    description = {
      "A run file (YAML) names the model, the public feature schema, the rounds, client sampling,"
          + " the strategy and the privacy settings; see the README ('Federated learning') for a"
          + " full example. The coordinator validates it and answers with the run's id."
    },
    subcommands = {RunCommand.Submit.class, RunCommand.Status.class, RunCommand.Cancel.class})
public final class RunCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }

  /** {@code tillit run submit RUN.yaml}. */
  @Command(name = "submit", mixinStandardHelpOptions = true,
      header = "Submit a run file; prints the run's id.")
  public static final class Submit implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin CoordinatorApi api;

    @Parameters(index = "0", paramLabel = "RUN.yaml", description = "The run file.")
    Path file;

    @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
    boolean json;

    @Override
    public boolean jsonRequested() {
      return json;
    }

    @Override
    public Integer call() throws IOException {
      String yaml;
      try {
        yaml = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("run file not found: " + file);
      }
      JsonNode body = CoordinatorApi.check(api.post("/v1/runs", "application/yaml", yaml));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JsonOutput.print(out, CoordinatorApi.toJava(body));
      } else {
        out.println("submitted run " + body.path("id").asText() + " ("
            + body.path("status").asText("SUBMITTED").toLowerCase(Locale.ROOT) + ")");
        out.println("watch it with: tillit run status " + body.path("id").asText());
      }
      return 0;
    }
  }

  /** {@code tillit run status [ID]}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      header = "Show one run (rounds and metrics), or every run when no id is given.")
  public static final class Status implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin CoordinatorApi api;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run's id.")
    String id;

    @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
    boolean json;

    @Override
    public boolean jsonRequested() {
      return json;
    }

    @Override
    public Integer call() {
      JsonNode body = CoordinatorApi.check(api.get(id == null ? "/v1/runs" : "/v1/runs/" + id));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JsonOutput.print(out, CoordinatorApi.toJava(body));
        return 0;
      }
      if (id == null) {
        JsonNode runs = body.has("runs") ? body.get("runs") : body;
        out.printf(Locale.ROOT, "%-38s %-24s %-10s %s%n", "RUN", "NAME", "STATUS", "ROUND");
        for (JsonNode r : runs) {
          out.printf(Locale.ROOT, "%-38s %-24s %-10s %s/%s%n", r.path("id").asText(),
              r.path("name").asText(), r.path("status").asText(),
              r.path("current_round").asText("0"), r.path("rounds").asText("?"));
        }
      } else {
        out.printf(Locale.ROOT, "run %s (%s): %s, round %s of %s%n", body.path("id").asText(),
            body.path("name").asText(), body.path("status").asText(),
            body.path("current_round").asText("0"), body.path("rounds").asText("?"));
        for (JsonNode round : body.path("round_history")) {
          out.printf(Locale.ROOT, "  round %-4s %-9s %-10s clients %s  %s%n",
              round.path("round").asText(), round.path("kind").asText(),
              round.path("status").asText(), round.path("contributors").asText("-"),
              round.path("metrics").toString());
        }
      }
      return 0;
    }
  }

  /** {@code tillit run cancel ID}. */
  @Command(name = "cancel", mixinStandardHelpOptions = true,
      header = "Cancel a run; its clients stop their tasks. Completed rounds stay recorded.")
  public static final class Cancel implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin CoordinatorApi api;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id.")
    String id;

    @Option(names = "--json", description = "Print the answer as one JSON object on the last line.")
    boolean json;

    @Override
    public boolean jsonRequested() {
      return json;
    }

    @Override
    public Integer call() {
      JsonNode body = CoordinatorApi.check(api.post("/v1/runs/" + id + "/cancel", "text/plain", ""));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JsonOutput.print(out, CoordinatorApi.toJava(body));
      } else {
        out.println("run " + id + ": cancel " + body.path("cancel").asText("requested")
            + "; clients stop their tasks (check with: tillit run status " + id + ")");
      }
      return 0;
    }
  }
}
