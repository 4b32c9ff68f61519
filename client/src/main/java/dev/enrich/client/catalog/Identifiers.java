package dev.enrich.client.catalog;

import static dev.enrich.client.catalog.InvalidValueException.quote;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalises the identifier cells of a catalog and rejects, with the fix, the values the
 * marketplace would not match: a product submitted with a wrong code costs a lookup and returns
 * nothing, or worse, another product.
 *
 * <p>Barcodes are checked the GS1 way, length and check digit:
 * https://www.gs1.org/services/how-calculate-check-digit-manually
 */
public final class Identifiers {
  private static final int ASIN_LENGTH = 10;

  /** How a spreadsheet shows a long number it has stored as a float, its last digits gone. */
  private static final Pattern SCIENTIFIC = Pattern.compile("\\d+(?:[.,]\\d+)?[eE]\\+?\\d+");

  private Identifiers() {}

  /** An Amazon Standard Identification Number; a book's is its ISBN-10, which passes as it is. */
  public static String asin(String raw) {
    String value = raw.trim();
    for (int i = 0; i < value.length(); i++) {
      if (!isAsinChar(value.charAt(i))) {
        throw new InvalidValueException(quote(value)
            + " is not an ASIN: only letters and digits are allowed, found " + quote(charAt(value, i)));
      }
    }
    if (value.length() != ASIN_LENGTH) {
      String hint = value.length() == ASIN_LENGTH - 1 && isDigits(value)
          ? "; if it is a book's ISBN-10, a spreadsheet dropped its leading zero: export the column as text"
          : "";
      throw new InvalidValueException(quote(value) + " is not an ASIN: " + ASIN_LENGTH
          + " letters and digits expected, found " + value.length() + hint);
    }
    return value.toUpperCase(Locale.ROOT);
  }

  /** A UPC-A, the 12-digit barcode of North America. */
  public static String upc(String raw) {
    return barcode(raw, Barcode.UPC_A);
  }

  /** An EAN-13, the 13-digit barcode used outside North America and for books (ISBN-13). */
  public static String ean(String raw) {
    return barcode(raw, Barcode.EAN_13);
  }

  /** Any GTIN: GTIN-8, -12 (UPC-A), -13 (EAN-13) or -14 (cases and packs). */
  public static String gtin(String raw) {
    return barcode(raw, Barcode.GTIN);
  }

  /**
   * The GS1 check digit of the digits that precede it: weights 3 and 1 alternate from the right,
   * and the check digit brings the weighted sum up to a multiple of ten. Leading zeros do not
   * change it, which is why a GTIN-12 is also a valid GTIN-14 with two zeros in front.
   */
  public static int gs1CheckDigit(String digitsWithoutCheckDigit) {
    if (digitsWithoutCheckDigit.isEmpty() || !isDigits(digitsWithoutCheckDigit)) {
      throw new IllegalArgumentException("digits expected, found " + quote(digitsWithoutCheckDigit));
    }
    int sum = 0;
    int weight = 3;
    for (int i = digitsWithoutCheckDigit.length() - 1; i >= 0; i--) {
      sum += (digitsWithoutCheckDigit.charAt(i) - '0') * weight;
      weight = 4 - weight;
    }
    return (10 - sum % 10) % 10;
  }

  private static String barcode(String raw, Barcode kind) {
    String value = raw.trim();
    String digits = withoutTextMarkerAndSeparators(value);
    if (SCIENTIFIC.matcher(digits).matches()) {
      throw kind.invalid(value, "a spreadsheet rewrote the number in scientific notation and lost its last"
          + " digits; export the column as text and copy the codes again from the source");
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!isDigit(digits.charAt(i))) {
        String hint = looksLikeAsin(digits) ? "; it looks like an ASIN: put it in the asin column" : "";
        throw kind.invalid(value, "only digits are allowed, found " + quote(charAt(digits, i)) + hint);
      }
    }
    if (!kind.lengths.contains(digits.length())) {
      throw kind.invalid(value, kind.lengthText + " digits expected, found " + digits.length()
          + lengthHint(kind, digits));
    }
    int last = digits.length() - 1;
    int expected = gs1CheckDigit(digits.substring(0, last));
    int found = digits.charAt(last) - '0';
    if (found != expected) {
      throw kind.invalid(value, "check digit is " + found + ", expected " + expected
          + "; a digit is probably mistyped: compare the code with the barcode on the product");
    }
    return digits;
  }

  /**
   * Drops what people and spreadsheets add around a code: the apostrophe that marks a cell as text,
   * and the spaces and hyphens printed under barcodes to group their digits.
   */
  private static String withoutTextMarkerAndSeparators(String value) {
    int start = value.startsWith("'") ? 1 : 0;
    StringBuilder kept = new StringBuilder(value.length());
    for (int i = start; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '-' && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        kept.append(c);
      }
    }
    return kept.toString();
  }

  private static String lengthHint(Barcode kind, String digits) {
    int length = digits.length();
    if (length == 11 && kind != Barcode.EAN_13) {
      String padded = "0" + digits;
      return isValidGs1(padded)
          ? "; a spreadsheet probably dropped the leading zero: " + quote(padded)
              + " would be valid, export the column as text"
          : "; a digit is missing";
    }
    if (length == 10) {
      return "; a book's ISBN-10 is its ASIN: put it in the asin column";
    }
    return switch (kind) {
      case UPC_A -> switch (length) {
        case 8 -> "; that is a UPC-E or EAN-8 length: write the full 12-digit UPC-A, or put an EAN-8 in the"
            + " gtin column";
        case 13 -> "; that is an EAN-13 length: put it in the ean column";
        case 14 -> "; that is a GTIN-14 length: put it in the gtin column";
        default -> "";
      };
      case EAN_13 -> switch (length) {
        case 8 -> "; that is an EAN-8 length: put it in the gtin column";
        case 12 -> "; that is a UPC-A length: put it in the upc column";
        case 14 -> "; that is a GTIN-14 length: put it in the gtin column";
        default -> "";
      };
      case GTIN -> "";
    };
  }

  private static boolean isValidGs1(String digits) {
    int last = digits.length() - 1;
    return gs1CheckDigit(digits.substring(0, last)) == digits.charAt(last) - '0';
  }

  private static boolean looksLikeAsin(String value) {
    if (value.length() != ASIN_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isAsinChar(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsinChar(char c) {
    return isDigit(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
  }

  private static boolean isDigits(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!isDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String charAt(String value, int index) {
    return new String(Character.toChars(value.codePointAt(index)));
  }

  private enum Barcode {
    UPC_A("a UPC-A", "12", Set.of(12)),
    EAN_13("an EAN-13", "13", Set.of(13)),
    GTIN("a GTIN", "8, 12, 13 or 14", Set.of(8, 12, 13, 14));

    private final String name;
    private final String lengthText;
    private final Set<Integer> lengths;

    Barcode(String name, String lengthText, Set<Integer> lengths) {
      this.name = name;
      this.lengthText = lengthText;
      this.lengths = lengths;
    }

    InvalidValueException invalid(String value, String why) {
      return new InvalidValueException(quote(value) + " is not " + name + ": " + why);
    }
  }
}
