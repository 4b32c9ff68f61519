package dev.enrich.client.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  private static String reason(UnaryOperator<String> check, String raw) {
    return assertThrows(InvalidValueException.class, () -> check.apply(raw)).getMessage();
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "expected <" + part + "> in: " + message);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "B00EXAMPLE     | B00EXAMPLE",
      "'  b00example '| B00EXAMPLE",
      "0306406152     | 0306406152",
      "030640615x     | 030640615X"})
  void asin_isTrimmedAndUpperCased(String raw, String expected) {
    assertEquals(expected, Identifiers.asin(raw));
  }

  @Test
  void asin_wrongLength_saysExpectedAndFound() {
    assertEquals("\"B0X1\" is not an ASIN: 10 letters and digits expected, found 4",
        reason(Identifiers::asin, "B0X1"));
    assertContains(reason(Identifiers::asin, " B00EXAMPLE1 "), "\"B00EXAMPLE1\"", "expected, found 11");
    assertContains(reason(Identifiers::asin, ""), "\"\"", "found 0");
  }

  @Test
  void asin_otherCharacters_areNamed() {
    assertContains(reason(Identifiers::asin, "B00-EXAMPL"), "\"B00-EXAMPL\"", "found \"-\"");
    assertContains(reason(Identifiers::asin, "B00 XAMPLE"), "found \" \"");
    assertContains(reason(Identifiers::asin, "B00EXAMPLÉ"), "found \"É\"");
  }

  @Test
  void asin_nineDigits_hintsAtTheLeadingZeroOfAnIsbn() {
    assertContains(reason(Identifiers::asin, "306406152"), "found 9", "leading zero", "export the column as text");
    assertFalse(reason(Identifiers::asin, "B0EXAMPLE").contains("leading zero"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"036000291452", " 036000291452 ", "'036000291452", "0 36000 29145 2", "036-000-291-452",
      "0\u00A036000\u00A029145\u00A02"})
  void upc_dropsTextMarkerSpacesAndHyphens(String raw) {
    assertEquals("036000291452", Identifiers.upc(raw));
  }

  @Test
  void upc_stripsOnlyOneApostrophe() {
    assertContains(reason(Identifiers::upc, "''036000291452"), "only digits are allowed, found \"'\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"6.97004E+11", "6,97E+11", "3.6e11", "6.97004E+011", "36000291452E0"})
  void barcodes_inScientificNotation_blameTheSpreadsheet(String raw) {
    for (UnaryOperator<String> check : List.<UnaryOperator<String>>of(
        Identifiers::upc, Identifiers::ean, Identifiers::gtin)) {
      assertContains(reason(check, raw), "\"" + raw + "\"", "scientific notation", "export the column as text");
    }
  }

  @Test
  void upc_nonDigits_nameTheValueAndCharacter() {
    String reason = reason(Identifiers::upc, "03600029145A");
    assertEquals("\"03600029145A\" is not a UPC-A: only digits are allowed, found \"A\"", reason);
    assertContains(reason(Identifiers::upc, "B00EXAMPLE"), "\"B00EXAMPLE\"", "put it in the asin column");
  }

  @Test
  void upc_elevenDigits_suggestsTheLostLeadingZeroWhenItChecks() {
    assertEquals("\"36000291452\" is not a UPC-A: 12 digits expected, found 11; a spreadsheet probably"
        + " dropped the leading zero: \"036000291452\" would be valid, export the column as text",
        reason(Identifiers::upc, "36000291452"));
    String missing = reason(Identifiers::upc, "36000291453");
    assertContains(missing, "\"36000291453\"", "12 digits expected, found 11", "a digit is missing");
    assertFalse(missing.contains("leading zero"), missing);
  }

  @Test
  void upc_otherLengths_pointToTheRightColumn() {
    assertContains(reason(Identifiers::upc, "4006381333931"), "\"4006381333931\"", "12 digits expected, found 13",
        "ean column");
    assertContains(reason(Identifiers::upc, "10614141000415"), "found 14", "gtin column");
    assertContains(reason(Identifiers::upc, "96385074"), "found 8", "UPC-E");
    assertContains(reason(Identifiers::upc, "0306406152"), "found 10", "asin column");
    assertEquals("\"12345\" is not a UPC-A: 12 digits expected, found 5", reason(Identifiers::upc, "12345"));
    assertContains(reason(Identifiers::upc, "'"), "found 0");
  }

  @Test
  void upc_wrongCheckDigit_saysFoundAndExpected() {
    String reason = reason(Identifiers::upc, "036000291453");
    assertTrue(reason.startsWith("\"036000291453\" is not a UPC-A: check digit is 3, expected 2"), reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "4006381333931     | 4006381333931",
      "978-0-306-40615-7 | 9780306406157",
      "'4006381333931    | 4006381333931",
      "0036000291452     | 0036000291452"})
  void ean_acceptsEan13AndIsbn13(String raw, String expected) {
    assertEquals(expected, Identifiers.ean(raw));
  }

  @Test
  void ean_wrongLength_pointsToTheRightColumn() {
    assertContains(reason(Identifiers::ean, "036000291452"), "\"036000291452\" is not an EAN-13",
        "13 digits expected, found 12", "UPC-A length", "upc column");
    assertContains(reason(Identifiers::ean, "96385074"), "found 8", "EAN-8", "gtin column");
    assertContains(reason(Identifiers::ean, "10614141000415"), "found 14", "gtin column");
    assertContains(reason(Identifiers::ean, "0306406152"), "found 10", "ISBN-10", "asin column");
  }

  @Test
  void ean_wrongCheckDigit_saysFoundAndExpected() {
    assertContains(reason(Identifiers::ean, "4006381333932"), "\"4006381333932\"", "check digit is 2, expected 1");
    assertContains(reason(Identifiers::ean, "9780306406158"), "check digit is 8, expected 7");
  }

  @Test
  void ean_nonDigits_nameTheCharacter() {
    assertContains(reason(Identifiers::ean, "400638133393O"), "\"400638133393O\" is not an EAN-13",
        "found \"O\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"96385074", "12345670", "036000291452", "4006381333931", "10614141000415",
      "00036000291452", "1-06-14141-00041-5"})
  void gtin_acceptsAllFourLengths(String raw) {
    assertEquals(raw.replace("-", ""), Identifiers.gtin(raw));
  }

  @Test
  void gtin_wrongLength_listsTheAllowedLengths() {
    assertEquals("\"123456789\" is not a GTIN: 8, 12, 13 or 14 digits expected, found 9",
        reason(Identifiers::gtin, "123456789"));
    assertContains(reason(Identifiers::gtin, "123456789012345"), "found 15");
    assertContains(reason(Identifiers::gtin, "36000291452"), "found 11", "\"036000291452\" would be valid");
    assertContains(reason(Identifiers::gtin, "0306406152"), "found 10", "asin column");
  }

  @Test
  void gtin_wrongCheckDigit_saysFoundAndExpected() {
    assertContains(reason(Identifiers::gtin, "10614141000414"), "\"10614141000414\" is not a GTIN",
        "check digit is 4, expected 5");
    assertContains(reason(Identifiers::gtin, "96385075"), "check digit is 5, expected 4");
  }

  @ParameterizedTest
  @CsvSource({
      "03600029145,   2",
      "400638133393,  1",
      "1061414100041, 5",
      "9638507,       4",
      "978030640615,  7",
      "1234567,       0",
      "0,             0",
      "1,             7"})
  void gs1CheckDigit_knownValues(String digits, int expected) {
    assertEquals(expected, Identifiers.gs1CheckDigit(digits));
  }

  @Test
  void gs1CheckDigit_ignoresLeadingZeros() {
    assertEquals(Identifiers.gs1CheckDigit("03600029145"), Identifiers.gs1CheckDigit("0003600029145"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12a", "1 2", "-1"})
  void gs1CheckDigit_refusesNonDigits(String digits) {
    assertThrows(IllegalArgumentException.class, () -> Identifiers.gs1CheckDigit(digits));
  }

  @Test
  void reasons_cutLongValuesAt40Characters() {
    String reason = reason(Identifiers::asin, "A".repeat(100));
    assertContains(reason, "\"" + "A".repeat(40) + "...\"", "found 100");
    assertFalse(reason.contains("A".repeat(41)), reason);
    assertContains(reason(Identifiers::upc, "1".repeat(41)), "\"" + "1".repeat(40) + "...\"", "found 41");
    assertContains(reason(Identifiers::asin, "A".repeat(40) + "B"), "\"" + "A".repeat(40) + "...\"");
    assertContains(reason(Identifiers::asin, "A".repeat(39)), "\"" + "A".repeat(39) + "\" is not");
  }

  @Test
  void reasons_escapeControlCharactersToStayOnOneLine() {
    String reason = reason(Identifiers::asin, "B00EX\nMPLE");
    assertFalse(reason.contains("\n"), reason);
    assertContains(reason, "\"B00EX\\u000AMPLE\"", "found \"\\u000A\"");
  }

  @Test
  void invalidValueException_carriesOnlyTheReasonAndNoStackTrace() {
    InvalidValueException e = new InvalidValueException("\"B0X1\" is not an ASIN");
    assertEquals("\"B0X1\" is not an ASIN", e.getMessage());
    assertEquals(0, e.getStackTrace().length);
    assertEquals(0, assertThrows(InvalidValueException.class, () -> Identifiers.asin("x")).getStackTrace().length);
  }
}
