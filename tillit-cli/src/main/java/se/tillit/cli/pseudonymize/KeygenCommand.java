package se.tillit.cli.pseudonymize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.pseudonymize.table.KeyPurpose;
import se.tillit.pseudonymize.table.TableKeyStore;
import se.tillit.pseudonymize.table.TablePolicy;

/** {@code tillit pseudonymize keygen}: create pseudonymisation keys in a PKCS#12 keystore. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    header = "Create random keys (SecureRandom) in a PKCS#12 keystore; existing keys are never overwritten.",
    description = {
      "Either one key (--alias NAME --type hmac|siv|ff1) or every key a policy needs (--policy FILE;"
          + " keys already present are kept). Creates the keystore if it does not exist.",
      "Key types: hmac (32-byte HMAC-SHA-256, for hmac and date_shift), siv (64-byte AES-256-SIV, for"
          + " encrypt), ff1 (32-byte AES-256, for fpe). Key material is never printed.",
      "Example: tillit pseudonymize keygen --keystore keys.p12 --keystore-password-env"
          + " TILLIT_KEYSTORE_PASSWORD --policy policy.yaml"
    })
public final class KeygenCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;
  @Mixin KeystoreOptions keys;
  @Mixin se.tillit.cli.DatabaseOptions state;

  @Option(names = "--alias", paramLabel = "NAME", description = "Alias of the key to create (lower case).")
  String alias;

  @Option(names = "--type", paramLabel = "TYPE", description = "hmac, siv or ff1 (with --alias).")
  String type;

  @Option(names = "--policy", paramLabel = "FILE", description = "Create every key this policy names.")
  Path policy;

  @Option(names = "--json", description = "Print the result as one JSON object (last line).")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws IOException {
    Map<String, KeyPurpose> wanted = new LinkedHashMap<>();
    if (policy != null) {
      wanted.putAll(TablePolicy.load(policy).requiredKeys());
    }
    if (alias != null || type != null) {
      if (alias == null || type == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--alias and --type go together");
      }
      wanted.put(alias, KeyPurpose.fromCliName(type));
    }
    if (wanted.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Nothing to create: give --alias NAME --type TYPE, or --policy FILE");
    }
    Path ks = keys.requireKeystore("to store the keys in");
    boolean exists = Files.exists(ks);
    char[] pw = keys.password(!exists);
    List<Map<String, Object>> created = new ArrayList<>();
    List<Map<String, Object>> kept = new ArrayList<>();
    try (se.tillit.dp.audit.AuditLog audit = state.openAuditLog();
        TableKeyStore store = TableKeyStore.openOrCreate(ks, pw)) {
      for (Map.Entry<String, KeyPurpose> e : wanted.entrySet()) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("alias", e.getKey());
        k.put("type", e.getValue().cliName());
        if (store.contains(e.getKey())) {
          store.get(e.getKey(), e.getValue()); // checks the stored key has the right kind
          if (policy == null) {
            throw new IllegalArgumentException(
                "alias '" + e.getKey() + "' already exists in keystore '" + ks + "'; keys are never overwritten");
          }
          kept.add(k);
        } else {
          store.generate(e.getKey(), e.getValue()).destroy();
          created.add(k);
        }
      }
      if (!created.isEmpty()) {
        store.save();
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("created", created);
        audit.append(state.actor(), "keys.generate", String.valueOf(ks.getFileName()), audited);
      }
    } finally {
      java.util.Arrays.fill(pw, '\0');
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("keystore", ks.toString());
    answer.put("created", created);
    answer.put("existing", kept);
    if (json) {
      JsonOutput.print(spec.commandLine().getOut(), answer);
    } else {
      var w = spec.commandLine().getOut();
      for (Map<String, Object> k : created) {
        w.println("created " + k.get("type") + " key '" + k.get("alias") + "' in " + ks);
      }
      for (Map<String, Object> k : kept) {
        w.println("kept existing " + k.get("type") + " key '" + k.get("alias") + "'");
      }
      w.flush();
    }
    return 0;
  }
}
