package se.tillit.dp.accounting;

/**
 * Answers (epsilon, delta) questions about a {@link DpEvent} under the add/remove neighbouring
 * relation (the worse of the two directions).
 *
 * <p>Implementations are stateless and thread-safe. Every answer is an upper bound on the true
 * privacy loss of the event: an accountant may be loose, never optimistic.
 */
public interface PrivacyAccountant {

  /** The short name used on the command line and in stored records: {@code "rdp"} or {@code "pld"}. */
  String name();

  /**
   * The smallest epsilon this accountant can certify for {@code event} at the given delta.
   *
   * @param delta in (0, 1)
   * @return epsilon >= 0, or {@link Double#POSITIVE_INFINITY} if no finite epsilon can be certified
   * @throws IllegalArgumentException if delta is outside (0, 1), or the event is not supported
   */
  double epsilon(DpEvent event, double delta);

  /**
   * The smallest delta this accountant can certify for {@code event} at the given epsilon.
   *
   * @param epsilon >= 0 and finite
   * @return delta in [0, 1]
   * @throws IllegalArgumentException if epsilon is negative, NaN or infinite, or the event is not
   *     supported
   */
  double delta(DpEvent event, double epsilon);

  /** Whether this accountant can account for the event (all its nested events included). */
  boolean supports(DpEvent event);
}
