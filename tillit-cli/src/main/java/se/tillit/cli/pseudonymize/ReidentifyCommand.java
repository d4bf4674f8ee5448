package se.tillit.cli.pseudonymize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.pseudonymize.table.TableKeyStore;
import se.tillit.pseudonymize.table.TablePolicy;
import se.tillit.pseudonymize.table.TableReidentifier;
import se.tillit.pseudonymize.table.TableRunResult;

/** {@code tillit reidentify}: restore encrypted columns of a pseudonymised table. */
@Command(
    name = "reidentify",
    mixinStandardHelpOptions = true,
    header = "[authorised user] Restore the original values of encrypt/fpe columns of a pseudonymised table.",
    description = {
      "Needs the policy the table was pseudonymised with and the keystore holding its keys."
          + " Only columns with transform encrypt (AES-SIV) or fpe (FF1) can be restored; hmac,"
          + " date_shift, generalize and suppress are one-way. A wrong key is detected for"
          + " encrypt columns (exit code 2, naming row and column); FF1 cannot detect it.",
      "Example: tillit reidentify --policy policy.yaml --in out.csv --out back.csv --columns pnr,email"
          + " --keystore keys.p12 --keystore-password-env TILLIT_KEYSTORE_PASSWORD"
    })
public final class ReidentifyCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin KeystoreOptions keys;
  @Mixin se.tillit.cli.DatabaseOptions state;

  @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Policy YAML used to pseudonymise.")
  Path policy;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Pseudonymised CSV.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output CSV.")
  Path out;

  @Option(names = "--columns", required = true, split = ",", paramLabel = "C1,C2", description = "Columns to restore.")
  List<String> columns;

  @Option(names = "--json", description = "Print the result as one JSON object (last line).")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    TablePolicy p = TablePolicy.load(policy);
    Path ks = keys.requireKeystore("to re-identify");
    char[] pw = keys.password(false);
    TableRunResult result;
    // Re-identification is audited; without an audit log it does not run.
    try (se.tillit.dp.audit.AuditLog audit = state.openAuditLog();
        TableKeyStore store = TableKeyStore.open(ks, pw)) {
      TableReidentifier r = TableReidentifier.create(p, store, columns);
      result = TableFiles.transform(in, out, r::reidentify);
      Map<String, Object> audited = new LinkedHashMap<>();
      audited.put("policy", String.valueOf(policy.getFileName()));
      audited.put("in", String.valueOf(in.getFileName()));
      audited.put("rows", result.rows());
      audited.put("columns", columns);
      audit.append(state.actor(), "table.reidentify", String.valueOf(out.getFileName()), audited);
    } finally {
      java.util.Arrays.fill(pw, '\0');
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("in", in.toString());
    answer.put("out", out.toString());
    answer.put("rows", result.rows());
    answer.put("restored_columns", columns);
    answer.put("seconds", result.seconds());
    if (json) {
      JsonOutput.print(spec.commandLine().getOut(), answer);
    } else {
      spec.commandLine().getOut().printf(Locale.ROOT, "re-identified %s in %d rows into %s%n", columns, result.rows(), out);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
