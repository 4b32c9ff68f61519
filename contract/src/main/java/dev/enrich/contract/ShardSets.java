package dev.enrich.contract;

import static dev.enrich.contract.StatusTable.FIRST_STARTED_AT;
import static dev.enrich.contract.StatusTable.PROCESSING_SET;
import static dev.enrich.contract.StatusTable.UPDATED_AT;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way a batch moves between the id sets of its progress shard (processing, failing,
 * skipped), for the consumer and for the DLQ tools alike. Set ADD and DELETE are idempotent, so a
 * repeated or reordered move leaves at worst a stale id, which readers resolve by rank ({@link
 * BatchCounts}). This is the update as data; each side turns it into its SDK's request.
 */
public final class ShardSets {
  /** The placeholder of the update time in {@link Move#expression}. */
  public static final String NOW = ":now";
  /** The placeholder of the one-id string set in {@link Move#expression}. */
  public static final String IDS = ":ids";

  private ShardSets() {}

  /**
   * One move: an UpdateItem on the shard item {@code (catalogId, shardId)} with this expression,
   * these attribute names, {@link #NOW} as the time (a string) and {@link #IDS} as the string set
   * holding {@code batchId}.
   */
  public record Move(String catalogId, String shardId, String expression, Map<String, String> names, String now,
      String batchId) {}

  /**
   * The move that lists {@code batchId} under {@code into} (null: under none) and takes it out of
   * {@code outOf}. Entering {@code processing} also records when the shard's first batch started.
   */
  public static Move move(String catalogId, String batchId, int shardCount, String into, List<String> outOf,
      Instant now) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, not " + shardCount);
    }
    StringBuilder update = new StringBuilder("SET #upd = " + NOW);
    Map<String, String> names = new LinkedHashMap<>(Map.of("#upd", UPDATED_AT));
    if (PROCESSING_SET.equals(into)) {
      update.append(", #first = if_not_exists(#first, ").append(NOW).append(')');
      names.put("#first", FIRST_STARTED_AT);
    }
    if (into != null) {
      update.append(" ADD #into ").append(IDS);
      names.put("#into", into);
    }
    for (int i = 0; i < outOf.size(); i++) {
      update.append(i == 0 ? " DELETE " : ", ").append("#out").append(i).append(' ').append(IDS);
      names.put("#out" + i, outOf.get(i));
    }
    return new Move(catalogId, StatusTable.shardId(StatusTable.shardOf(batchId, shardCount)), update.toString(),
        Map.copyOf(names), now.toString(), batchId);
  }
}
