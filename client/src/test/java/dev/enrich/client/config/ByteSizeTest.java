package dev.enrich.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  private static long bytes(String text) {
    return ByteSize.parse(text).bytes();
  }

  @Test
  void parse_plainNumbersAreBytes() {
    assertEquals(1, bytes("1"));
    assertEquals(1_073_741_824L, bytes("1073741824"));
    assertEquals(512, bytes("512B"));
    assertEquals(512, bytes("512 b"));
  }

  @Test
  void parse_unitsArePowersOf1024WhateverTheirSpelling() {
    for (String k : new String[] {"1K", "1k", "1KB", "1kb", "1KiB", "1kib", " 1 KiB "}) {
      assertEquals(1024, bytes(k), k);
    }
    assertEquals(500L * 1024 * 1024, bytes("500MB"));
    assertEquals(500L * 1024 * 1024, bytes("500m"));
    assertEquals(2L << 30, bytes("2GiB"));
    assertEquals(2L << 30, bytes("2g"));
    assertEquals(3L << 40, bytes("3TB"));
  }

  @Test
  void parse_fractionsRoundUpToWholeBytes() {
    assertEquals(3L << 29, bytes("1.5GiB"));
    assertEquals(2, bytes("1.2"));
    assertEquals(1, bytes("0.0001K"));
  }

  @Test
  void parse_refusesWhatIsNotASizeWithAMessageThatShowsTheForm() {
    for (String bad : new String[] {"", "  ", "GB", "-1GB", "1 GB extra", "1,5GB", "1PB", "1e9", "ten", "1..2K", "0x10"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(bad), bad);
      assertTrue(e.getMessage().contains("500MB"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(null));
  }

  @Test
  void parse_refusesZeroAndSizesNoFileCanHave() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("0")).getMessage().contains("zero"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("0.0GB")).getMessage().contains("zero"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("9999999999T"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999999999999999"));
    assertEquals(Long.MAX_VALUE, bytes(Long.toString(Long.MAX_VALUE)));
  }

  @Test
  void format_exactWhenWholeElseOneDecimal() {
    assertEquals("1GiB", ByteSize.format(1L << 30));
    assertEquals("512KiB", ByteSize.format(512 * 1024));
    assertEquals("1000B", ByteSize.format(1000));
    assertEquals("1.5GiB", ByteSize.format(3L << 29));
    assertEquals("1.0KiB", ByteSize.format(1025));
    assertEquals("1GiB", ByteSize.parse("1GB").toString());
  }

  @Test
  void format_roundTripsThroughParse() {
    for (long n : new long[] {1, 1023, 1024, 5L << 20, 7L << 30, 3L << 40}) {
      assertEquals(n, bytes(ByteSize.format(n)), ByteSize.format(n));
    }
  }

  @Test
  void roundUp_suggestsTheNextWholeUnit() {
    assertEquals("2GiB", ByteSize.roundUp((1L << 30) + 1).toString());
    assertEquals("1GiB", ByteSize.roundUp(1L << 30).toString());
    assertEquals("2KiB", ByteSize.roundUp(1050).toString());
    assertEquals("1KiB", ByteSize.roundUp(1000).toString());
    assertEquals("1KiB", ByteSize.roundUp(1).toString());
  }
}
