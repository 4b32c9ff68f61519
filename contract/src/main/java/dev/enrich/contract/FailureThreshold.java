package dev.enrich.contract;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How many failed products a catalog tolerates ({@code submit --max-failures}): a count ({@code 25})
 * or a share of its valid products ({@code 5%}, {@code 2.5%}). Kept as written in the catalog's
 * options ({@link StatusTable#MAX_FAILURES_OPTION}), so every batch message carries it, and resolved
 * against the catalog's product count by the consumer. The catalog stops once its failed products
 * pass the limit: {@code failed > limit}.
 *
 * <pre>{@code
 * FailureThreshold.parse("10%").limit(200); // 20: the 21st failed product stops the catalog
 * FailureThreshold.parse("0").limit(200);   // 0: the first failed product stops it
 * }</pre>
 *
 * @param value the count, or the percentage when {@code percent}
 */
public record FailureThreshold(BigDecimal value, boolean percent) {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  public FailureThreshold {
    if (value.signum() < 0 || (percent && value.compareTo(HUNDRED) > 0)) {
      throw new IllegalArgumentException("out of range: " + value + (percent ? "%" : ""));
    }
  }

  /**
   * Reads {@code N} (a whole number of products, 0 or more) or {@code P%} (0 to 100, decimals
   * allowed); anything else is an {@link IllegalArgumentException} whose message says what is accepted.
   */
  public static FailureThreshold parse(String text) {
    String t = text == null ? "" : text.trim();
    boolean percent = t.endsWith("%");
    String number = percent ? t.substring(0, t.length() - 1).trim() : t;
    try {
      if (!number.matches(percent ? "\\d+(\\.\\d+)?" : "\\d+")) {
        throw new NumberFormatException();
      }
      return new FailureThreshold(new BigDecimal(number), percent);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("--max-failures takes a number of products (25) or a percentage of the"
          + " catalog's products from 0% to 100% (5%), not \"" + text + "\"");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--max-failures percentage must be from 0% to 100%, not \"" + text + "\"");
    }
  }

  /** The most failed products a catalog of {@code products} valid products tolerates (a share rounds down). */
  public long limit(long products) {
    if (!percent) {
      return value.min(BigDecimal.valueOf(Long.MAX_VALUE)).longValueExact();
    }
    return value.multiply(BigDecimal.valueOf(products)).divide(HUNDRED, 0, RoundingMode.FLOOR).longValueExact();
  }

  /** True once {@code failed} of {@code products} pass the limit. */
  public boolean exceededBy(long failed, long products) {
    return failed > limit(products);
  }

  /** As written: {@code 10%} or {@code 25}. */
  public String describe() {
    return value.stripTrailingZeros().toPlainString() + (percent ? "%" : "");
  }

  /** Why a catalog stopped, for {@code status}: counts, the threshold and the limit it resolved to. */
  public String reason(long failed, long products) {
    return String.format(Locale.ROOT, "%,d products failed, more than --max-failures %s%s", failed, describe(),
        percent ? String.format(Locale.ROOT, " of %,d (%,d)", products, limit(products)) : "");
  }
}
