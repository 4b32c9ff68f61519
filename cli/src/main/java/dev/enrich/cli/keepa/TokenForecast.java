package dev.enrich.cli.keepa;

import java.util.Locale;

/**
 * How long a catalog's Keepa tokens take at a plan's refill rate. The tokens left now are spent first,
 * so they shorten the wait; a debt (negative tokens left) lengthens it.
 *
 * @param tokens the catalog's tokens: one per product looked up by ASIN, and one per code looked up by
 *     UPC/EAN, an estimate since a code can match several products and costs a token for each
 * @param rate null when no rate is known
 * @param seconds how long the tokens take at {@code rate}, rounded up to a minute; null without a rate
 * @param note why there is no rate and how to give one; null when there is one
 */
public record TokenForecast(long tokens, TokenRate rate, Long seconds, String note) {

  public static TokenForecast at(long tokens, TokenRate rate) {
    long needed = Math.max(0, tokens - rate.tokensLeft());
    long minutes = (needed + rate.perMinute() - 1) / rate.perMinute();
    return new TokenForecast(tokens, rate, minutes * 60, null);
  }

  public static TokenForecast unknown(long tokens, String note) {
    return new TokenForecast(tokens, null, null, note);
  }

  /** {@code 12,000 tokens at 60/min: 3 h 20 min}, or the tokens and the note. */
  public String describe() {
    if (rate == null) {
      return String.format(Locale.ROOT, "%,d tokens; %s", tokens, note);
    }
    int left = rate.tokensLeft();
    String headStart = left == 0 ? ""
        : String.format(Locale.ROOT, " (%,d %s now)", Math.abs(left), left > 0 ? "left" : "owed");
    return String.format(Locale.ROOT, "%,d tokens at %,d/min%s: %s", tokens, rate.perMinute(), headStart,
        duration(seconds));
  }

  /** Whole minutes: a plan's refill comes once a minute. */
  public static String duration(long seconds) {
    long minutes = (seconds + 59) / 60;
    if (minutes == 0) {
      return "now";
    }
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    long rest = minutes % 60;
    return rest == 0 ? String.format(Locale.ROOT, "%,d h", hours)
        : String.format(Locale.ROOT, "%,d h %d min", hours, rest);
  }
}
