package se.tillit.pseudonymize.table.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import se.tillit.pseudonymize.table.KeyPurpose;
import se.tillit.pseudonymize.table.TableKey;
import se.tillit.pseudonymize.table.TableKeys;
import se.tillit.pseudonymize.table.internal.CellTransform.CellException;

/** Builds the cell transform for a column spec. */
public final class Transforms {
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private Transforms() {}

  /**
   * @param header index of each input column (for date_shift's person column)
   */
  public static CellTransform create(ColumnSpec spec, TableKeys keys, Map<String, Integer> header) {
    switch (spec.kind()) {
      case HMAC:
        return new Hmac(key(spec, keys), spec.string("context"), spec.string("prefix"),
            spec.integer("length"), spec.string("normalize"));
      case ENCRYPT:
        return new Siv(key(spec, keys), spec.string("context"), spec.string("prefix"));
      case FPE:
        return "personnummer".equals(spec.string("format"))
            ? new FpePersonnummer(key(spec, keys), spec.string("context"))
            : new FpeDigits(key(spec, keys), spec.string("context"));
      case DATE_SHIFT: {
        Integer idx = header.get(spec.string("person"));
        if (idx == null) {
          throw new IllegalArgumentException("date_shift of column '" + spec.column()
              + "' needs person column '" + spec.string("person") + "', which the input does not have");
        }
        return new DateShift(key(spec, keys), spec.string("context"), idx, spec.string("person"),
            spec.integer("max_days"), PolicyParser.DateFormats.formatter(spec.string("format")));
      }
      case GENERALIZE:
        switch (spec.string("method")) {
          case "age_band":
            return ageBand(spec.integer("width"), spec.optionalInteger("top"));
          case "postcode_prefix":
            return postcodePrefix(spec.integer("digits"));
          case "date":
            return dateTo(spec.string("to"), PolicyParser.DateFormats.formatter(spec.string("format")));
          default:
            return round(new BigDecimal(spec.string("step")));
        }
      case SUPPRESS:
        return (v, row) -> "";
      default:
        return (v, row) -> v;
    }
  }

  private static TableKey key(ColumnSpec spec, TableKeys keys) {
    return keys.get(spec.keyAlias(), spec.kind().keyPurpose());
  }

  private static byte[] domain(String label, String context) {
    return (label + "\0" + context + "\0").getBytes(StandardCharsets.UTF_8);
  }

  private static Mac hmac(TableKey key) {
    byte[] k = key.toByteArrayInsecure();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(k, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** RFC 4648 base32 without padding. */
  static String base32(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }

  /** Keyed pseudonym: prefix + base32(HMAC-SHA-256(key, domain || value)), truncated. */
  static final class Hmac implements CellTransform {
    private final Mac mac;
    private final byte[] domain;
    private final String prefix;
    private final int length;
    private final String normalize;

    Hmac(TableKey key, String context, String prefix, int length, String normalize) {
      this.mac = hmac(key);
      this.domain = domain("tillit/hmac/v1", context);
      this.prefix = prefix;
      this.length = length;
      this.normalize = normalize;
    }

    @Override
    public String apply(String value, String[] row) {
      String v = normalize(value, normalize);
      if (v.isEmpty()) {
        return "";
      }
      mac.update(domain);
      byte[] tag = mac.doFinal(v.getBytes(StandardCharsets.UTF_8));
      return prefix + base32(tag).substring(0, length);
    }
  }

  static String normalize(String value, String how) {
    switch (how) {
      case "trim":
        return value.strip();
      case "lowercase":
        return value.strip().toLowerCase(Locale.ROOT);
      case "digits": {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (c >= '0' && c <= '9') {
            sb.append(c);
          }
        }
        return sb.toString();
      }
      default:
        return value;
    }
  }

  /** AES-SIV: prefix + base64url(V || C), associated data = context. */
  static final class Siv implements CellTransform {
    private final AesSiv siv;
    private final byte[] ad;
    private final String prefix;

    Siv(TableKey key, String context, String prefix) {
      byte[] k = key.toByteArrayInsecure();
      try {
        this.siv = new AesSiv(k);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("key '" + key.alias() + "' is not an AES-SIV key");
      } finally {
        Arrays.fill(k, (byte) 0);
      }
      this.ad = domain("tillit/encrypt/v1", context);
      this.prefix = prefix;
    }

    @Override
    public String apply(String value, String[] row) {
      byte[] c = siv.encrypt(value.getBytes(StandardCharsets.UTF_8), ad);
      return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(c);
    }

    @Override
    public String reverse(String value) throws CellException {
      if (!value.startsWith(prefix)) {
        throw new CellException("is not an encrypted value (the prefix '" + prefix + "' is missing)");
      }
      byte[] c;
      try {
        c = Base64.getUrlDecoder().decode(value.substring(prefix.length()));
      } catch (IllegalArgumentException e) {
        throw new CellException("is not an encrypted value (not base64url)");
      }
      try {
        return new String(siv.decrypt(c, ad), StandardCharsets.UTF_8);
      } catch (AEADBadTagException e) {
        throw new CellException(
            "could not be decrypted: wrong key, or the value was not produced with this key and context");
      }
    }
  }

  /** FF1 on a personnummer or samordningsnummer, keeping it well formed with a valid check digit. */
  static final class FpePersonnummer implements CellTransform {
    private final PersonnummerFpe fpe;

    FpePersonnummer(TableKey key, String context) {
      byte[] k = key.toByteArrayInsecure();
      try {
        this.fpe = new PersonnummerFpe(k, domain("tillit/fpe/personnummer/v1", context));
      } finally {
        Arrays.fill(k, (byte) 0);
      }
    }

    @Override
    public String apply(String value, String[] row) throws CellException {
      try {
        return fpe.encrypt(value);
      } catch (PersonnummerFpe.InvalidPersonnummerException e) {
        throw new CellException("is not a valid personnummer: " + e.getMessage());
      }
    }

    @Override
    public String reverse(String value) throws CellException {
      try {
        return fpe.decrypt(value);
      } catch (PersonnummerFpe.InvalidPersonnummerException e) {
        throw new CellException("is not a valid personnummer: " + e.getMessage());
      }
    }
  }

  /** FF1 on the digits of a value; other characters stay in place. */
  static final class FpeDigits implements CellTransform {
    private final Ff1 ff1;

    FpeDigits(TableKey key, String context) {
      byte[] k = key.toByteArrayInsecure();
      try {
        this.ff1 = new Ff1(k, 10, domain("tillit/fpe/digits/v1", context));
      } finally {
        Arrays.fill(k, (byte) 0);
      }
    }

    @Override
    public String apply(String value, String[] row) throws CellException {
      return run(value, true);
    }

    @Override
    public String reverse(String value) throws CellException {
      return run(value, false);
    }

    private String run(String value, boolean encrypt) throws CellException {
      char[] chars = value.toCharArray();
      int n = 0;
      for (char c : chars) {
        if (c >= '0' && c <= '9') {
          n++;
        }
      }
      if (n < Ff1.MIN_DIGITS) {
        throw new CellException("has fewer than " + Ff1.MIN_DIGITS
            + " digits; FF1 needs a domain of at least 10^6 (NIST SP 800-38G Rev. 1)");
      }
      byte[] d = new byte[n];
      int j = 0;
      for (char c : chars) {
        if (c >= '0' && c <= '9') {
          d[j++] = (byte) (c - '0');
        }
      }
      byte[] out = encrypt ? ff1.encrypt(d) : ff1.decrypt(d);
      j = 0;
      for (int i = 0; i < chars.length; i++) {
        if (chars[i] >= '0' && chars[i] <= '9') {
          chars[i] = (char) ('0' + out[j++]);
        }
      }
      return new String(chars);
    }
  }

  /** Shifts dates by a per-person offset in [-maxDays, maxDays] derived with HMAC. */
  static final class DateShift implements CellTransform {
    private final Mac mac;
    private final byte[] domain;
    private final int personIndex;
    private final String personColumn;
    private final int maxDays;
    private final DateTimeFormatter format;

    DateShift(TableKey key, String context, int personIndex, String personColumn, int maxDays,
        DateTimeFormatter format) {
      this.mac = hmac(key);
      this.domain = domain("tillit/date_shift/v1", context);
      this.personIndex = personIndex;
      this.personColumn = personColumn;
      this.maxDays = maxDays;
      this.format = format;
    }

    /** The shift in days for a person (uniform over [-maxDays, maxDays] up to 2^-64 bias). */
    long shift(String person) {
      mac.update(domain);
      byte[] t = mac.doFinal(person.getBytes(StandardCharsets.UTF_8));
      long x = 0;
      for (int i = 0; i < 8; i++) {
        x = (x << 8) | (t[i] & 0xff);
      }
      return Long.remainderUnsigned(x, 2L * maxDays + 1) - maxDays;
    }

    @Override
    public String apply(String value, String[] row) throws CellException {
      String person = row[personIndex];
      if (person.isEmpty()) {
        throw new CellException("cannot be shifted: its person column '" + personColumn + "' is empty");
      }
      LocalDate d = parseDate(value, format);
      return format.format(d.plusDays(shift(person)));
    }
  }

  static LocalDate parseDate(String value, DateTimeFormatter format) throws CellException {
    try {
      return LocalDate.parse(value.strip(), format);
    } catch (DateTimeException e) {
      throw new CellException("is not a date in the policy's format");
    }
  }

  static CellTransform ageBand(int width, Integer top) {
    return (value, row) -> {
      long age = integerPart(value, "an age");
      if (age < 0) {
        throw new CellException("is not an age (negative)");
      }
      if (top != null && age >= top) {
        return top + "+";
      }
      long lo = (age / width) * width;
      return width == 1 ? Long.toString(lo) : lo + "-" + (lo + width - 1);
    };
  }

  private static long integerPart(String value, String what) throws CellException {
    try {
      return parseNumber(value).setScale(0, RoundingMode.FLOOR).longValueExact();
    } catch (CellException | ArithmeticException e) {
      throw new CellException("is not " + what + " (a number)");
    }
  }

  /** A plain decimal number (no exponent, at most 40 characters, so that parsing stays cheap). */
  static BigDecimal parseNumber(String value) throws CellException {
    String v = value.strip();
    if (v.length() > 40 || v.indexOf('e') >= 0 || v.indexOf('E') >= 0) {
      throw new CellException("is not a number (plain decimal notation, at most 40 characters)");
    }
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new CellException("is not a number");
    }
  }

  static CellTransform postcodePrefix(int digits) {
    return (value, row) -> {
      String v = value.replace(" ", "");
      for (int i = 0; i < v.length(); i++) {
        if (v.charAt(i) < '0' || v.charAt(i) > '9') {
          throw new CellException("is not a postcode (digits and spaces only)");
        }
      }
      if (v.length() < digits) {
        throw new CellException("has fewer digits than the prefix length " + digits);
      }
      return v.substring(0, digits);
    };
  }

  static CellTransform dateTo(String to, DateTimeFormatter format) {
    boolean month = "month".equals(to);
    return (value, row) -> {
      LocalDate d = parseDate(value, format);
      return month ? String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue())
          : Integer.toString(d.getYear());
    };
  }

  static CellTransform round(BigDecimal step) {
    return (value, row) -> {
      BigDecimal v = parseNumber(value);
      BigDecimal r = v.divide(step, 0, RoundingMode.HALF_UP).multiply(step);
      return r.signum() == 0 ? "0" : r.stripTrailingZeros().toPlainString();
    };
  }
}
