package dev.enrich.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerWiringTest {
  @Test
  void retryBackoff_readsWholeSecondsFromTheEnvironment_withAMinuteByDefault() {
    assertEquals(Duration.ofSeconds(60), ConsumerWiring.retryBackoff(Map.of()).base());
    assertEquals(Duration.ofSeconds(5),
        ConsumerWiring.retryBackoff(Map.of(ConsumerWiring.ENV_RETRY_BASE_SECONDS, "5")).base());
  }

  @Test
  void retryBackoff_outOfRange_isAStartUpErrorNamingTheVariable() {
    for (String bad : new String[] {"0", "-3", "1.5", "a minute", "43201"}) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> ConsumerWiring.retryBackoff(Map.of(ConsumerWiring.ENV_RETRY_BASE_SECONDS, bad)), bad);
      assertTrue(e.getMessage().startsWith("environment variable ENRICH_RETRY_BASE_SECONDS must be whole seconds"),
          e.getMessage());
    }
  }
}
