package se.tillit.cli.privacy;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import se.tillit.cli.JsonOutput;
import se.tillit.cli.RefusedException;
import se.tillit.dp.DpPreconditions;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.DpEventJson;
import se.tillit.dp.audit.AuditVerification;
import se.tillit.dp.ledger.BudgetExceededException;
import se.tillit.dp.ledger.Charge;
import se.tillit.dp.ledger.ChargePreview;
import se.tillit.dp.ledger.DatasetId;
import se.tillit.dp.ledger.DatasetStatus;
import se.tillit.dp.ledger.JdbcBudgetLedger;
import se.tillit.dp.ledger.PrivacyBudget;

/** {@code tillit privacy ledger}: per-dataset privacy budgets. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    header = "Per-dataset privacy budgets: create, charge, show, list, verify.",
    description = {
      "One ledger entry per dataset (owner agency / dataset id) with a total (epsilon, delta)"
          + " budget. Every charge stores its mechanism events; the spent epsilon is their"
          + " composition by the PLD accountant (RDP shown as a cross-check), never a plain sum.",
      "A charge that would exceed the budget is refused before anything is stored (exit code 3).",
      "Every change is written to a hash-chained audit log; 'verify' checks it."
    },
    subcommands = {
      LedgerCommand.Create.class,
      LedgerCommand.ChargeCmd.class,
      LedgerCommand.Show.class,
      LedgerCommand.ListCmd.class,
      LedgerCommand.Verify.class
    })
public final class LedgerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
  }

  static DatasetId parseDataset(String s) {
    if (s == null) {
      throw new IllegalArgumentException(
          "--dataset must be OWNER/DATASET, e.g. skatteverket/income-2024. Provided value: null");
    }
    return DatasetId.parse(s);
  }

  static Map<String, Object> statusJson(DatasetStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", s.id().toString());
    m.put("description", s.description());
    m.put("budget_epsilon", s.budget().epsilon());
    m.put("delta", s.budget().delta());
    m.put("epsilon", s.spentEpsilon());
    m.put("accountant", s.accountant());
    m.put("remaining_epsilon", s.remainingEpsilon());
    m.put("epsilon_by_accountant", new TreeMap<>(s.spentEpsilonByAccountant()));
    m.put("charges", s.chargeCount());
    m.put("created_at", s.createdAt().toString());
    m.put("created_by", s.createdBy());
    return m;
  }

  static String statusLine(DatasetStatus s) {
    StringBuilder cross = new StringBuilder();
    new TreeMap<>(s.spentEpsilonByAccountant())
        .forEach(
            (name, eps) -> {
              if (!name.equals(s.accountant())) {
                cross.append(String.format(Locale.ROOT, "; %s says %s", name, Format.num(eps)));
              }
            });
    return String.format(
        Locale.ROOT,
        "%s: spent epsilon %s of %s (%s, delta %s%s); remaining %s; %d charge(s)",
        s.id(),
        Format.num(s.spentEpsilon()),
        Format.num(s.budget().epsilon()),
        s.accountant(),
        Format.num(s.budget().delta()),
        cross,
        Format.num(s.remainingEpsilon()),
        s.chargeCount());
  }

  @Command(name = "create", mixinStandardHelpOptions = true, header = "Create a dataset with a total budget.")
  static final class Create implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin LedgerOptions ledger;

    @Option(names = "--dataset", required = true, paramLabel = "OWNER/DATASET",
        description = "Owner agency and dataset id, e.g. skatteverket/income-2024.")
    String dataset;

    @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Total epsilon budget; > 0.")
    double epsilon;

    @Option(names = "--delta", required = true, paramLabel = "D", description = "Delta at which spending is measured, in (0, 1).")
    double delta;

    @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
        description = "What the dataset is (no personal data).")
    String description;

    @Override
    public boolean jsonRequested() {
      return ledger != null && ledger.json;
    }

    @Override
    public Integer call() {
      DatasetId id = parseDataset(dataset);
      PrivacyBudget budget = PrivacyBudget.of(epsilon, delta);
      try (JdbcBudgetLedger l = ledger.openLedger()) {
        DatasetStatus s = l.createDataset(ledger.actor(), id, budget, description);
        PrintWriter out = spec.commandLine().getOut();
        if (ledger.json) {
          JsonOutput.print(out, statusJson(s));
        } else {
          out.printf(Locale.ROOT, "created %s with budget epsilon %s at delta %s%n",
              s.id(), Format.num(epsilon), Format.num(delta));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "charge",
      mixinStandardHelpOptions = true,
      header = "Charge a release to a dataset's budget (refused if it would overspend).",
      description = {
        "Give the mechanism as DP-SGD (--noise-multiplier, --sampling-rate, --steps), as one or"
            + " more Laplace or Gaussian releases (--laplace B or --gaussian S, with --count N), or"
            + " as a JSON event (--event-json).",
        "Noise is relative to sensitivity 1: --laplace 2 means Laplace noise of scale 2 x"
            + " sensitivity; --gaussian 3 means standard deviation 3 x sensitivity.",
        "With --dry-run nothing is stored: it shows what the charge would make the spent epsilon."
      })
  static final class ChargeCmd implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin LedgerOptions ledger;

    @Option(names = "--dataset", required = true, paramLabel = "OWNER/DATASET", description = "The dataset to charge.")
    String dataset;

    @Option(names = "--purpose", required = true, paramLabel = "TEXT",
        description = "What the release is for, for the audit log (no personal data).")
    String purpose;

    @Option(names = "--noise-multiplier", paramLabel = "S", description = "DP-SGD: noise multiplier; > 0.")
    Double noiseMultiplier;

    @Option(names = "--sampling-rate", paramLabel = "Q", description = "DP-SGD: sampling rate in (0, 1].")
    Double samplingRate;

    @Option(names = "--steps", paramLabel = "T", description = "DP-SGD: number of steps; >= 1.")
    Long steps;

    @Option(names = "--laplace", paramLabel = "B", description = "Laplace release with scale B x sensitivity.")
    Double laplace;

    @Option(names = "--gaussian", paramLabel = "S", description = "Gaussian release with standard deviation S x sensitivity.")
    Double gaussian;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
        description = "How many such Laplace/Gaussian releases (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--event-json", paramLabel = "JSON",
        description = "The event as JSON, e.g. {\"type\":\"gaussian\",\"noise_multiplier\":2.0}.")
    String eventJson;

    @Option(names = "--dry-run", description = "Only show what the charge would do; store nothing.")
    boolean dryRun;

    @Override
    public boolean jsonRequested() {
      return ledger != null && ledger.json;
    }

    DpEvent event() {
      boolean sgd = noiseMultiplier != null || samplingRate != null || steps != null;
      int kinds = (sgd ? 1 : 0) + (laplace != null ? 1 : 0) + (gaussian != null ? 1 : 0)
          + (eventJson != null ? 1 : 0);
      if (kinds != 1) {
        throw new IllegalArgumentException(
            "charge needs exactly one mechanism: DP-SGD (--noise-multiplier, --sampling-rate,"
                + " --steps), --laplace, --gaussian or --event-json. Provided: " + kinds);
      }
      if (count < 1) {
        throw new IllegalArgumentException("--count must be >= 1. Provided value: " + count);
      }
      if (sgd) {
        if (noiseMultiplier == null || samplingRate == null || steps == null) {
          throw new IllegalArgumentException(
              "DP-SGD needs all of --noise-multiplier, --sampling-rate and --steps");
        }
        DpPreconditions.checkNoiseMultiplier(noiseMultiplier);
        DpPreconditions.checkSamplingRate(samplingRate);
        DpPreconditions.checkSteps(steps);
        return DpEvent.dpSgd(noiseMultiplier, samplingRate, steps);
      }
      DpEvent single;
      if (laplace != null) {
        single = new DpEvent.Laplace(DpPreconditions.checkPositiveFinite("laplace scale", laplace));
      } else if (gaussian != null) {
        single = new DpEvent.Gaussian(DpPreconditions.checkNoiseMultiplier(gaussian));
      } else {
        single = DpEventJson.fromJson(eventJson);
      }
      return count == 1 ? single : new DpEvent.SelfComposed(single, count);
    }

    @Override
    public Integer call() {
      DatasetId id = parseDataset(dataset);
      if (purpose.isBlank()) {
        throw new IllegalArgumentException("--purpose must not be blank. Provided value: ''");
      }
      DpEvent event = event();
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcBudgetLedger l = ledger.openLedger()) {
        if (dryRun) {
          ChargePreview p = l.canAfford(id, event);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("dataset", id.toString());
          m.put("affordable", p.affordable());
          m.put("epsilon", p.epsilonAfterCharge());
          m.put("spent_epsilon_before", p.spentEpsilon());
          m.put("budget_epsilon", p.budget().epsilon());
          m.put("delta", p.budget().delta());
          m.put("accountant", p.accountant());
          m.put("event", DpEventJson.toTree(event));
          if (ledger.json) {
            JsonOutput.print(out, m);
          } else {
            out.printf(Locale.ROOT, "dry run: %s would go from epsilon %s to %s of %s (%s): %s%n",
                id, Format.num(p.spentEpsilon()), Format.num(p.epsilonAfterCharge()),
                Format.num(p.budget().epsilon()), p.accountant(),
                p.affordable() ? "affordable" : "would be REFUSED");
          }
          return p.affordable() ? 0 : 3;
        }
        Charge c;
        try {
          c = l.charge(ledger.actor(), id, purpose, event);
        } catch (BudgetExceededException e) {
          throw new RefusedException(e.getMessage(), e);
        }
        DatasetStatus s = l.dataset(id);
        if (ledger.json) {
          Map<String, Object> m = statusJson(s);
          m.put("charge_id", c.id());
          m.put("event", DpEventJson.toTree(event));
          JsonOutput.print(out, m);
        } else {
          out.printf(Locale.ROOT, "charged #%d '%s'. %s%n", c.id(), purpose, statusLine(s));
        }
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, header = "Show a dataset's budget, spending and charges.")
  static final class Show implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin LedgerOptions ledger;

    @Option(names = "--dataset", required = true, paramLabel = "OWNER/DATASET", description = "The dataset.")
    String dataset;

    @Override
    public boolean jsonRequested() {
      return ledger != null && ledger.json;
    }

    @Override
    public Integer call() {
      DatasetId id = parseDataset(dataset);
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcBudgetLedger l = ledger.openLedger()) {
        DatasetStatus s = l.dataset(id);
        List<Charge> charges = l.charges(id);
        if (ledger.json) {
          Map<String, Object> m = statusJson(s);
          List<Map<String, Object>> list = new ArrayList<>();
          for (Charge c : charges) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", c.id());
            cm.put("timestamp", c.timestamp().toString());
            cm.put("actor", c.actor());
            cm.put("purpose", c.purpose());
            cm.put("epsilon_after", c.epsilonAfter());
            cm.put("event", DpEventJson.toTree(c.event()));
            list.add(cm);
          }
          m.put("charge_list", list);
          JsonOutput.print(out, m);
        } else {
          out.println(statusLine(s));
          if (!s.description().isEmpty()) {
            out.println("  " + s.description());
          }
          for (Charge c : charges) {
            out.printf(Locale.ROOT, "  #%d %s %s '%s' -> epsilon %s%n", c.id(), c.timestamp(),
                c.actor(), c.purpose(), Format.num(c.epsilonAfter()));
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, header = "List every dataset with its spending.")
  static final class ListCmd implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin LedgerOptions ledger;

    @Override
    public boolean jsonRequested() {
      return ledger != null && ledger.json;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcBudgetLedger l = ledger.openLedger()) {
        List<DatasetStatus> all = l.listDatasets();
        if (ledger.json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("datasets", all.stream().map(LedgerCommand::statusJson).toList());
          JsonOutput.print(out, m);
        } else if (all.isEmpty()) {
          out.println("no datasets yet: create one with 'tillit privacy ledger create'");
        } else {
          all.forEach(s -> out.println(statusLine(s)));
        }
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, header = "Verify the hash-chained audit log.")
  static final class Verify implements Callable<Integer>, JsonOutput.Capable {
    @Spec CommandSpec spec;
    @Mixin LedgerOptions ledger;

    @Override
    public boolean jsonRequested() {
      return ledger != null && ledger.json;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (JdbcBudgetLedger l = ledger.openLedger()) {
        AuditVerification v = l.auditLog().verify();
        if (ledger.json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("intact", v.intact());
          m.put("records_checked", v.recordsChecked());
          if (v.firstBrokenSequence().isPresent()) {
            m.put("first_broken_sequence", v.firstBrokenSequence().getAsLong());
            m.put("problem", v.problem());
          }
          JsonOutput.print(out, m);
        } else {
          out.println(v.intact()
              ? "audit log intact: " + v.recordsChecked() + " record(s) checked"
              : "audit log BROKEN at record " + v.firstBrokenSequence().getAsLong() + ": " + v.problem());
        }
        return v.intact() ? 0 : 1;
      }
    }
  }
}
