package dev.enrich.client.catalog;

import static dev.enrich.client.catalog.InvalidValueException.quote;

import java.math.BigDecimal;

/**
 * Reads a price cell the way sellers and their spreadsheets write it, in any common locale, and
 * refuses the ones whose meaning would be a guess: a price off by a factor of a thousand is worse
 * than a rejected row.
 *
 * <p>A single dot is always a decimal point. A single comma is a decimal comma, except when
 * exactly three digits follow it and what precedes it could be a first group of thousands
 * ({@code 1,299}): that cell is rejected as ambiguous.
 */
public final class Prices {
  private static final String SYMBOLS = "$€£¥";
  private static final int MAX_INTEGER_DIGITS = 18;
  private static final char NONE = 0;

  private Prices() {}

  /**
   * The price as a plain decimal with the scale it was written with ({@code "12.90"} stays
   * {@code "12.90"}), or null when the cell is blank.
   */
  public static String parse(String raw) {
    String value = strip(raw);
    if (value.isEmpty()) {
      return null;
    }
    String number = strip(withoutCurrency(value));
    if (isNegative(value) || isNegative(number)) {
      throw invalid(value, "negative prices are not allowed");
    }
    if (number.isEmpty()) {
      throw invalid(value, "no number found");
    }
    return canonical(value, number);
  }

  /** Drops one currency, a symbol or an ISO 4217 code, before or after the number. */
  private static String withoutCurrency(String value) {
    int length = value.length();
    if (SYMBOLS.indexOf(value.charAt(0)) >= 0) {
      return value.substring(1);
    }
    if (SYMBOLS.indexOf(value.charAt(length - 1)) >= 0) {
      return value.substring(0, length - 1);
    }
    if (isCurrencyCode(value, 0)) {
      return value.substring(3);
    }
    if (isCurrencyCode(value, length - 3)) {
      return value.substring(0, length - 3);
    }
    return value;
  }

  /** Three capitals standing apart from other letters, so that a word does not lose its start. */
  private static boolean isCurrencyCode(String value, int start) {
    int end = start + 3;
    if (start < 0 || end > value.length()) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return (start == 0 || !Character.isLetter(value.charAt(start - 1)))
        && (end == value.length() || !Character.isLetter(value.charAt(end)));
  }

  /** A minus in front or behind, or accounting parentheses. */
  private static boolean isNegative(String value) {
    if (value.isEmpty()) {
      return false;
    }
    char first = value.charAt(0);
    char last = value.charAt(value.length() - 1);
    return isMinus(first) || isMinus(last) || first == '(' && last == ')';
  }

  private static String canonical(String value, String number) {
    Separators separators = separators(value, number);
    int point = separators.decimal() == NONE ? -1 : number.indexOf(separators.decimal());
    String integer = point < 0 ? number : number.substring(0, point);
    String fraction = point < 0 ? "" : number.substring(point + 1);
    if (separators.decimal() == ',' && separators.group() == NONE && isAmbiguous(integer, fraction)) {
      String whole = integer + fraction;
      throw new InvalidValueException(quote(value) + " is ambiguous: the comma could separate thousands or"
          + " decimals; write " + whole + " or " + whole + ".00 if it is over a thousand, "
          + integer + "." + fraction + " if it is not");
    }
    String digits = separators.group() == NONE ? integer : ungrouped(value, integer, separators.group());
    if (point >= 0 && fraction.isEmpty()) {
      throw invalid(value, "digits expected after the decimal separator");
    }
    for (int i = 0; i < fraction.length(); i++) {
      if (!isDigit(fraction.charAt(i))) {
        throw inconsistentGrouping(value);
      }
    }
    if (significantDigits(digits) > MAX_INTEGER_DIGITS) {
      throw invalid(value, "more than " + MAX_INTEGER_DIGITS
          + " digits before the decimal point; is it an identifier in the wrong column?");
    }
    String plain = (digits.isEmpty() ? "0" : digits) + (point < 0 ? "" : "." + fraction);
    return new BigDecimal(plain).toPlainString();
  }

  /**
   * Which separator marks the decimals and which groups the thousands: with both a dot and a comma
   * the last one is the decimal separator; one alone is a decimal separator once, a grouping one
   * when repeated; spaces only ever group.
   */
  private static Separators separators(String value, String number) {
    int dots = 0;
    int commas = 0;
    int spaces = 0;
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c == ',') {
        commas++;
      } else if (isSpace(c)) {
        spaces++;
      } else if (!isDigit(c)) {
        throw invalid(value, "found " + quote(new String(Character.toChars(number.codePointAt(i))))
            + "; write digits, one decimal separator and a currency, like 12.99, 12,99 € or USD 1,299.00");
      }
    }
    if (dots > 0 && commas > 0) {
      char decimal = number.lastIndexOf('.') > number.lastIndexOf(',') ? '.' : ',';
      if (spaces > 0 || (decimal == '.' ? dots : commas) > 1) {
        throw inconsistentGrouping(value);
      }
      return new Separators(decimal, decimal == '.' ? ',' : '.');
    }
    if (dots > 1 || commas > 1) {
      if (spaces > 0) {
        throw inconsistentGrouping(value);
      }
      return new Separators(NONE, dots > 1 ? '.' : ',');
    }
    char group = spaces > 0 ? ' ' : NONE;
    return new Separators(dots == 1 ? '.' : commas == 1 ? ',' : NONE, group);
  }

  /** {@code 1,299}: a price of a thousand and more, or a little over one with a decimal comma. */
  private static boolean isAmbiguous(String integer, String fraction) {
    return fraction.length() == 3
        && !integer.isEmpty() && integer.length() <= 3 && integer.charAt(0) != '0';
  }

  /** The integer digits, once checked that every group after the first has exactly three. */
  private static String ungrouped(String value, String integer, char group) {
    StringBuilder digits = new StringBuilder(integer.length());
    int groups = 1;
    int groupLength = 0;
    for (int i = 0; i < integer.length(); i++) {
      char c = integer.charAt(i);
      if (isDigit(c)) {
        digits.append(c);
        groupLength++;
      } else if (c == group || group == ' ' && isSpace(c)) {
        if (groupLength == 0 || groupLength > 3 || groups > 1 && groupLength != 3) {
          throw inconsistentGrouping(value);
        }
        groups++;
        groupLength = 0;
      } else {
        throw inconsistentGrouping(value);
      }
    }
    if (groups == 1 || groupLength != 3) {
      throw inconsistentGrouping(value);
    }
    return digits.toString();
  }

  private static int significantDigits(String digits) {
    int start = 0;
    while (start < digits.length() && digits.charAt(start) == '0') {
      start++;
    }
    return digits.length() - start;
  }

  /** Trims ordinary spaces and the no-break spaces that locales use around numbers and currencies. */
  private static String strip(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isSpaceOrWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && isSpaceOrWhitespace(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isSpaceOrWhitespace(char c) {
    return isSpace(c) || Character.isWhitespace(c);
  }

  /** The thousands separators of locales that group with spaces: plain, no-break, narrow, thin. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009';
  }

  private static boolean isMinus(char c) {
    return c == '-' || c == '\u2212';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A separator of each kind, {@code NONE} where the number has none. */
  private record Separators(char decimal, char group) {}

  private static InvalidValueException inconsistentGrouping(String value) {
    return invalid(value,
        "inconsistent digit grouping; write it without thousands separators, like 1299000.00");
  }

  private static InvalidValueException invalid(String value, String why) {
    return new InvalidValueException(quote(value) + " is not a price: " + why);
  }
}
