package dev.enrich.lambda.enrich.keepa;

import static dev.enrich.contract.StatusTable.POOL_AVAILABLE;
import static dev.enrich.contract.StatusTable.POOL_CLAIMED;
import static dev.enrich.contract.StatusTable.POOL_CLAIMS;
import static dev.enrich.contract.StatusTable.POOL_DEFERRED;
import static dev.enrich.contract.StatusTable.POOL_DEFERRED_AT;
import static dev.enrich.contract.StatusTable.POOL_OBSERVED_AT;
import static dev.enrich.contract.StatusTable.POOL_REFILL_IN;
import static dev.enrich.contract.StatusTable.POOL_REFILL_RATE;
import static dev.enrich.contract.StatusTable.POOL_SERVER_TIME;
import static dev.enrich.contract.StatusTable.POOL_TOKENS_LEFT;
import static dev.enrich.contract.StatusTable.TOKEN_POOL_ITEM;
import static dev.enrich.contract.StatusTable.TOKEN_POOL_PARTITION;
import static dev.enrich.lambda.store.Attributes.key;
import static dev.enrich.lambda.store.Attributes.n;

import dev.enrich.lambda.enrich.TransientEnrichmentException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
 * same tokens and collect 429s. The item keeps Keepa's latest status, the claims of requests not yet
 * answered (a map entry each, named with its time, and their sum), and the tokens left for new
 * claims: tokens left less claimed, kept so by every write. A claim is one conditional write
 * ({@code available >= needed}), so two consumers cannot take the same tokens; a release gives them
 * back once Keepa's answer is recorded; a status is recorded newest-first by Keepa's own clock. The
 * claims of a consumer that died holding them are given back after {@link #CLAIM_LIFETIME}. A
 * request costs three small writes; a refusal one read more. See docs/architecture.md section 5.
 */
public final class DynamoTokenPool implements TokenPool {
  /** After this long a claim's request has surely been answered or abandoned: its tokens are free again. */
  public static final Duration CLAIM_LIFETIME = Duration.ofMinutes(5);
  /** Lost writes of the deferred queue in a row before a batch comes back by this process's reckoning. */
  private static final int MAX_QUEUE_CONFLICTS = 3;

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
  /** The item as the calling thread last read it: a deferral right after a refused claim needs no second read. */
  private final ThreadLocal<Map<String, AttributeValue>> lastRead = new ThreadLocal<>();

  public DynamoTokenPool(DynamoDbClient dynamo, String table, URI endpoint, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.item = TOKEN_POOL_ITEM + "#" + HexFormat.of().toHexDigits(endpoint.toString().hashCode());
    this.clock = clock;
  }

  @Override
  public Attempt claim(long needed) {
    ensureItem();
    for (boolean reaped = false; ; reaped = true) {
      String id = clock.millis() + "." + owner + "." + claims.incrementAndGet();
      try {
        call("claim Keepa tokens", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression("SET #c.#id = :n, #a = #a - :n, #cl = #cl + :n")
            .conditionExpression("#a >= :n")
            .expressionAttributeNames(Map.of("#c", POOL_CLAIMS, "#id", id, "#a", POOL_AVAILABLE, "#cl", POOL_CLAIMED))
            .expressionAttributeValues(Map.of(":n", n(needed)))));
        lastRead.remove();
        return new Attempt(new Claimed(id, needed), null, -1);
      } catch (ConditionalCheckFailedException e) {
        Map<String, AttributeValue> now = read();
        KeepaStatus status = statusOf(now);
        if (!reaped && reapExpired(now) > 0) {
          continue; // a dead consumer's tokens are back: try once more
        }
        lastRead.set(now);
        long available = now.containsKey(POOL_AVAILABLE) ? Long.parseLong(now.get(POOL_AVAILABLE).n()) : 0;
        return new Attempt(null, status, available);
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
          .updateExpression("SET #l = :l, #r = :r, #rate = :rate, #o = :o, #t = :t, #a = :l - #cl")
          .conditionExpression("attribute_not_exists(#t) OR #t < :t OR (#t = :t AND #l > :l)")
          .expressionAttributeNames(Map.of("#l", POOL_TOKENS_LEFT, "#r", POOL_REFILL_IN, "#rate", POOL_REFILL_RATE,
              "#o", POOL_OBSERVED_AT, "#t", POOL_SERVER_TIME, "#a", POOL_AVAILABLE, "#cl", POOL_CLAIMED))
          .expressionAttributeValues(Map.of(":l", n(status.tokensLeft()), ":r", n(status.refillInMillis()),
              ":rate", n(status.refillRate()), ":o", n(status.observedAt().toEpochMilli()),
              ":t", n(status.serverMillis())))));
    } catch (ConditionalCheckFailedException e) {
      // another consumer has recorded a newer status
    }
  }

  @Override
  public long deferBehind(long needed, long available, int refillRate, long untilRefillMillis, long periodMillis) {
    ensureItem();
    Map<String, AttributeValue> item = lastRead.get();
    lastRead.remove();
    for (int conflicts = 0; ; conflicts++) {
      if (item == null) {
        item = read();
      }
      long now = clock.millis();
      double demand = item.containsKey(POOL_DEFERRED) ? Double.parseDouble(item.get(POOL_DEFERRED).n()) : 0;
      AttributeValue asOf = item.get(POOL_DEFERRED_AT);
      if (asOf != null) {
        demand = TokenQueue.drained(demand, Math.max(0, now - Long.parseLong(asOf.n())), refillRate, periodMillis);
      }
      long comeBack = TokenQueue.comeBack(needed, available, demand, refillRate, untilRefillMillis, periodMillis);
      AttributeValue queued = AttributeValue.fromN(Double.toString(demand + needed));
      try {
        call("queue a deferred batch", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression("SET #d = :d, #at = :now")
            .conditionExpression(asOf == null ? "attribute_not_exists(#at)" : "#at = :was")
            .expressionAttributeNames(Map.of("#d", POOL_DEFERRED, "#at", POOL_DEFERRED_AT))
            .expressionAttributeValues(asOf == null
                ? Map.of(":d", queued, ":now", n(now))
                : Map.of(":d", queued, ":now", n(now), ":was", asOf))));
        return comeBack;
      } catch (ConditionalCheckFailedException e) {
        if (conflicts >= MAX_QUEUE_CONFLICTS) {
          return comeBack; // the queue is busy: come back by this process's reckoning
        }
        item = null;
      }
    }
  }

  /** Gives back the tokens of claims past their lifetime; returns how many were given back. */
  private long reapExpired(Map<String, AttributeValue> now) {
    long reaped = 0;
    long oldest = clock.millis() - CLAIM_LIFETIME.toMillis();
    for (Map.Entry<String, AttributeValue> claim : now.getOrDefault(POOL_CLAIMS, AttributeValue.fromM(Map.of()))
        .m().entrySet()) {
      if (claimedAt(claim.getKey()) >= oldest) {
        continue;
      }
      try {
        // Conditional on the entry as read: a claim given back twice would count its tokens twice.
        call("give back expired Keepa tokens", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression("REMOVE #c.#x SET #a = #a + :n, #cl = #cl - :n")
            .conditionExpression("#c.#x = :n")
            .expressionAttributeNames(Map.of("#c", POOL_CLAIMS, "#x", claim.getKey(), "#a", POOL_AVAILABLE,
                "#cl", POOL_CLAIMED))
            .expressionAttributeValues(Map.of(":n", claim.getValue()))));
        reaped += Long.parseLong(claim.getValue().n());
      } catch (ConditionalCheckFailedException e) {
        // released or reaped meanwhile
      }
    }
    return reaped;
  }

  /** The pool item exists with no claims (once per process; idempotent). */
  private void ensureItem() {
    if (itemReady) {
      return;
    }
    call("create the Keepa token pool", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
        .updateExpression("SET #c = if_not_exists(#c, :empty), #cl = if_not_exists(#cl, :zero)")
        .expressionAttributeNames(Map.of("#c", POOL_CLAIMS, "#cl", POOL_CLAIMED))
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
      long given = Math.min(tokens, remaining);
      if (given <= 0) {
        return;
      }
      long rest = remaining - given;
      AttributeValue current = n(remaining);
      remaining = rest;
      // Conditional on the entry as this owner left it: if it was reaped as expired, its tokens are back already.
      try {
        call("release Keepa tokens", () -> dynamo.updateItem(b -> b.tableName(table).key(poolKey())
            .updateExpression(rest == 0 ? "REMOVE #c.#id SET #a = #a + :k, #cl = #cl - :k"
                : "SET #c.#id = :rest, #a = #a + :k, #cl = #cl - :k")
            .conditionExpression("#c.#id = :cur")
            .expressionAttributeNames(Map.of("#c", POOL_CLAIMS, "#id", id, "#a", POOL_AVAILABLE, "#cl", POOL_CLAIMED))
            .expressionAttributeValues(rest == 0 ? Map.of(":k", n(given), ":cur", current)
                : Map.of(":k", n(given), ":cur", current, ":rest", n(rest)))));
      } catch (ConditionalCheckFailedException e) {
        // reaped as expired: nothing to give back
      }
    }
  }
}
