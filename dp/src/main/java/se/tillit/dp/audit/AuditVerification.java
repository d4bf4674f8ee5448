package se.tillit.dp.audit;

import java.util.OptionalLong;

/**
 * The result of {@link AuditLog#verify()}.
 *
 * @param intact true if every record's hash and link check out and no record is missing
 * @param recordsChecked how many records were read
 * @param firstBrokenSequence the sequence number of the first record that is altered, out of
 *     place or missing; empty when intact
 * @param problem what is wrong with that record, for people; empty when intact
 */
public record AuditVerification(
    boolean intact, long recordsChecked, OptionalLong firstBrokenSequence, String problem) {

  /** An intact chain of {@code recordsChecked} records. */
  public static AuditVerification ok(long recordsChecked) {
    return new AuditVerification(true, recordsChecked, OptionalLong.empty(), "");
  }

  /** A chain broken at {@code sequence}. */
  public static AuditVerification broken(long recordsChecked, long sequence, String problem) {
    return new AuditVerification(false, recordsChecked, OptionalLong.of(sequence), problem);
  }

  @Override
  public String toString() {
    return intact
        ? "audit log intact (" + recordsChecked + " records)"
        : "audit log BROKEN at record " + firstBrokenSequence.getAsLong() + ": " + problem;
  }
}
