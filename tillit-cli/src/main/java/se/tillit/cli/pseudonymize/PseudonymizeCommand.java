package se.tillit.cli.pseudonymize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.pseudonymize.table.AnonymityReport;
import se.tillit.pseudonymize.table.TableKeyStore;
import se.tillit.pseudonymize.table.TablePolicy;
import se.tillit.pseudonymize.table.TablePseudonymizer;
import se.tillit.pseudonymize.table.TableRunResult;

/** {@code tillit pseudonymize}: pseudonymise a CSV table by a policy. */
@Command(
    name = "pseudonymize",
    mixinStandardHelpOptions = true,
    header = "[integrator] Pseudonymise a CSV table by a policy; 'keygen' creates the keys.",
    description = {
      "Reads a CSV file (RFC 4180, UTF-8, header row), applies the policy's transform to each"
          + " column (hmac, encrypt, fpe, date_shift, generalize, suppress, keep) and writes the"
          + " result, streaming row by row. Prints k-anonymity and l-diversity of the output over"
          + " the policy's quasi-identifiers; --report writes them as JSON.",
      "Keys come from a PKCS#12 keystore (see 'tillit pseudonymize keygen'); the password is read"
          + " from an environment variable, a file, or a prompt.",
      "Example: tillit pseudonymize --policy policy.yaml --in data.csv --out out.csv"
          + " --keystore keys.p12 --keystore-password-env TILLIT_KEYSTORE_PASSWORD",
      "The policy schema is documented in se.tillit.pseudonymize.table.TablePolicy."
    },
    subcommands = {KeygenCommand.class})
public final class PseudonymizeCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin KeystoreOptions keys;
  @Mixin se.tillit.cli.DatabaseOptions state;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy YAML.")
  Path policy;

  @Option(names = "--in", paramLabel = "FILE", description = "Input CSV.")
  Path in;

  @Option(names = "--out", paramLabel = "FILE", description = "Output CSV (written only when complete).")
  Path out;

  @Option(names = "--report", paramLabel = "FILE", description = "Write the anonymity report as JSON here.")
  Path report;

  @Option(names = "--json", description = "Print the result as one JSON object (last line).")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    if (policy == null || in == null || out == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing required options: --policy, --in and --out (or a command: keygen)");
    }
    TablePolicy p = TablePolicy.load(policy);
    // Open the audit log before touching data: an action that cannot be audited does not run.
    try (se.tillit.dp.audit.AuditLog audit = state.openAuditLog()) {
      return run(p, audit);
    }
  }

  private Integer run(TablePolicy p, se.tillit.dp.audit.AuditLog audit) throws IOException {
    TableRunResult result;
    if (p.requiredKeys().isEmpty()) {
      TablePseudonymizer t = TablePseudonymizer.create(p, null);
      result = TableFiles.transform(in, out, t::pseudonymize);
    } else {
      Path ks = keys.requireKeystore("because the policy uses keys " + p.requiredKeys().keySet());
      char[] pw = keys.password(false);
      try (TableKeyStore store = TableKeyStore.open(ks, pw)) {
        TablePseudonymizer t = TablePseudonymizer.create(p, store);
        result = TableFiles.transform(in, out, t::pseudonymize);
      } finally {
        java.util.Arrays.fill(pw, '\0');
      }
    }
    AnonymityReport rep = result.report().orElseThrow();
    Map<String, Object> audited = new LinkedHashMap<>();
    audited.put("policy", String.valueOf(policy.getFileName()));
    audited.put("in", String.valueOf(in.getFileName()));
    audited.put("rows", result.rows());
    audited.put("keys", new java.util.ArrayList<>(p.requiredKeys().keySet()));
    audit.append(state.actor(), "table.pseudonymize", String.valueOf(out.getFileName()), audited);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("policy", policy.toString());
    answer.put("in", in.toString());
    answer.put("out", out.toString());
    answer.put("rows", result.rows());
    answer.put("columns", result.outputColumns());
    answer.put("seconds", result.seconds());
    answer.put("rows_per_second", result.rowsPerSecond());
    Map<String, Object> transforms = new LinkedHashMap<>();
    for (String c : p.columns()) {
      transforms.put(c, p.transformOf(c).orElseThrow().policyName());
    }
    answer.put("transforms", transforms);
    answer.put("report", rep.toMap());
    if (report != null) {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(report, m.writeValueAsString(answer) + "\n");
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(w, answer);
    } else {
      w.printf(Locale.ROOT, "pseudonymised %d rows into %s (%d columns) in %.2f s, %.0f rows/s%n",
          result.rows(), out, result.outputColumns().size(), result.seconds(), result.rowsPerSecond());
      w.print(rep.summary());
      if (!rep.meetsK()) {
        w.printf(Locale.ROOT, "warning: the output is not %d-anonymous over %s; generalise or suppress more%n",
            rep.kThreshold(), rep.quasiIdentifiers());
      }
      if (report != null) {
        w.println("report written to " + report);
      }
      w.flush();
    }
    return 0;
  }
}
