package dev.enrich.cli.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  @Test
  void recordsPerInvocation_areOneToTen_asAnEventSourceMappingsBatchSize_andTheErrorSaysWhich() {
    assertEquals(10, WorkerSettings.defaults().recordsPerInvocation());
    assertEquals(1, new WorkerSettings(1, 1, 0, 1).recordsPerInvocation());
    for (int records : new int[] {0, 11}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new WorkerSettings(records, 10, 5, 900));
      assertEquals("records per invocation must be 1-10, not " + records, e.getMessage());
    }
  }
}
