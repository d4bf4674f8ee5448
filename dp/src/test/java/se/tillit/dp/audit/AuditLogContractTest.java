package se.tillit.dp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.tillit.dp.audit.internal.AuditChain;

/** One suite for every database the audit log runs on; subclasses supply the database. */
abstract class AuditLogContractTest {
  protected TestDatabase db;
  protected AuditLog log;

  /** A fresh, empty database for one test. */
  protected abstract TestDatabase newDatabase() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    db = newDatabase();
    log = AuditLog.open(db.url(), db.user(), db.password());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (log != null) {
      log.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private void appendFive() {
    for (int i = 1; i <= 5; i++) {
      log.append("officer-" + i, "privacy.charge", "tax-agency/income-2024", Map.of("n", i));
    }
  }

  @Test
  void append_first_hasSequenceOneAndGenesisPreviousHash() {
    Instant before = Instant.now().minusSeconds(1);

    AuditRecord r =
        log.append("alice", "privacy.dataset.create", "tax-agency/income-2024",
            Map.of("epsilon_budget", 1.0, "b", "x"));

    assertThat(r.sequence()).isEqualTo(1);
    assertThat(r.previousHash()).isEqualTo("0".repeat(64));
    assertThat(r.hash()).matches("[0-9a-f]{64}");
    assertThat(r.detailsJson()).isEqualTo("{\"b\":\"x\",\"epsilon_budget\":1.0}");
    assertThat(r.timestamp()).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(log.latest()).contains(r);
  }

  @Test
  void append_several_eachLinksToPreviousAndReadsBackUnchanged() {
    appendFive();

    List<AuditRecord> records = log.records(1, 100);

    assertThat(records).hasSize(5);
    for (int i = 0; i < 5; i++) {
      AuditRecord r = records.get(i);
      assertThat(r.sequence()).isEqualTo(i + 1);
      assertThat(r.actor()).isEqualTo("officer-" + (i + 1));
      assertThat(r.previousHash())
          .isEqualTo(i == 0 ? AuditChain.GENESIS_HASH : records.get(i - 1).hash());
      assertThat(r.hash())
          .isEqualTo(AuditChain.hash(r.sequence(), r.timestamp(), r.actor(), r.action(),
              r.subject(), r.detailsJson(), r.previousHash()));
    }
    assertThat(log.records(4, 1)).extracting(AuditRecord::sequence).containsExactly(4L);
  }

  @Test
  void verify_emptyLog_intact() {
    assertThat(log.verify()).isEqualTo(AuditVerification.ok(0));
  }

  @Test
  void verify_untouchedLog_intact() {
    appendFive();

    AuditVerification v = log.verify();

    assertThat(v.intact()).isTrue();
    assertThat(v.recordsChecked()).isEqualTo(5);
    assertThat(v.firstBrokenSequence()).isEmpty();
  }

  @Test
  void verify_editedDetails_brokenAtEditedRecord() throws Exception {
    appendFive();
    db.execute("UPDATE tillit_dp_audit SET details = '{\"n\":30}' WHERE seq = 3");

    AuditVerification v = log.verify();

    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSequence()).hasValue(3);
    assertThat(v.problem()).contains("edited");
    assertThat(v.toString()).contains("BROKEN at record 3");
  }

  @Test
  void verify_editedActorOrTimestamp_brokenAtEditedRecord() throws Exception {
    appendFive();
    db.execute("UPDATE tillit_dp_audit SET actor = 'mallory' WHERE seq = 2");

    assertThat(log.verify().firstBrokenSequence()).hasValue(2);

    db.execute("UPDATE tillit_dp_audit SET actor = 'officer-2' WHERE seq = 2");
    assertThat(log.verify().intact()).isTrue();
    db.execute("UPDATE tillit_dp_audit SET recorded_at = TIMESTAMP WITH TIME ZONE "
        + "'2020-01-01 00:00:00+00' WHERE seq = 4");

    assertThat(log.verify().firstBrokenSequence()).hasValue(4);
  }

  @Test
  void verify_editedAndRehashed_brokenAtNextRecord() throws Exception {
    appendFive();
    AuditRecord r = log.records(2, 1).get(0);
    String forged = AuditChain.hash(r.sequence(), r.timestamp(), "mallory", r.action(), r.subject(),
        r.detailsJson(), r.previousHash());
    db.execute("UPDATE tillit_dp_audit SET actor = 'mallory', hash = '" + forged
        + "' WHERE seq = 2");

    AuditVerification v = log.verify();

    assertThat(v.firstBrokenSequence()).hasValue(3);
    assertThat(v.problem()).contains("previous-hash");
  }

  @Test
  void verify_deletedMiddleRecord_brokenAtDeletedSequence() throws Exception {
    appendFive();
    db.execute("DELETE FROM tillit_dp_audit WHERE seq = 2");

    AuditVerification v = log.verify();

    assertThat(v.firstBrokenSequence()).hasValue(2);
    assertThat(v.problem()).contains("record 2 is missing");
  }

  @Test
  void verify_deletedLastRecord_brokenAtLastSequence() throws Exception {
    appendFive();
    db.execute("DELETE FROM tillit_dp_audit WHERE seq = 5");

    AuditVerification v = log.verify();

    assertThat(v.firstBrokenSequence()).hasValue(5);
    assertThat(v.problem()).contains("deleted from the end");
  }

  @Test
  void verify_deletedAllRecords_brokenAtOne() throws Exception {
    appendFive();
    db.execute("DELETE FROM tillit_dp_audit");

    assertThat(log.verify().firstBrokenSequence()).hasValue(1);
  }

  @Test
  void verify_swappedRecords_brokenAtFirstSwapped() throws Exception {
    appendFive();
    db.execute("UPDATE tillit_dp_audit SET seq = -1 WHERE seq = 2");
    db.execute("UPDATE tillit_dp_audit SET seq = 2 WHERE seq = 3");
    db.execute("UPDATE tillit_dp_audit SET seq = 3 WHERE seq = -1");

    AuditVerification v = log.verify();

    assertThat(v.firstBrokenSequence()).hasValue(2);
  }

  @Test
  void verify_recordInsertedBeyondHead_broken() throws Exception {
    appendFive();
    AuditRecord last = log.latest().orElseThrow();
    Instant t = last.timestamp();
    String hash = AuditChain.hash(6, t, "mallory", "privacy.charge", "x", "{}", last.hash());
    db.execute("INSERT INTO tillit_dp_audit (seq, recorded_at, actor, action, subject, details, "
        + "prev_hash, hash) VALUES (6, TIMESTAMP WITH TIME ZONE '" + t.toString().replace('T', ' ')
            .replace("Z", "+00") + "', 'mallory', 'privacy.charge', 'x', '{}', '" + last.hash()
        + "', '" + hash + "')");

    AuditVerification v = log.verify();

    assertThat(v.firstBrokenSequence()).hasValue(6);
    assertThat(v.problem()).contains("beyond the chain head");
  }

  @Test
  void append_afterReopen_continuesChain() {
    appendFive();
    log.close();
    log = AuditLog.open(db.url(), db.user(), db.password());

    AuditRecord sixth = log.append("bob", "privacy.charge", "s", Map.of());

    assertThat(sixth.sequence()).isEqualTo(6);
    assertThat(log.verify()).isEqualTo(AuditVerification.ok(6));
  }

  @Test
  void append_concurrentFromTwoLogs_gaplessIntactChain() throws Exception {
    try (AuditLog other = AuditLog.open(db.url(), db.user(), db.password())) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<AuditRecord>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          AuditLog target = i % 2 == 0 ? log : other;
          int n = i;
          Callable<AuditRecord> task = () -> target.append("t" + n, "test.append", "s", Map.of());
          futures.add(pool.submit(task));
        }
        for (Future<AuditRecord> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }

    assertThat(log.verify()).isEqualTo(AuditVerification.ok(40));
    assertThat(log.records(1, 100)).extracting(AuditRecord::sequence)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
  }

  @Test
  void append_badInput_throwsNamingParameter() {
    assertThatThrownBy(() -> log.append("", "a", "s", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actor must be non-empty. Provided value: ''");
    assertThatThrownBy(() -> log.append("alice", null, "s", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action must be non-empty. Provided value: null");
    assertThatThrownBy(() -> log.append("alice", "a", "x".repeat(301), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject must be at most 300 characters. Provided length: 301");
    assertThatThrownBy(() -> log.append("alice\nforged line", "a", "s", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor must not contain control characters");
    assertThatThrownBy(() -> log.records(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fromSequence must be >= 1. Provided value: 0");
    assertThat(log.latest()).isEmpty();
  }

  @Test
  void methods_afterClose_throwIllegalState() {
    log.close();

    assertThatThrownBy(() -> log.append("a", "b", "c", Map.of()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.verify()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void verify_timestamps_areUtcMicroseconds() {
    AuditRecord r = log.append("a", "b", "c", Map.of());

    AuditRecord read = log.records(1, 1).get(0);

    assertThat(read.timestamp()).isEqualTo(r.timestamp());
    assertThat(read.timestamp().getNano() % 1000).isZero();
    assertThat(Duration.between(read.timestamp(), Instant.now()).abs()).isLessThan(
        Duration.ofMinutes(1));
  }
}
