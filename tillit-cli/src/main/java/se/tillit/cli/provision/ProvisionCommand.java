package se.tillit.cli.provision;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.fl.protocol.tls.HostAndPort;
import se.tillit.fl.protocol.tls.Kit;
import se.tillit.fl.protocol.tls.Provisioner;

/** {@code tillit provision}: the project CA and one mutual-TLS kit per participant. */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "[central team] Make the project CA and a mutual-TLS kit per participant; add or revoke agencies.",
    description = {
      "Creates a certificate authority for a federated-learning project and one kit per"
          + " participant in the --out directory: coordinator/ (server certificate for the"
          + " --coordinator host, plus localhost and 127.0.0.1) and one directory per agency"
          + " (client certificate whose CN is the agency id). Each kit holds ca.pem, cert.pem,"
          + " key.pem (PKCS#8, permissions 600) and coordinator.yaml or client.yaml, pre-filled"
          + " with the coordinator address, the client id and the TLS paths (relative to the kit).",
      "Keys are ECDSA P-256 with SHA-256 signatures, from SecureRandom. The CA key stays in"
          + " OUT/ca/ca-key.pem (600): keep OUT private and hand each participant only its own kit"
          + " directory, over a secure channel.",
      "Later changes reuse the same CA and never re-issue existing kits.",
      "  --add-agency X  issues a kit for a new agency.",
      "  --revoke X      lists X's certificate (serial and id) in",
      "                  coordinator/revoked.txt, which a running coordinator",
      "                  re-reads; a revoked id cannot be issued again.",
      "",
      "Examples:",
      "  tillit provision --project income --coordinator fl.example.se:8443 \\",
      "      --agencies skatteverket,fk,scb --out kits/",
      "  tillit provision --out kits/ --add-agency csn",
      "  tillit provision --out kits/ --revoke fk",
      ""
    })
public final class ProvisionCommand implements Callable<Integer>, JsonOutput.Capable {
  @Spec CommandSpec spec;

  @Option(names = "--project", paramLabel = "NAME",
      description = "Project name (letters, digits, '.', '_', '-'); required when creating."
          + " With --add-agency/--revoke it must match the existing project if given.")
  String project;

  @Option(names = "--coordinator", paramLabel = "HOST:PORT",
      description = "The address agencies dial (DNS name or IP; IPv6 as [ADDR]:PORT);"
          + " required when creating.")
  String coordinator;

  @Option(names = "--agencies", split = ",", paramLabel = "ID",
      description = "Agency ids, comma-separated: lowercase letters, digits and '-',"
          + " at most 64 characters; required when creating.")
  List<String> agencies = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The project directory: the CA and every kit. Creating refuses an existing"
          + " project or a non-empty directory.")
  Path out;

  @Option(names = "--add-agency", split = ",", paramLabel = "ID",
      description = "Issue a kit for a new agency of the existing project in --out (repeatable).")
  List<String> addAgencies = new ArrayList<>();

  @Option(names = "--revoke", split = ",", paramLabel = "ID",
      description = "Revoke an agency of the existing project in --out (repeatable).")
  List<String> revoke = new ArrayList<>();

  @Option(names = "--validity-days", paramLabel = "N",
      description = "Validity of the issued certificates in days (default: ${DEFAULT-VALUE});"
          + " the CA is valid for at least 10 years, and no certificate outlives it.",
      defaultValue = "" + Provisioner.DEFAULT_VALIDITY_DAYS)
  int validityDays;

  @Option(names = "--json", description = "Print the result as one JSON object (the last line).")
  boolean json;

  @Override
  public boolean jsonRequested() {
    return json;
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Object> answer = new LinkedHashMap<>();
    List<Kit> issued = new ArrayList<>();
    List<Map<String, Object>> revoked = new ArrayList<>();
    Provisioner p;
    if (addAgencies.isEmpty() && revoke.isEmpty()) {
      p = create(issued);
      answer.put("action", "create");
    } else {
      p = change(issued, revoked);
      answer.put("action", "change");
    }
    answer.put("project", p.projectName());
    answer.put("directory", p.directory().toString());
    answer.put("coordinator", p.coordinator().toString());
    answer.put("key_algorithm", "ECDSA P-256");
    answer.put("ca_certificate", p.caCertificateFile().toString());
    answer.put("ca_key", p.caKeyFile().toString());
    answer.put("ca_not_after", p.caNotAfter().toString());
    answer.put("revocation_list", p.revocationFile().toString());
    List<Map<String, Object>> kits = new ArrayList<>();
    for (Kit k : issued) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", k.id());
      m.put("role", k.role().name().toLowerCase(Locale.ROOT));
      m.put("kit", k.directory().toString());
      m.put("config", k.configFile().toString());
      m.put("serial", k.serialHex());
      m.put("not_after", k.notAfter().toString());
      kits.add(m);
    }
    answer.put("issued", kits);
    answer.put("revoked", revoked);
    answer.put("agencies", p.kits().stream().filter(k -> k.role() == Kit.Role.AGENCY)
        .map(k -> Map.<String, Object>of("id", k.id(), "revoked", k.revoked())).toList());

    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(w, answer);
      return 0;
    }
    if (!issued.isEmpty()) {
      w.printf("Project %s in %s (CA: ECDSA P-256, valid until %s)%n", p.projectName(),
          p.directory(), day(p.caNotAfter().toString()));
      for (Kit k : issued) {
        w.printf("  %-14s %s: %s, valid until %s%n", k.id(), k.directory(),
            k.role() == Kit.Role.COORDINATOR
                ? "server certificate for " + p.coordinator().host() + ", localhost, 127.0.0.1"
                : "client certificate CN=" + k.id(),
            day(k.notAfter().toString()));
      }
    }
    for (Map<String, Object> r : revoked) {
      w.printf("Revoked %s (serial %s)%s%n", r.get("id"), r.get("serial"),
          Boolean.TRUE.equals(r.get("already")) ? ": it was already revoked" : "");
    }
    if (!revoked.isEmpty()) {
      w.printf("  %s updated; a running coordinator re-reads it, a coordinator elsewhere needs the"
          + " new copy.%n", p.revocationFile());
    }
    if (!issued.isEmpty()) {
      w.printf("Hand each participant only its own kit directory. Keep %s private: it issues"
          + " every certificate.%n", p.caKeyFile());
    }
    w.flush();
    return 0;
  }

  private Provisioner create(List<Kit> issued) throws Exception {
    if (Provisioner.isProject(out)) {
      throw new IllegalArgumentException(out + " already holds a Tillit project; use --add-agency"
          + " ID or --revoke ID to change it (existing kits are never re-issued)");
    }
    List<String> missing = new ArrayList<>();
    if (project == null) {
      missing.add("--project NAME");
    }
    if (coordinator == null) {
      missing.add("--coordinator HOST:PORT");
    }
    if (agencies.isEmpty()) {
      missing.add("--agencies ID[,ID...]");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("creating a project needs " + String.join(", ", missing)
          + " (or --add-agency/--revoke to change an existing project in --out)");
    }
    agencies.forEach(Provisioner::checkAgencyId);
    Provisioner p = Provisioner.newProject(out).name(project)
        .coordinator(HostAndPort.parse(coordinator)).agencies(agencies)
        .validityDays(validityDays).create();
    issued.addAll(p.kits());
    return p;
  }

  private Provisioner change(List<Kit> issued, List<Map<String, Object>> revoked) throws Exception {
    if (!agencies.isEmpty()) {
      throw new IllegalArgumentException(
          "--agencies is for creating a project; use --add-agency to add agencies to it");
    }
    addAgencies.forEach(Provisioner::checkAgencyId);
    revoke.forEach(Provisioner::checkAgencyId);
    for (String id : addAgencies) {
      if (revoke.contains(id)) {
        throw new IllegalArgumentException("agency '" + id + "' is both added and revoked");
      }
    }
    if (!Provisioner.isProject(out)) {
      throw new IllegalArgumentException(out + " holds no Tillit project; create one first with"
          + " --project, --coordinator and --agencies");
    }
    Provisioner p = Provisioner.open(out);
    if (project != null && !project.equals(p.projectName())) {
      throw new IllegalArgumentException("--project must name the project in " + out + " ('"
          + p.projectName() + "'). Provided value: '" + project + "'");
    }
    if (coordinator != null && !HostAndPort.parse(coordinator).equals(p.coordinator())) {
      throw new IllegalArgumentException("the coordinator address is fixed when the project is"
          + " created (" + p.coordinator() + "). Provided value: " + coordinator);
    }
    for (String id : revoke) {
      boolean already = p.kit(id).map(Kit::revoked).orElse(false);
      Kit k = p.revoke(id);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("serial", k.serialHex());
      m.put("already", already);
      revoked.add(m);
    }
    for (String id : addAgencies) {
      issued.add(p.addAgency(id, validityDays));
    }
    return p;
  }

  private static String day(String instant) {
    return instant.length() >= 10 ? instant.substring(0, 10) : instant;
  }
}
