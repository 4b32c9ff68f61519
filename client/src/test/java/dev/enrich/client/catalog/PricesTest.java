package dev.enrich.client.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PricesTest {

  private static String reason(String raw) {
    return assertThrows(InvalidValueException.class, () -> Prices.parse(raw)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "expected <" + part + "> in: " + message);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "12.99          | 12.99",
      "12.90          | 12.90",
      "12             | 12",
      "0              | 0",
      "0.00           | 0.00",
      "\"  12.99  \"  | 12.99",
      "007.50         | 7.50",
      ".99            | 0.99",
      "1.299          | 1.299",
      "0.0000001      | 0.0000001",
      "100000000000   | 100000000000",
      "123456789012345678.99 | 123456789012345678.99",
      "0000000000000000000012.50 | 12.50"})
  void plainDecimals_keepTheirScaleAndNeverUseAnExponent(String raw, String expected) {
    assertEquals(expected, Prices.parse(raw));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "$12.99      | 12.99",
      "$ 12.99     | 12.99",
      "12.99$      | 12.99",
      "€12,99      | 12.99",
      "12,99 €     | 12.99",
      "\"12,99\u00A0€\" | 12.99",
      "£5          | 5",
      "¥1299       | 1299",
      "USD 12.99   | 12.99",
      "USD12.99    | 12.99",
      "12.99 USD   | 12.99",
      "12.99EUR    | 12.99",
      "GBP 1,299.00 | 1299.00",
      "CAD 12.99   | 12.99",
      "JPY 1 299   | 1299",
      "CHF 12.90   | 12.90"})
  void currency_beforeOrAfter_isDropped(String raw, String expected) {
    assertEquals(expected, Prices.parse(raw));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "12,99          | 12.99",
      "12,9           | 12.9",
      "0,299          | 0.299",
      "1234,567       | 1234.567",
      "1.299,00       | 1299.00",
      "1.299.000,50   | 1299000.50",
      "\"1 299,00\"   | 1299.00",
      "\"1\u00A0299,00\" | 1299.00",
      "\"1\u202F299,00\" | 1299.00",
      "\"1 299 000,5\" | 1299000.5",
      "\"1 299\"      | 1299",
      "\"1 299.00\"   | 1299.00"})
  void decimalComma_andSpaceGrouping_whereUnambiguous(String raw, String expected) {
    assertEquals(expected, Prices.parse(raw));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "1,299.00       | 1299.00",
      "12,345,678.90  | 12345678.90",
      "1,299,000      | 1299000",
      "1.299.000      | 1299000",
      "999,999.9      | 999999.9"})
  void thousandsGrouping_isRemoved(String raw, String expected) {
    assertEquals(expected, Prices.parse(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t", "\u00A0", " \u202F "})
  void blank_isNoPrice(String raw) {
    assertNull(Prices.parse(raw));
  }

  @Test
  void oneCommaBeforeThreeDigits_isAmbiguousAndSuggestsBothReadings() {
    assertEquals("\"1,299\" is ambiguous: the comma could separate thousands or decimals; write 1299 or"
        + " 1299.00 if it is over a thousand, 1.299 if it is not", reason("1,299"));
    assertContains(reason("$ 12,500"), "\"$ 12,500\" is ambiguous", "12500 or 12500.00", "12.500");
    assertContains(reason("999,000 EUR"), "ambiguous");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-12.99", "$-12.99", "-$12.99", "USD -5", "-5 USD", "\u22125", "(12.99)", "12.99-",
      "-0", "-Infinity"})
  void negative_isRejected(String raw) {
    assertContains(reason(raw), "\"" + raw + "\" is not a price: negative prices are not allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1,29,9.00", "1.2.3", "1,2345.00", "12,34,567", "1234,567,890", "1 29 9", "1  299",
      "1.299.000,00,00", "1,2.3,4", "1 299.000,00", "1 299,000.00", "1.299 000", "12,5 0", ",299.00"})
  void inconsistentGrouping_isRejected(String raw) {
    assertContains(reason(raw), "\"" + raw + "\" is not a price: inconsistent digit grouping", "1299000.00");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "12a         | a",
      "twelve      | t",
      "NaN         | N",
      "Infinity    | I",
      "1.2E3       | E",
      "usd 12      | u",
      "$12 USD     | U",
      "€12 $       | $",
      "12.99 dollars | d",
      "+12         | +",
      "12%         | %",
      "٣          | ٣"})
  void otherCharacters_areNamed(String raw, String found) {
    assertContains(reason(raw), "\"" + raw + "\" is not a price: found \"" + found + "\"", "12.99");
  }

  @ParameterizedTest
  @ValueSource(strings = {"$", "€ ", "USD", " EUR ", "NAN"})
  void currencyAlone_hasNoNumber(String raw) {
    assertContains(reason(raw), "\"" + raw.strip() + "\" is not a price: no number found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"12.", "12,", "1,299.", "."})
  void separatorWithoutDecimals_isRejected(String raw) {
    assertContains(reason(raw), "\"" + raw + "\" is not a price: digits expected after the decimal separator");
  }

  @Test
  void moreThan18IntegerDigits_isNotAPrice() {
    assertContains(reason("1234567890123456789"), "\"1234567890123456789\"", "more than 18 digits");
    assertContains(reason("1,234,567,890,123,456,789.00"), "more than 18 digits");
    assertEquals("123456789012345678", Prices.parse("123,456,789,012,345,678"));
  }

  @Test
  void reasons_showTheValueCutAt40Characters() {
    String raw = "12.99 " + "x".repeat(60);
    String reason = reason(raw);
    assertContains(reason, "\"" + raw.substring(0, 40) + "...\"");
    assertFalse(reason.contains(raw.substring(0, 41)), reason);
  }
}
