/**
 * The federated-learning coordinator: {@link se.tillit.fl.coordinator.Coordinator} (the facade),
 * {@link se.tillit.fl.coordinator.RunSpec} (run files), {@link se.tillit.fl.coordinator.CoordinatorConfig}
 * (coordinator.yaml) and {@link se.tillit.fl.coordinator.StateStore} (runs, rounds, clients,
 * checkpoints and the audit trail in H2 or PostgreSQL). Strategies and the aggregation contract are
 * in {@code se.tillit.fl.coordinator.strategy}.
 *
 * <h2>Runs and rounds</h2>
 *
 * <ul>
 *   <li><b>One run at a time.</b> Runs submitted while one trains wait SUBMITTED, in submission
 *       order; cancelling a waiting run ends it at once.
 *   <li><b>A round</b> waits until {@code sampling.min_clients} eligible clients are connected
 *       (eligible: the allow-list, when given, names the client's {@code agency} property or its
 *       id), samples {@code max(min_clients, ceil(fraction * eligible))} of them with
 *       {@code SecureRandom}, stores "round started" with the sample, sends the tasks, and waits
 *       until every sampled client has answered (result or error) or the deadline has passed.
 *   <li><b>At the deadline</b> the clients still working are stragglers: they get CancelTask and
 *       are handed to the strategy as {@code TIMEOUT} failures. With at least {@code quorum}
 *       contributors the round is aggregated ({@code Aggregator} weighted by
 *       {@code Strategy.weighting()}, then {@code Strategy.aggregateTrain}) and its checkpoint
 *       (global model and strategy state) and metrics are stored in one transaction.
 *   <li><b>Without quorum</b> the attempt is stored FAILED and the round is tried again with a new
 *       sample, up to {@code max_round_attempts} tries in all (default 3); then the run FAILS.
 *   <li><b>Evaluation</b>: after every {@code evaluate_every} training rounds an EVALUATE round
 *       sends the new global model; its example-weighted metrics are stored. A failed evaluation
 *       round is recorded and the run goes on.
 * </ul>
 *
 * <h2>Restart</h2>
 *
 * <p>A coordinator that stops (gracefully or not) leaves its run RUNNING. On start it resumes the
 * run after the last stored checkpoint: the strategy is made again by the factory and its state
 * restored, the round in progress is marked ABANDONED and run again. An evaluation round that was
 * in progress is not repeated. Clients reconnect by themselves (graceful shutdown sends them
 * Reconnect).
 *
 * <h2>Threads</h2>
 *
 * <p>No thread per client: messages are handled on gRPC's executor, heartbeat checks on one
 * scheduler thread, database writes about clients on one writer thread, and rounds on one run
 * thread. Incoming updates beyond {@code limits.max_concurrent_uploads} wait through gRPC flow
 * control (the session stops requesting messages), not by blocking a thread.
 */
package se.tillit.fl.coordinator;
