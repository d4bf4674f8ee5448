package se.tillit.dp.audit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.tillit.dp.audit.AuditRecord;
import se.tillit.dp.audit.AuditVerification;

/**
 * The hash chain of the audit log, on a caller's JDBC connection, so that a ledger can write its
 * audit record in the same transaction as the change it records.
 *
 * <p>Canonical encoding hashed for record n: the ASCII tag {@code tillit-audit-v1}, then for each
 * of sequence (decimal), timestamp ({@link Instant#toString()} of the UTC instant truncated to
 * microseconds), actor, action, subject, details (the stored JSON text) and previous hash (lowercase
 * hex): its UTF-8 length as a 4-byte big-endian integer followed by its UTF-8 bytes. Length
 * prefixes make the encoding unambiguous (no field can bleed into the next).
 *
 * <p>Internal: not part of the public API.
 */
public final class AuditChain {
  /** The previous hash of record 1. */
  public static final String GENESIS_HASH = "0".repeat(64);

  private static final byte[] TAG = "tillit-audit-v1".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();

  private static final String COLUMNS =
      "seq, recorded_at, actor, action, subject, details, prev_hash, hash";

  private AuditChain() {}

  /**
   * Appends a record within the caller's transaction ({@code connection} must not be in auto-commit
   * mode; the caller commits). Locks the chain head until the transaction ends.
   */
  public static AuditRecord append(
      Connection connection,
      Instant now,
      String actor,
      String action,
      String subject,
      Map<String, ?> details)
      throws SQLException {
    checkText("actor", actor, 200);
    checkText("action", action, 100);
    checkText("subject", subject, 300);
    String detailsJson = detailsJson(details);
    if (connection.getAutoCommit()) {
      throw new IllegalStateException("audit append must run inside a transaction");
    }
    Instant timestamp = now.truncatedTo(ChronoUnit.MICROS);
    long lastSeq;
    String lastHash;
    try (PreparedStatement head =
            connection.prepareStatement(
                "SELECT last_seq, last_hash FROM tillit_dp_audit_head WHERE id = 1 FOR UPDATE");
        ResultSet rs = head.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit log head row is missing: the audit tables were tampered with");
      }
      lastSeq = rs.getLong(1);
      lastHash = rs.getString(2);
    }
    long seq = lastSeq + 1;
    String hash = hash(seq, timestamp, actor, action, subject, detailsJson, lastHash);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO tillit_dp_audit (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, seq);
      insert.setObject(2, OffsetDateTime.ofInstant(timestamp, ZoneOffset.UTC));
      insert.setString(3, actor);
      insert.setString(4, action);
      insert.setString(5, subject);
      insert.setString(6, detailsJson);
      insert.setString(7, lastHash);
      insert.setString(8, hash);
      insert.executeUpdate();
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE tillit_dp_audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
      update.setLong(1, seq);
      update.setString(2, hash);
      update.executeUpdate();
    }
    return new AuditRecord(seq, timestamp, actor, action, subject, detailsJson, lastHash, hash);
  }

  /** Up to {@code limit} records from {@code fromSequence} on. */
  public static List<AuditRecord> records(Connection connection, long fromSequence, int limit)
      throws SQLException {
    List<AuditRecord> out = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM tillit_dp_audit WHERE seq >= ? ORDER BY seq")) {
      s.setLong(1, fromSequence);
      s.setMaxRows(limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next() && out.size() < limit) {
          out.add(read(rs));
        }
      }
    }
    return out;
  }

  /** The record at the head of the chain, if any. */
  public static Optional<AuditRecord> latest(Connection connection) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM tillit_dp_audit WHERE seq = "
                + "(SELECT last_seq FROM tillit_dp_audit_head WHERE id = 1)");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  /**
   * Recomputes the chain. Safe while other processes append: records appended during the
   * verification are checked like the others, never reported as tampering.
   */
  public static AuditVerification verify(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // lets the PostgreSQL driver stream with a cursor
    try {
      Head before = readHead(connection);
      long checked = 0;
      long expectedSeq = 1;
      String expectedPrev = GENESIS_HASH;
      String hashAtHead = before.lastSeq == 0 ? GENESIS_HASH : null;
      try (PreparedStatement s =
          connection.prepareStatement("SELECT " + COLUMNS + " FROM tillit_dp_audit ORDER BY seq")) {
        s.setFetchSize(500);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            AuditRecord r = read(rs);
            checked++;
            if (r.sequence() != expectedSeq) {
              return AuditVerification.broken(
                  checked,
                  expectedSeq,
                  r.sequence() > expectedSeq
                      ? "record " + expectedSeq + " is missing (next record found is "
                          + r.sequence() + "): it was deleted or renumbered"
                      : "record " + r.sequence() + " appears out of order");
            }
            if (!expectedPrev.equals(r.previousHash())) {
              return AuditVerification.broken(
                  checked,
                  r.sequence(),
                  "its previous-hash does not match the hash of record " + (r.sequence() - 1)
                      + ": a record was moved, inserted or replaced here");
            }
            String recomputed =
                hash(r.sequence(), r.timestamp(), r.actor(), r.action(), r.subject(),
                    r.detailsJson(), r.previousHash());
            if (!recomputed.equals(r.hash())) {
              return AuditVerification.broken(
                  checked, r.sequence(), "its content does not match its hash: it was edited");
            }
            if (r.sequence() == before.lastSeq) {
              hashAtHead = r.hash();
            }
            expectedPrev = r.hash();
            expectedSeq++;
          }
        }
      }
      long lastSeq = expectedSeq - 1;
      Head after = readHead(connection);
      if (lastSeq > after.lastSeq) {
        return AuditVerification.broken(
            checked, after.lastSeq + 1,
            "record " + (after.lastSeq + 1) + " lies beyond the chain head (" + after.lastSeq
                + "): it was inserted outside the audit log");
      }
      if (lastSeq < before.lastSeq) {
        return AuditVerification.broken(
            checked, lastSeq + 1,
            "records " + (lastSeq + 1) + " to " + before.lastSeq
                + " are missing: they were deleted from the end of the log");
      }
      if (!before.lastHash.equals(hashAtHead)) {
        return AuditVerification.broken(
            checked, before.lastSeq,
            "its hash differs from the one recorded in the chain head: it was rewritten");
      }
      return AuditVerification.ok(checked);
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
  }

  private record Head(long lastSeq, String lastHash) {}

  private static Head readHead(Connection connection) throws SQLException {
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT last_seq, last_hash FROM tillit_dp_audit_head WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit log head row is missing: the audit tables were tampered with");
      }
      return new Head(rs.getLong(1), rs.getString(2));
    }
  }

  private static AuditRecord read(ResultSet rs) throws SQLException {
    OffsetDateTime ts = rs.getObject(2, OffsetDateTime.class);
    return new AuditRecord(
        rs.getLong(1),
        ts.toInstant(),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  /** Lowercase hex SHA-256 over the canonical encoding described in the class comment. */
  public static String hash(
      long seq, Instant timestamp, String actor, String action, String subject, String details,
      String previousHash) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    sha.update(TAG);
    field(sha, Long.toString(seq));
    field(sha, timestamp.truncatedTo(ChronoUnit.MICROS).toString());
    field(sha, actor);
    field(sha, action);
    field(sha, subject);
    field(sha, details);
    field(sha, previousHash);
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void field(MessageDigest sha, String value) {
    byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }

  /** The details as a JSON object with keys in sorted order. */
  public static String detailsJson(Map<String, ?> details) {
    if (details == null) {
      return "{}";
    }
    for (Object key : details.keySet()) {
      if (key == null) {
        throw new IllegalArgumentException("details keys must not be null. Provided value: null");
      }
    }
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "details must be values that can be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Non-empty, at most {@code max} characters, no control characters. */
  public static String checkText(String name, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " must be non-empty. Provided value: " + (value == null ? "null" : "'" + value + "'"));
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          name + " must be at most " + max + " characters. Provided length: " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            name + " must not contain control characters (such as a line break). Found one at "
                + "index " + i);
      }
    }
    return value;
  }
}
