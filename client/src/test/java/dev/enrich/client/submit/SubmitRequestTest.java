package dev.enrich.client.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.InvalidInputException;
import dev.enrich.contract.StatusTable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The request's failure threshold: written as the consumer reads it, and kept with the other settings. */
class SubmitRequestTest {

  @Test
  void aThreshold_goesInTheOptions_asWritten_keepingTheOtherSettings() {
    SubmitRequest request = SubmitRequest.defaults("seller").withCatalogId("spring").withIncremental(Duration.ofDays(7))
        .withMaxFailures("10.0%");
    assertEquals("10%", request.options().get(StatusTable.MAX_FAILURES_OPTION));
    assertEquals("spring", request.catalogId());
    assertTrue(request.incremental(), "the threshold does not drop --incremental");
    assertEquals(Duration.ofDays(7), request.maxAge());
    assertFalse(request.withMaxFailures(null).options().containsKey(StatusTable.MAX_FAILURES_OPTION));
  }

  @Test
  void aThresholdThatIsNeither_isInvalidInput() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> SubmitRequest.defaults("seller").withMaxFailures("lots"));
    assertTrue(e.getMessage().startsWith("--max-failures takes a number of products"), e.getMessage());
  }
}
