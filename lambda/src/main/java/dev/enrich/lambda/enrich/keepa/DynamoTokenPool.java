package dev.enrich.lambda.enrich.keepa;

import static dev.enrich.lambda.contract.Attributes.key;
import static dev.enrich.lambda.contract.Attributes.n;
import static dev.enrich.lambda.contract.StatusTable.POOL_CLAIMS;
import static dev.enrich.lambda.contract.StatusTable.POOL_DEFERRED;
import static dev.enrich.lambda.contract.StatusTable.POOL_DEFERRED_AT;
import static dev.enrich.lambda.contract.StatusTable.POOL_OBSERVED_AT;
import static dev.enrich.lambda.contract.StatusTable.POOL_REFILL_IN;
import static dev.enrich.lambda.contract.StatusTable.POOL_REFILL_RATE;
import static dev.enrich.lambda.contract.StatusTable.POOL_SERVER_TIME;
import static dev.enrich.lambda.contract.StatusTable.POOL_TOKENS_LEFT;
import static dev.enrich.lambda.contract.StatusTable.POOL_VERSION;
import static dev.enrich.lambda.contract.StatusTable.TOKEN_POOL_ITEM;
import static dev.enrich.lambda.contract.StatusTable.TOKEN_POOL_PARTITION;

import dev.enrich.lambda.enrich.TransientEnrichmentException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The token pool of every consumer of a stack, in one item of the status table: on AWS each
 * concurrent invocation is its own process, and without a shared count two of them would spend the
 * same tokens and collect 429s. A claim is a conditional write on the item's version, so two
 * consumers that both saw enough tokens cannot both take them; the loser reads again. Each claim is
 * a map entry named with its time, so the tokens of a consumer that died holding them come back
 * after {@link #CLAIM_LIFETIME}. Statuses are recorded newest-first by Keepa's own clock, and the
 * queue of deferred batches is shared too. Costs per Keepa request: one consistent read and three
 * small writes. See docs/architecture.md section 5.
 */
public final class DynamoTokenPool implements TokenPool {
  /** After this long a claim's request has surely been answered or abandoned: its tokens are free again. */
  public static final Duration CLAIM_LIFETIME = Duration.ofMinutes(5);
  /** Conflicting writes in a row before a claim gives up (each conflict is another consumer's progress). */
  private static final int MAX_CONFLICTS = 200;

  private final DynamoDbClient dynamo;
  private final String table;
  /** The item's sort key: one pool per Keepa endpoint (on AWS, the one real Keepa). */
  private final String item;
  private final Clock clock;
  private final String owner = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final AtomicLong claims = new AtomicLong();
  /** The newest status this process has recorded or read: an older answer is not written at all. */
  private volatile KeepaStatus newestSeen;
  private volatile boolean itemReady;

  public DynamoTokenPool(DynamoDbClient dynamo, String table, URI endpoint, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.item = TOKEN_POOL_ITEM + "#" + HexFormat.of().toHexDigits(endpoint.toString().hashCode());
    this.clock = clock;
  }

  @Override
  public Attempt claim(long needed) {
    ensureItem();
    for (int conflicts = 0; ; conflicts++) {
      Map<String, AttributeValue> item = read();
      KeepaStatus status = statusOf(item);
      if (status == null) {
        return new Attempt(null, null, 0);
      }
      long now = clock.millis();
      long held = 0;
      List<String> expired = new ArrayList<>();
      for (Map.Entry<String, AttributeValue> claim : item.getOrDefault(POOL_CLAIMS, AttributeValue.fromM(Map.of()))
          .m().entrySet()) {
        if (now - claimedAt(claim.getKey()) > CLAIM_LIFETIME.toMillis()) {
          expired.add(claim.getKey());
        } else {
          held += Long.parseLong(claim.getValue().n());
        }
      }
      long available = status.tokensLeft() - held;
      if (available < needed) {
        return new Attempt(null, status, available);
      }
      String id = now + "." + owner + "." + claims.incrementAndGet();
      Map<String, String> names = new HashMap<>(Map.of("#c", POOL_CLAIMS, "#v", POOL_VERSION, "#id", id));
      StringBuilder update = new StringBuilder("SET #c.#id = :n, #v = #v + :one");
      for (int i = 0; i < expired.size(); i++) {
        names.put("#x" + i, expired.get(i));
        update.append(i == 0 ? " REMOVE " : ", ").append("#c.#x").append(i);
      }
      try {
        call("claim Keepa tokens", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression(update.toString())
            .conditionExpression("#v = :seen")
            .expressionAttributeNames(names)
            .expressionAttributeValues(Map.of(":n", n(needed), ":one", n(1), ":seen", item.get(POOL_VERSION)))));
        return new Attempt(new Claimed(id, needed), status, available - needed);
      } catch (ConditionalCheckFailedException e) {
        if (conflicts >= MAX_CONFLICTS) {
          throw new TransientEnrichmentException("Keepa token pool: " + conflicts + " conflicting claims in a row");
        }
        pause(conflicts);
      }
    }
  }

  @Override
  public KeepaStatus status() {
    return statusOf(read());
  }

  @Override
  public void observe(KeepaStatus status) {
    if (status == null) {
      return;
    }
    KeepaStatus seen = newestSeen;
    if (seen != null && KeepaStatus.newer(seen, status) == seen && !seen.equals(status)) {
      return; // older than one already recorded: the item holds that one or a newer
    }
    newestSeen = KeepaStatus.newer(seen, status);
    ensureItem();
    try {
      call("record Keepa's token status", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
          .updateExpression("SET #l = :l, #r = :r, #rate = :rate, #o = :o, #t = :t, #v = #v + :one")
          .conditionExpression("attribute_not_exists(#t) OR #t < :t OR (#t = :t AND #l > :l)")
          .expressionAttributeNames(Map.of("#l", POOL_TOKENS_LEFT, "#r", POOL_REFILL_IN, "#rate", POOL_REFILL_RATE,
              "#o", POOL_OBSERVED_AT, "#t", POOL_SERVER_TIME, "#v", POOL_VERSION))
          .expressionAttributeValues(Map.of(":l", n(status.tokensLeft()), ":r", n(status.refillInMillis()),
              ":rate", n(status.refillRate()), ":o", n(status.observedAt().toEpochMilli()),
              ":t", n(status.serverMillis()), ":one", n(1)))));
    } catch (ConditionalCheckFailedException e) {
      // another consumer has recorded a newer status
    }
  }

  @Override
  public long deferBehind(long needed, long available, int refillRate, long untilRefillMillis, long periodMillis) {
    ensureItem();
    for (int conflicts = 0; ; conflicts++) {
      Map<String, AttributeValue> item = read();
      long now = clock.millis();
      double demand = item.containsKey(POOL_DEFERRED) ? Double.parseDouble(item.get(POOL_DEFERRED).n()) : 0;
      AttributeValue asOf = item.get(POOL_DEFERRED_AT);
      if (asOf != null) {
        demand = TokenQueue.drained(demand, Math.max(0, now - Long.parseLong(asOf.n())), refillRate, periodMillis);
      }
      long comeBack = TokenQueue.comeBack(needed, available, demand, refillRate, untilRefillMillis, periodMillis);
      double queued = demand + needed;
      try {
        call("queue a deferred batch", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression("SET #d = :d, #at = :now")
            .conditionExpression(asOf == null ? "attribute_not_exists(#at)" : "#at = :was")
            .expressionAttributeNames(Map.of("#d", POOL_DEFERRED, "#at", POOL_DEFERRED_AT))
            .expressionAttributeValues(asOf == null
                ? Map.of(":d", AttributeValue.fromN(Double.toString(queued)), ":now", n(now))
                : Map.of(":d", AttributeValue.fromN(Double.toString(queued)), ":now", n(now), ":was", asOf))));
        return comeBack;
      } catch (ConditionalCheckFailedException e) {
        if (conflicts >= 20) {
          return comeBack; // the queue is busy: come back by this process's reckoning
        }
        pause(conflicts);
      }
    }
  }

  /** The pool item exists with an empty claim map and version 0 (once per process; idempotent). */
  private void ensureItem() {
    if (itemReady) {
      return;
    }
    call("create the Keepa token pool", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
        .updateExpression("SET #c = if_not_exists(#c, :empty), #v = if_not_exists(#v, :zero)")
        .expressionAttributeNames(Map.of("#c", POOL_CLAIMS, "#v", POOL_VERSION))
        .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()), ":zero", n(0)))));
    itemReady = true;
  }

  private Map<String, AttributeValue> read() {
    Map<String, AttributeValue> item = call("read the Keepa token pool",
        () -> dynamo.getItem(b -> b.tableName(table).key(poolKey()).consistentRead(true))).item();
    return item == null ? Map.of() : item;
  }

  private KeepaStatus statusOf(Map<String, AttributeValue> item) {
    if (!item.containsKey(POOL_TOKENS_LEFT)) {
      return null;
    }
    KeepaStatus status = new KeepaStatus(Integer.parseInt(item.get(POOL_TOKENS_LEFT).n()),
        Long.parseLong(item.get(POOL_REFILL_IN).n()), Integer.parseInt(item.get(POOL_REFILL_RATE).n()),
        Instant.ofEpochMilli(Long.parseLong(item.get(POOL_OBSERVED_AT).n())),
        Long.parseLong(item.get(POOL_SERVER_TIME).n()));
    newestSeen = KeepaStatus.newer(newestSeen, status);
    return status;
  }

  private static long claimedAt(String id) {
    int dot = id.indexOf('.');
    try {
      return Long.parseLong(dot < 0 ? id : id.substring(0, dot));
    } catch (NumberFormatException e) {
      return 0; // not a claim this code wrote: treat as expired
    }
  }

  private Map<String, AttributeValue> poolKey() {
    return key(TOKEN_POOL_PARTITION, item);
  }

  /** A short random pause after a lost write, growing a little with each loss. */
  private static void pause(int conflicts) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2 + Math.min(conflicts, 20)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientEnrichmentException("interrupted while claiming Keepa tokens", e);
    }
  }

  private static <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (SdkException e) {
      throw new TransientEnrichmentException("could not " + what + " in the status table: " + e.getMessage(), e);
    }
  }

  /** A claim held in the item until its tokens are all released. */
  private final class Claimed implements Claim {
    private final String id;
    private long remaining;

    Claimed(String id, long tokens) {
      this.id = id;
      this.remaining = tokens;
    }

    @Override
    public synchronized void release(long tokens) {
      if (remaining <= 0) {
        return;
      }
      remaining -= tokens;
      // Only this claim's owner writes its entry: no condition needed. Freeing tokens never makes
      // another consumer's claim wrong, so the version stays.
      if (remaining <= 0) {
        call("release Keepa tokens", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression("REMOVE #c.#id")
            .expressionAttributeNames(Map.of("#c", POOL_CLAIMS, "#id", id))));
      } else {
        call("release Keepa tokens", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression("SET #c.#id = :n")
            .expressionAttributeNames(Map.of("#c", POOL_CLAIMS, "#id", id))
            .expressionAttributeValues(Map.of(":n", n(remaining)))));
      }
    }
  }
}
