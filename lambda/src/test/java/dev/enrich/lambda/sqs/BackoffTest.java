package dev.enrich.lambda.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final Duration QUEUE_TIMEOUT = Duration.ofMinutes(90);
  private final Backoff backoff = new Backoff(Duration.ofSeconds(60));

  @Test
  void step_startsAtTheBase_doublesPerReceive_andStopsAtTheCap() {
    assertEquals(Duration.ofSeconds(60), backoff.step(1, QUEUE_TIMEOUT));
    assertEquals(Duration.ofSeconds(120), backoff.step(2, QUEUE_TIMEOUT));
    assertEquals(Duration.ofSeconds(240), backoff.step(3, QUEUE_TIMEOUT));
    assertEquals(Duration.ofMinutes(64), backoff.step(7, QUEUE_TIMEOUT));
    assertEquals(QUEUE_TIMEOUT, backoff.step(8, QUEUE_TIMEOUT), "128 min is over the queue's 90");
    assertEquals(QUEUE_TIMEOUT, backoff.step(1_000, QUEUE_TIMEOUT), "no overflow however many receives");
    assertEquals(Duration.ofSeconds(60), backoff.step(0, QUEUE_TIMEOUT), "a missing count is a first receive");
  }

  @Test
  void step_neverExceedsSqsMaximum_evenUnderALargerCap() {
    assertEquals(Backoff.MAX, backoff.step(30, Duration.ofDays(2)));
  }

  @Test
  void delay_isEqualJitter_withinTheUpperHalfOfTheStep_inWholeSeconds() {
    RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      Duration d = backoff.delay(3, QUEUE_TIMEOUT, random);
      assertTrue(d.compareTo(Duration.ofSeconds(120)) >= 0 && d.compareTo(Duration.ofSeconds(240)) <= 0, d.toString());
      assertEquals(0, d.toNanosPart(), d.toString());
      seen.add(d);
    }
    assertTrue(seen.size() > 60, "spread over the range, not one value: " + seen.size());
    assertTrue(seen.contains(Duration.ofSeconds(120)) && seen.contains(Duration.ofSeconds(240)), "both ends reached");
  }

  @Test
  void delay_isAtMostTheCap_andNeverZero() {
    RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    for (int i = 0; i < 500; i++) {
      Duration d = backoff.delay(20, Duration.ofSeconds(10), random);
      assertTrue(d.compareTo(Duration.ofSeconds(5)) >= 0 && d.compareTo(Duration.ofSeconds(10)) <= 0, d.toString());
    }
    Backoff tiny = new Backoff(Duration.ofMillis(300));
    assertEquals(Duration.ofSeconds(1), tiny.delay(1, QUEUE_TIMEOUT, random), "0.15-0.3 s rounds up, not to 0");
  }

  @Test
  void theDefaults_keepAFailingRecordOutOfTheDlqForTwoHours() {
    // The arithmetic of docs/operations.md, "Retries": MaxReceiveCount 9 means 9 backoffs before
    // the receive that moves the record to the DLQ, each at least half its step under equal jitter.
    Backoff defaults = new Backoff(Backoff.DEFAULT_BASE);
    Duration floor = Duration.ZERO;
    for (int receive = 1; receive <= 9; receive++) {
      floor = floor.plus(defaults.step(receive, QUEUE_TIMEOUT).dividedBy(2));
    }
    assertEquals(Duration.ofMinutes(153).plusSeconds(30), floor);
    assertTrue(floor.compareTo(Duration.ofHours(2)) >= 0);
  }

  @Test
  void receiveCount_readsTheAttribute_orCountsAFirstReceive() {
    assertEquals(4, Backoff.receiveCount(Map.of("ApproximateReceiveCount", "4")));
    assertEquals(1, Backoff.receiveCount(Map.of()));
    assertEquals(1, Backoff.receiveCount(null));
    assertEquals(1, Backoff.receiveCount(Map.of("ApproximateReceiveCount", "many")));
  }

  @Test
  void aBaseOfZero_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO));
  }
}
