package se.tillit.dp.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tillit.dp.accounting.DpEvent;
import se.tillit.dp.accounting.DpEventJson;
import se.tillit.dp.accounting.PldAccountant;
import se.tillit.dp.accounting.RdpAccountant;
import se.tillit.dp.accounting.PrivacyAccountant;
import se.tillit.dp.audit.AuditLog;
import se.tillit.dp.audit.internal.AuditChain;
import se.tillit.dp.audit.internal.JdbcAuditLog;
import se.tillit.dp.audit.internal.JdbcDatabase;

/**
 * A {@link BudgetLedger} in a relational database reached by JDBC: embedded H2 (the default) or
 * PostgreSQL, chosen by the URL. Opening runs the dp module's Flyway migrations (history table
 * {@code tillit_dp_schema_history}); running them again is a no-op.
 *
 * <p>Databases:
 *
 * <ul>
 *   <li>{@code jdbc:h2:file:~/.tillit/tillit;AUTO_SERVER=TRUE}: an H2 file that several processes
 *       (CLI, coordinator) can use at once: the first process to open the file serves it to the
 *       others over a local TCP port, and another takes over when it exits. Without
 *       {@code AUTO_SERVER=TRUE} a second process cannot open the file while the first has it
 *       open.
 *   <li>{@code jdbc:postgresql://host:5432/tillit} with a user and password: for a coordinator
 *       shared by many agencies.
 * </ul>
 *
 * <p>Serialisation: a charge runs in one transaction that first locks the dataset's row
 * ({@code SELECT ... FOR UPDATE}), then reads every stored event, composes them with the new one in
 * the accountant, and inserts the charge and its audit record, or only the refusal's audit record.
 * A concurrent charge on the same dataset waits for the lock (up to {@link Builder#lockTimeout},
 * default 30 s) and then sees the first one's charge.
 *
 * <pre>{@code
 * try (BudgetLedger ledger = JdbcBudgetLedger.builder()
 *     .url("jdbc:h2:file:~/.tillit/tillit;AUTO_SERVER=TRUE")
 *     .accountant(new PldAccountant())
 *     .crossCheckAccountant(new RdpAccountant())
 *     .open()) {
 *   ledger.charge("alice", DatasetId.parse("tax-agency/income-2024"), "round 3",
 *       DpEvent.dpSgd(1.1, 0.01, 100));
 * }
 * }</pre>
 */
public final class JdbcBudgetLedger implements BudgetLedger {
  private static final Logger log = LoggerFactory.getLogger(JdbcBudgetLedger.class);

  private static final int MAX_DESCRIPTION = 2000;
  private static final int MAX_PURPOSE = 2000;

  private final JdbcDatabase db;
  private final PrivacyAccountant accountant;
  private final List<PrivacyAccountant> crossChecks;
  private final Clock clock;
  private final AuditLog auditLog;

  private JdbcBudgetLedger(
      JdbcDatabase db, PrivacyAccountant accountant, List<PrivacyAccountant> crossChecks,
      Clock clock) {
    this.db = db;
    this.accountant = accountant;
    this.crossChecks = List.copyOf(crossChecks);
    this.clock = clock;
    this.auditLog = new JdbcAuditLog(db, false, clock);
  }

  /** A builder; {@link Builder#url} and {@link Builder#accountant} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options for opening a ledger. */
  public static final class Builder {
    private String url;
    private String user;
    private String password;
    // Defaults: PLD enforces (tight), RDP is reported beside it as a cross-check.
    private PrivacyAccountant accountant = new PldAccountant();
    private final List<PrivacyAccountant> crossChecks = new ArrayList<>();
    private boolean defaultCrossCheck = true;
    private Clock clock = Clock.systemUTC();
    private Duration lockTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The JDBC URL (jdbc:h2:... or jdbc:postgresql:...). Required. */
    public Builder url(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException(
            "JDBC URL must be non-empty, e.g. jdbc:h2:file:~/.tillit/tillit;AUTO_SERVER=TRUE. "
                + "Provided value: " + (url == null ? "null" : "'" + url + "'"));
      }
      this.url = url;
      return this;
    }

    /** Database user and password; both may be null (the default) for embedded H2. */
    public Builder credentials(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** The accountant that enforces budgets; default {@link PldAccountant}. */
    public Builder accountant(PrivacyAccountant accountant) {
      if (accountant == null) {
        throw new IllegalArgumentException("accountant must not be null. Provided value: null");
      }
      this.accountant = accountant;
      return this;
    }

    /**
     * An accountant whose figure is reported beside the enforcing one in {@link DatasetStatus}
     * (default: one {@link RdpAccountant}); it never decides a charge. May be called several
     * times; the first call replaces the default.
     */
    public Builder crossCheckAccountant(PrivacyAccountant crossCheck) {
      if (crossCheck == null) {
        throw new IllegalArgumentException(
            "cross-check accountant must not be null. Provided value: null");
      }
      defaultCrossCheck = false;
      this.crossChecks.add(crossCheck);
      return this;
    }

    /** The clock for timestamps; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null. Provided value: null");
      }
      this.clock = clock;
      return this;
    }

    /** How long a charge waits for another charge on the same dataset; default 30 seconds. */
    public Builder lockTimeout(Duration lockTimeout) {
      if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
        throw new IllegalArgumentException(
            "lock timeout must be > 0. Provided value: " + lockTimeout);
      }
      this.lockTimeout = lockTimeout;
      return this;
    }

    /**
     * Connects and migrates.
     *
     * @throws IllegalStateException if the URL was never set
     * @throws IllegalArgumentException if the URL names a database other than H2 or PostgreSQL
     * @throws LedgerStorageException if the database cannot be reached or migrated
     */
    public JdbcBudgetLedger open() {
      if (url == null) {
        throw new IllegalStateException("url must be set before open()");
      }
      try {
        JdbcDatabase db = JdbcDatabase.open(url, user, password, lockTimeout);
        List<PrivacyAccountant> checks =
            defaultCrossCheck ? List.of(new RdpAccountant()) : List.copyOf(crossChecks);
        return new JdbcBudgetLedger(db, accountant, checks, clock);
      } catch (SQLException e) {
        throw new LedgerStorageException(
            "could not open the privacy budget ledger database: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public DatasetStatus createDataset(
      String actor, DatasetId id, PrivacyBudget budget, String description) {
    AuditChain.checkText("actor", actor, 200);
    requireNonNull("dataset id", id);
    requireNonNull("budget", budget);
    String text = description == null ? "" : description;
    if (text.length() > MAX_DESCRIPTION) {
      throw new IllegalArgumentException(
          "description must be at most " + MAX_DESCRIPTION + " characters. Provided length: "
              + text.length());
    }
    Instant now = now();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        if (findDataset(c, id, false) != null) {
          throw new DuplicateDatasetException(id);
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO tillit_dp_dataset (owner_agency, dataset_name, epsilon_budget, "
                    + "delta_budget, description, created_at, created_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          s.setString(1, id.owner());
          s.setString(2, id.dataset());
          s.setDouble(3, budget.epsilon());
          s.setDouble(4, budget.delta());
          s.setString(5, text);
          s.setObject(6, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
          s.setString(7, actor);
          s.executeUpdate();
        } catch (SQLException e) {
          if ("23505".equals(e.getSQLState())) { // unique violation: a concurrent create won
            throw new DuplicateDatasetException(id);
          }
          throw e;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dataset", id.toString());
        details.put("epsilon_budget", budget.epsilon());
        details.put("delta_budget", budget.delta());
        AuditChain.append(c, now, actor, "privacy.dataset.create", id.toString(), details);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw storage("create dataset " + id, e);
    }
    log.info("privacy ledger: dataset {} created with budget {} by {}", id, budget, actor);
    return status(new DatasetRow(0, id, budget, text, now, actor), List.of());
  }

  @Override
  public List<DatasetStatus> listDatasets() {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        List<DatasetRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + DATASET_COLUMNS
                + " FROM tillit_dp_dataset");
            ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rows.add(readDataset(rs));
          }
        }
        Map<Long, List<Charge>> charges = new HashMap<>();
        Map<Long, DatasetId> idsByKey = new HashMap<>();
        for (DatasetRow row : rows) {
          idsByKey.put(row.key, row.id);
          charges.put(row.key, new ArrayList<>());
        }
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + CHARGE_COLUMNS + " FROM tillit_dp_charge ORDER BY id");
            ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long datasetKey = rs.getLong(2);
            DatasetId id = idsByKey.get(datasetKey);
            if (id != null) { // a charge committed after the datasets were read has no entry
              charges.get(datasetKey).add(readCharge(rs, id));
            }
          }
        }
        c.commit();
        List<DatasetStatus> out = new ArrayList<>();
        for (DatasetRow row : rows) {
          out.add(status(row, events(charges.get(row.key))));
        }
        // Sorted here, not in SQL: database collations order '-' and '.' differently.
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw storage("list datasets", e);
    }
  }

  @Override
  public DatasetStatus dataset(DatasetId id) {
    requireNonNull("dataset id", id);
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        DatasetRow row = requireDataset(c, id, false);
        List<Charge> charges = readCharges(c, row);
        c.commit();
        return status(row, events(charges));
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw storage("read dataset " + id, e);
    }
  }

  @Override
  public Charge charge(String actor, DatasetId id, String purpose, DpEvent event) {
    AuditChain.checkText("actor", actor, 200);
    requireNonNull("dataset id", id);
    checkPurpose(purpose);
    checkEvent(event);
    String eventJson = DpEventJson.toJson(event);
    Instant now = now();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        // The row lock serialises charges on this dataset across connections and processes.
        DatasetRow row = requireDataset(c, id, true);
        List<DpEvent> events = events(readCharges(c, row));
        List<DpEvent> withNew = new ArrayList<>(events);
        withNew.add(event);
        double after = spent(accountant, withNew, row.budget.delta());
        if (!(after <= row.budget.epsilon())) {
          double before = spent(accountant, events, row.budget.delta());
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("dataset", id.toString());
          details.put("purpose", purpose);
          details.put("event", DpEventJson.toTree(event));
          details.put("accountant", accountant.name());
          details.put("epsilon_budget", row.budget.epsilon());
          details.put("delta_budget", row.budget.delta());
          details.put("epsilon_spent", before);
          details.put("epsilon_after_charge", finiteOrText(after));
          AuditChain.append(c, now, actor, "privacy.charge.refused", id.toString(), details);
          c.commit();
          BudgetExceededException refused =
              new BudgetExceededException(id, row.budget, before, after, accountant.name());
          log.warn("privacy ledger: {} (actor {})", refused.getMessage(), actor);
          throw refused;
        }
        long chargeId;
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO tillit_dp_charge (dataset_id, charged_at, actor, purpose, event_json, "
                    + "accountant, epsilon_after) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
          s.setLong(1, row.key);
          s.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
          s.setString(3, actor);
          s.setString(4, purpose);
          s.setString(5, eventJson);
          s.setString(6, accountant.name());
          s.setDouble(7, after);
          s.executeUpdate();
          try (ResultSet keys = s.getGeneratedKeys()) {
            if (!keys.next()) {
              throw new SQLException("the database returned no id for the new charge");
            }
            chargeId = keys.getLong(1);
          }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dataset", id.toString());
        details.put("charge_id", chargeId);
        details.put("purpose", purpose);
        details.put("event", DpEventJson.toTree(event));
        details.put("accountant", accountant.name());
        details.put("epsilon_budget", row.budget.epsilon());
        details.put("delta_budget", row.budget.delta());
        details.put("epsilon_after_charge", after);
        AuditChain.append(c, now, actor, "privacy.charge", id.toString(), details);
        c.commit();
        log.info(
            "privacy ledger: charge {} on {} accepted, spent epsilon now {} of {} ({})",
            chargeId, id, after, row.budget.epsilon(), accountant.name());
        return new Charge(chargeId, id, now, actor, purpose, event, accountant.name(), after);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw storage("charge dataset " + id, e);
    }
  }

  @Override
  public List<Charge> charges(DatasetId id) {
    requireNonNull("dataset id", id);
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        DatasetRow row = requireDataset(c, id, false);
        List<Charge> charges = readCharges(c, row);
        c.commit();
        return charges;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw storage("read charges of " + id, e);
    }
  }

  @Override
  public ChargePreview canAfford(DatasetId id, DpEvent event) {
    requireNonNull("dataset id", id);
    checkEvent(event);
    List<DpEvent> events;
    DatasetRow row;
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        row = requireDataset(c, id, false);
        events = events(readCharges(c, row));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw storage("preview a charge on " + id, e);
    }
    List<DpEvent> withNew = new ArrayList<>(events);
    withNew.add(event);
    double before = spent(accountant, events, row.budget.delta());
    double after = spent(accountant, withNew, row.budget.delta());
    return new ChargePreview(id, event, row.budget, accountant.name(), before, after);
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public void close() {
    db.close();
  }

  // ---------------------------------------------------------------------------------------------

  private static final String DATASET_COLUMNS =
      "id, owner_agency, dataset_name, epsilon_budget, delta_budget, description, created_at, "
          + "created_by";
  private static final String CHARGE_COLUMNS =
      "id, dataset_id, charged_at, actor, purpose, event_json, accountant, epsilon_after";

  private record DatasetRow(
      long key, DatasetId id, PrivacyBudget budget, String description, Instant createdAt,
      String createdBy) {}

  private static DatasetRow findDataset(Connection c, DatasetId id, boolean lock)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + DATASET_COLUMNS + " FROM tillit_dp_dataset "
                + "WHERE owner_agency = ? AND dataset_name = ?" + (lock ? " FOR UPDATE" : ""))) {
      s.setString(1, id.owner());
      s.setString(2, id.dataset());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? readDataset(rs) : null;
      }
    }
  }

  private static DatasetRow requireDataset(Connection c, DatasetId id, boolean lock)
      throws SQLException {
    DatasetRow row = findDataset(c, id, lock);
    if (row == null) {
      throw new UnknownDatasetException(id);
    }
    return row;
  }

  private static DatasetRow readDataset(ResultSet rs) throws SQLException {
    return new DatasetRow(
        rs.getLong(1),
        new DatasetId(rs.getString(2), rs.getString(3)),
        new PrivacyBudget(rs.getDouble(4), rs.getDouble(5)),
        rs.getString(6),
        rs.getObject(7, OffsetDateTime.class).toInstant(),
        rs.getString(8));
  }

  private static List<Charge> readCharges(Connection c, DatasetRow row) throws SQLException {
    List<Charge> out = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + CHARGE_COLUMNS + " FROM tillit_dp_charge WHERE dataset_id = ? ORDER BY id")) {
      s.setLong(1, row.key);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(readCharge(rs, row.id));
        }
      }
    }
    return out;
  }

  private static Charge readCharge(ResultSet rs, DatasetId id) throws SQLException {
    long chargeId = rs.getLong(1);
    DpEvent event;
    try {
      event = DpEventJson.fromJson(rs.getString(6));
    } catch (IllegalArgumentException e) {
      throw new SQLException(
          "stored charge " + chargeId + " of dataset " + id + " has an unreadable event: "
              + e.getMessage(), e);
    }
    return new Charge(
        chargeId,
        id,
        rs.getObject(3, OffsetDateTime.class).toInstant(),
        rs.getString(4),
        rs.getString(5),
        event,
        rs.getString(7),
        rs.getDouble(8));
  }

  private static List<DpEvent> events(List<Charge> charges) {
    List<DpEvent> events = new ArrayList<>(charges.size());
    for (Charge charge : charges) {
      events.add(charge.event());
    }
    return events;
  }

  /**
   * The epsilon the accountant certifies for the composition of {@code events}. Composition is
   * always left to the accountant; only the empty composition is known to cost nothing.
   */
  private static double spent(PrivacyAccountant accountant, List<DpEvent> events, double delta) {
    if (events.isEmpty()) {
      return 0.0;
    }
    double epsilon = accountant.epsilon(new DpEvent.Composed(events), delta);
    if (Double.isNaN(epsilon) || epsilon < 0) {
      throw new IllegalStateException(
          "accountant " + accountant.name() + " returned an invalid epsilon " + epsilon
              + " (expected >= 0 or infinity)");
    }
    return epsilon;
  }

  private DatasetStatus status(DatasetRow row, List<DpEvent> events) {
    double spent = spent(accountant, events, row.budget.delta());
    Map<String, Double> byAccountant = new LinkedHashMap<>();
    byAccountant.put(accountant.name(), spent);
    DpEvent composed = new DpEvent.Composed(events);
    for (PrivacyAccountant check : crossChecks) {
      if (byAccountant.containsKey(check.name())) {
        continue;
      }
      if (!events.isEmpty() && !check.supports(composed)) {
        continue;
      }
      try {
        byAccountant.put(check.name(), spent(check, events, row.budget.delta()));
      } catch (RuntimeException e) {
        log.debug("cross-check accountant {} failed on {}: {}", check.name(), row.id, e.toString());
      }
    }
    return new DatasetStatus(
        row.id, row.budget, row.description, row.createdAt, row.createdBy, events.size(),
        accountant.name(), spent, byAccountant);
  }

  private void checkEvent(DpEvent event) {
    requireNonNull("event", event);
    if (!accountant.supports(event)) {
      throw new IllegalArgumentException(
          "event must be one that accountant " + accountant.name() + " can account for. "
              + "Provided value: " + DpEventJson.toJson(event));
    }
  }

  private static void checkPurpose(String purpose) {
    if (purpose == null || purpose.isBlank()) {
      throw new IllegalArgumentException(
          "purpose must be non-empty. Provided value: "
              + (purpose == null ? "null" : "'" + purpose + "'"));
    }
    if (purpose.length() > MAX_PURPOSE) {
      throw new IllegalArgumentException(
          "purpose must be at most " + MAX_PURPOSE + " characters. Provided length: "
              + purpose.length());
    }
  }

  private static void requireNonNull(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null. Provided value: null");
    }
  }

  private static Object finiteOrText(double value) {
    return Double.isFinite(value) ? (Object) value : (Object) "infinity";
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("rollback failed", e);
    }
  }

  private static LedgerStorageException storage(String what, SQLException e) {
    return new LedgerStorageException(
        "privacy budget ledger could not " + what + " (nothing was changed): " + e.getMessage(), e);
  }
}
