package dev.enrich.client.track;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A period as people write it: a whole number of seconds, minutes, hours, days or weeks. How far
 * back {@code list --since} looks, and how long {@code status --wait --timeout} waits.
 */
public final class Lookback {
  private static final Pattern FORM = Pattern.compile("(\\d{1,7})([smhdw])");

  /** Ten years: further back than any catalog, and far from {@link Duration}'s limits. */
  static final Duration MAX = Duration.ofDays(3653);

  private Lookback() {}

  /**
   * Reads {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d} or {@code 2w}.
   *
   * @throws IllegalArgumentException with a message that shows the accepted forms
   */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a period: use a number and s, m, h, d or w"
          + " (90s, 30m, 12h, 7d, 2w)");
    }
    long amount = Long.parseLong(m.group(1));
    if (amount == 0) {
      throw new IllegalArgumentException("'" + text + "' is empty: the period must be at least 1"
          + " (30m, 12h, 7d, 2w)");
    }
    Duration period = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
    if (period.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("'" + text + "' is more than ten years");
    }
    return period;
  }
}
