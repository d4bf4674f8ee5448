package se.tillit.fl.coordinator.strategy;

import java.util.Objects;
import se.tillit.fl.protocol.ModelParameters;

/**
 * One client's training result: its report and its update as a <em>difference</em> from the
 * round's global model (client parameters minus global parameters), already passed through the
 * client's privacy pipeline (for example clipped). The layout equals the global model's.
 */
public record ClientUpdate(ClientReport report, ModelParameters delta) {
  public ClientUpdate {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(delta, "delta");
  }

  public String clientId() {
    return report.clientId();
  }

  public long numExamples() {
    return report.numExamples();
  }

  @Override
  public String toString() {
    return "ClientUpdate{client=" + report.clientId() + ", examples=" + report.numExamples()
        + ", tensors=" + delta.size() + "}";
  }
}
