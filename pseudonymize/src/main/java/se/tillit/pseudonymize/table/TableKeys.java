package se.tillit.pseudonymize.table;

/** A source of keys by alias; {@link TableKeyStore} is the usual one. */
@FunctionalInterface
public interface TableKeys {
  /**
   * Returns the key stored under {@code alias} for {@code purpose}.
   *
   * @throws KeyStoreAccessException if there is no such key or it is for another purpose; the
   *     message names the alias, never key material
   */
  TableKey get(String alias, KeyPurpose purpose);
}
