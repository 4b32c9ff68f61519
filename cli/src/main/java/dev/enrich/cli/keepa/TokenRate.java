package dev.enrich.cli.keepa;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Keepa plan's refill: tokens per minute, the tokens left when it was read (a head start; negative
 * when the account is in debt), and where it came from.
 */
public record TokenRate(int perMinute, int tokensLeft, String source) {
  /** What {@code --keepa-rate} accepts: {@code 60/min}, {@code 60 / minute} or {@code 60}. */
  private static final Pattern OPTION = Pattern.compile("\\s*(\\d{1,7})\\s*(?:/\\s*min(?:ute)?)?\\s*",
      Pattern.CASE_INSENSITIVE);
  public static final String FROM_KEEPA = "keepa";
  public static final String FROM_OPTION = "option";

  public TokenRate {
    if (perMinute < 1) {
      throw new IllegalArgumentException("a token rate must be at least 1 per minute, not " + perMinute);
    }
  }

  /** A rate given on the command line; no tokens known to be left. */
  public static TokenRate parse(String text) {
    Matcher m = OPTION.matcher(text == null ? "" : text);
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "--keepa-rate \"%s\" is not a rate: give tokens per minute, for example 60/min", text));
    }
    return new TokenRate(Integer.parseInt(m.group(1)), 0, FROM_OPTION);
  }
}
