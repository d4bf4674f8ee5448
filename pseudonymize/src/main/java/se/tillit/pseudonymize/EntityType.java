package se.tillit.pseudonymize;

/**
 * The kinds of personal data Tillit finds in Swedish text. The placeholder of an entity is its
 * type's name and a number, e.g. {@code [PERSON_1]}, {@code [PERSONNUMMER_2]}.
 */
public enum EntityType {
  /** A person's name. */
  PERSON,
  /** An organisation's name. */
  ORGANISATION,
  /** A place name (city, country, region, ...). */
  PLACE,
  /** Swedish personal identity number (10 or 12 digits, {@code -} or {@code +}). */
  PERSONNUMMER,
  /** Coordination number: a personnummer whose day is increased by 60. */
  SAMORDNINGSNUMMER,
  /** Interim number used by some agencies (a letter in the serial part, e.g. 000101-T220). */
  INTERIM_NUMBER,
  /** Swedish organisation number. */
  ORGANISATIONSNUMMER,
  /** Swedish phone number, national or +46 form. */
  PHONE,
  /** E-mail address. */
  EMAIL,
  /** IBAN (ISO 13616, mod-97 check). */
  IBAN,
  /** Bankgiro number. */
  BANKGIRO,
  /** Plusgiro number. */
  PLUSGIRO,
  /** Swedish bank account number (clearing number + account). */
  BANK_ACCOUNT,
  /** Swedish postal code (NNN NN). */
  POSTAL_CODE,
  /** Street address (street name and number). */
  ADDRESS
}
