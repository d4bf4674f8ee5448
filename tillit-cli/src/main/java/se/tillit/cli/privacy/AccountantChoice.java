package se.tillit.cli.privacy;

import se.tillit.dp.accounting.PldAccountant;
import se.tillit.dp.accounting.PrivacyAccountant;
import se.tillit.dp.accounting.RdpAccountant;

/** The accountants a user can pick with {@code --accountant}. */
public enum AccountantChoice {
  rdp,
  pld;

  public PrivacyAccountant create() {
    return switch (this) {
      case rdp -> new RdpAccountant();
      case pld -> new PldAccountant();
    };
  }
}
