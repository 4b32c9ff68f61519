package dev.enrich.client.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes as people write it: {@code 1073741824}, {@code 500MB}, {@code 1.5 GiB}, {@code 2g}.
 * K, M, G and T are powers of 1024 with or without {@code B} or {@code iB}, as for the JVM's
 * {@code -Xmx} and Docker's memory limits: a limit is written by people, and one meaning per letter
 * keeps {@code 1GB} and {@code 1GiB} from being two different limits.
 */
public record ByteSize(long bytes) {
  private static final Pattern SIZE =
      Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(?:([kmgt])(?:i?b)?|b)?\\s*");
  private static final String UNITS = "KMGT";

  public ByteSize {
    if (bytes < 1) {
      throw new IllegalArgumentException("a size must be at least 1 byte, not " + bytes);
    }
  }

  /**
   * Parses {@code text}; throws {@link IllegalArgumentException} with a message fit for one line of
   * error output when it is not a size of at least one byte.
   */
  public static ByteSize parse(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a size like 500MB, 2GiB or 1073741824");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    if (m.group(2) != null) {
      int power = UNITS.indexOf(Character.toUpperCase(m.group(2).charAt(0))) + 1;
      value = value.multiply(BigDecimal.valueOf(1024).pow(power));
    }
    value = value.setScale(0, RoundingMode.CEILING);
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("\"" + text + "\" is larger than any file can be");
    }
    if (value.signum() == 0) {
      throw new IllegalArgumentException("\"" + text + "\" is zero: a size must be at least 1 byte");
    }
    return new ByteSize(value.longValueExact());
  }

  /** The shortest exact form when there is one ({@code 1GiB}, {@code 512KiB}), else one decimal ({@code 1.3GiB}). */
  @Override
  public String toString() {
    return format(bytes);
  }

  public static String format(long bytes) {
    int unit = 0;
    double value = bytes;
    while (unit < UNITS.length() && value >= 1024) {
      value /= 1024;
      unit++;
    }
    if (unit == 0) {
      return bytes + "B";
    }
    String suffix = UNITS.charAt(unit - 1) + "iB";
    if (bytes % (1L << (10 * unit)) == 0) {
      return (bytes >> (10 * unit)) + suffix;
    }
    return String.format(Locale.ROOT, "%.1f%s", value, suffix);
  }

  /** A round size of at least {@code bytes} to suggest as a new limit: the next whole number of its unit, at least 1KiB. */
  public static ByteSize roundUp(long bytes) {
    int unit = 1;
    while (unit < UNITS.length() && bytes >= 1L << (10 * (unit + 1))) {
      unit++;
    }
    long step = 1L << (10 * unit);
    return new ByteSize(Math.max(step, (bytes + step - 1) / step * step));
  }
}
