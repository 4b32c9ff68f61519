package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SpreadsheetCellsTest {

  @Test
  void everyFormulaStart_isWrittenAsText() {
    for (String cell : new String[] {"=HYPERLINK(\"http://evil.example\",\"click\")", "+cmd|' /C calc'!A0",
        "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=", "-", "+ 1", "- sale -"}) {
      assertEquals("'" + cell, SpreadsheetCells.safe(cell), cell);
    }
  }

  @Test
  void plainNumbers_text_emptyAndNull_areLeftAsTheyAre() {
    for (String cell : new String[] {"-12.5", "+7", "-3", "49.99", "Chef's Knife", "8\" knife", "a=b", " =x", ""}) {
      assertEquals(cell, SpreadsheetCells.safe(cell), cell);
    }
    assertNull(SpreadsheetCells.safe(null));
  }
}
