package dev.enrich.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusTableTest {

  @Test
  void ids_sortCatalogAndShardsBeforeBatches() {
    assertEquals("B#000017", StatusTable.batchId(17));
    assertEquals("#P#03", StatusTable.shardId(3));
    assertTrue(StatusTable.CATALOG_ITEM.compareTo(StatusTable.BATCH_PREFIX) < 0);
    assertTrue(StatusTable.shardId(99).compareTo(StatusTable.BATCH_PREFIX) < 0);
    assertTrue(StatusTable.batchId(2).compareTo(StatusTable.batchId(10)) < 0);
  }

  @Test
  void sortableTime_sortsAsStringsInTimeOrder_andParsesBack() {
    Instant whole = Instant.parse("2026-11-30T12:00:05Z");
    Instant half = Instant.parse("2026-11-30T12:00:05.5Z");
    Instant milli = Instant.parse("2026-11-30T12:00:05.123Z");
    Instant micro = Instant.parse("2026-11-30T12:00:05.123456Z");
    // The flaw being fixed: Instant.toString() sorts the whole second after the half.
    assertTrue(whole.toString().compareTo(half.toString()) > 0);
    assertTrue(milli.toString().compareTo(micro.toString()) > 0);

    List<Instant> times = List.of(whole, milli, micro, half, Instant.parse("2026-11-30T12:00:06Z"));
    for (int i = 1; i < times.size(); i++) {
      assertTrue(StatusTable.sortableTime(times.get(i - 1)).compareTo(StatusTable.sortableTime(times.get(i))) < 0,
          times.get(i - 1) + " before " + times.get(i));
    }
    for (Instant t : times) {
      assertEquals(t, Instant.parse(StatusTable.sortableTime(t)));
    }
    assertEquals("2026-11-30T12:00:05.000000000Z", StatusTable.sortableTime(whole));
  }

  @Test
  void shardCount_growsWithBatchesWithinBounds() {
    assertEquals(1, StatusTable.shardCountFor(0));
    assertEquals(1, StatusTable.shardCountFor(500));
    assertEquals(2, StatusTable.shardCountFor(501));
    assertEquals(20, StatusTable.shardCountFor(10_000));
    assertEquals(StatusTable.MAX_SHARDS, StatusTable.shardCountFor(10_000_000));
  }

  @Test
  void shardOf_isStableInRangeAndSpreadsBatches() {
    int shards = 20;
    Map<Integer, Integer> perShard = new HashMap<>();
    for (int i = 1; i <= 10_000; i++) {
      int s = StatusTable.shardOf(StatusTable.batchId(i), shards);
      assertEquals(s, StatusTable.shardOf(StatusTable.batchId(i), shards));
      assertTrue(s >= 0 && s < shards);
      perShard.merge(s, 1, Integer::sum);
    }
    assertEquals(shards, perShard.size());
    // Even enough that no shard's id set comes near the item size limit.
    perShard.values().forEach(n -> assertTrue(n < 1_000, "shard holds " + n));
  }

  @Test
  void batchesInShard_addUpToTheCatalog_andMatchShardOf() {
    for (int shards : new int[] {1, 3, 7, 100}) {
      int total = 0;
      for (int shard = 0; shard < shards; shard++) {
        int n = StatusTable.batchesInShard(shard, shards, 2_500);
        int counted = 0;
        for (int b = 1; b <= 2_500; b++) {
          counted += StatusTable.shardOf(StatusTable.batchId(b), shards) == shard ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertEquals(counted, n);
        total += n;
      }
      org.junit.jupiter.api.Assertions.assertEquals(2_500, total, shards + " shards");
    }
  }
}
