package dev.enrich.client.submit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * What a submission costs on AWS, per 1,000 products, for {@code submit --dry-run}. An estimate
 * from published list prices: us-east-1, on-demand, x86 or Arm Lambda, standard SQS queue, no free tier,
 * no Savings Plans, first price tier only.
 *
 * <p>Counted per plan: SQS send, receive and delete requests; Lambda requests and GB-seconds;
 * DynamoDB status-table writes and the cancelled check. Not counted, because they do not scale with
 * products or are not AWS request charges: the Lambda poller's empty receives (a per-hour cost of
 * an idle queue), visibility extensions, redeliveries and the DLQ, GSI writes of the catalog item,
 * storage, CloudWatch Logs, data transfer, MongoDB and Keepa.
 */
public final class CostModel {

  // Prices checked 2026-11 on AWS's own pricing pages, US East (N. Virginia).
  /** Standard queue, first 100 billion requests a month: $0.40 per million (Amazon SQS pricing page). */
  static final double SQS_USD_PER_REQUEST = 0.40 / 1_000_000;
  /** "Each 64 KB chunk of a payload is billed as 1 request" (Amazon SQS pricing page). */
  static final long SQS_CHUNK_BYTES = 64 * 1024;
  /** SendMessageBatch carries at most 10 entries. */
  static final int SQS_MAX_BATCH_ENTRIES = 10;
  /** $0.20 per million requests (AWS Lambda pricing page). */
  static final double LAMBDA_USD_PER_REQUEST = 0.20 / 1_000_000;
  /** x86, first 6 billion GB-seconds a month (AWS Lambda pricing page; its examples round to $0.00001667). */
  static final double LAMBDA_USD_PER_GB_SECOND = 0.0000166667;
  /** Arm, first 7.5 billion GB-seconds a month (https://aws.amazon.com/lambda/pricing/, US East (N. Virginia)). */
  static final double LAMBDA_ARM_USD_PER_GB_SECOND = 0.0000133334;
  /** $0.625 per million write request units, Standard table class (Amazon DynamoDB on-demand pricing page). */
  static final double DYNAMO_USD_PER_WRITE_UNIT = 0.625 / 1_000_000;
  /** $0.125 per million read request units, Standard table class (Amazon DynamoDB on-demand pricing page). */
  static final double DYNAMO_USD_PER_READ_UNIT = 0.125 / 1_000_000;
  /** One write request unit per started KB of the item (the larger of before and after an update). */
  static final long DYNAMO_WRITE_UNIT_BYTES = 1024;
  static final String PRICES = "us-east-1 on-demand prices of 2026-11";

  /**
   * Status-table writes of one small item per batch: the PENDING put by the submitter, PROCESSING
   * and COMPLETED by the consumer.
   */
  static final int SMALL_WRITES_PER_BATCH = 3;
  /** The submitter's send receipts: one per round of 50 batches, ~2.5 KB of batch and message ids. */
  static final int BATCHES_PER_RECEIPT = 50;
  static final long RECEIPT_WRITE_UNITS = 3;
  /** Bytes per batch id in a progress shard's {@code done} set, and the set's size when full. */
  static final int SHARD_BYTES_PER_ID = 10;
  static final int SHARD_MAX_IDS = 500;
  /** Key, counters and attribute names of a shard item, without its set. */
  static final int SHARD_BASE_BYTES = 100;
  /** The shard ADD writes the whole item: on average half full, 2,600 bytes, so 3 units. */
  static final long SHARD_WRITE_UNITS =
      ceilDiv(SHARD_BASE_BYTES + SHARD_BYTES_PER_ID * SHARD_MAX_IDS / 2, DYNAMO_WRITE_UNIT_BYTES);
  /** Catalog item: created, then marked submitted. */
  static final int CATALOG_WRITES = 2;
  /** The consumer's cancelled check: one eventually consistent read of an item under 4 KB. */
  static final double READ_UNITS_PER_BATCH = 0.5;

  /**
   * How long a consumer invocation waits for Keepa tokens before it returns a batch to the queue
   * (the deferring consumer's default).
   */
  public static final double MAX_TOKEN_WAIT_SECONDS = 20;
  /**
   * The longest a returned batch stays away: SQS's largest message delay, 15 minutes
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
   */
  public static final double MAX_DEFER_SECONDS = 900;

  /** The function's instruction set, as the template's {@code Architecture} parameter names it. */
  public enum Architecture {
    X86_64("x86_64", LAMBDA_USD_PER_GB_SECOND),
    ARM64("arm64", LAMBDA_ARM_USD_PER_GB_SECOND);

    private final String id;
    private final double usdPerGbSecond;

    Architecture(String id, double usdPerGbSecond) {
      this.id = id;
      this.usdPerGbSecond = usdPerGbSecond;
    }

    public String id() {
      return id;
    }

    public double usdPerGbSecond() {
      return usdPerGbSecond;
    }
  }

  /**
   * What a consumer does while its batches wait for Keepa tokens. {@code IN_INVOCATION}: it sleeps
   * inside the invocation, so when the plan's rate is below demand every concurrent invocation is
   * billed for the whole token time. {@code DEFERRAL}: it waits at most {@link #MAX_TOKEN_WAIT_SECONDS}
   * and returns the batch to the queue until Keepa has refilled, paying that wait and a cold path
   * (about the batch's own processing) each time the batch comes back.
   */
  public enum TokenWait {
    IN_INVOCATION("waiting in the invocation"),
    DEFERRAL("deferring batches");

    private final String description;

    TokenWait(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /**
   * What the consumer of this tree does: it waits at most ENRICH_KEEPA_MAX_TOKEN_WAIT_SECONDS and
   * otherwise defers the batch (a delayed copy), so a starved plan is not paid for in waiting.
   */
  public static final TokenWait CONSUMER_WAIT = TokenWait.DEFERRAL;

  /**
   * The catalog's Keepa token time at the plan's rate, and how the consumer waits for it.
   *
   * @param seconds how long the plan's refill takes to grant the catalog's tokens
   */
  public record TokenTime(double seconds, TokenWait tokenWait) {
    public TokenTime {
      if (!(seconds >= 0) || Double.isInfinite(seconds)) {
        throw new IllegalArgumentException("token time must be 0 or more seconds, not " + seconds);
      }
    }
  }

  private CostModel() {}

  /**
   * What the plan knows about one submission.
   *
   * @param messageBytes sum over messages of body and attribute bytes
   * @param messageChunks sum over messages of {@link #chunks(long) chunks(bodyAndAttributeBytes)}
   */
  public record Workload(long products, long batches, long messageBytes, long messageChunks) {
    public Workload {
      requireNotNegative("products", products);
      requireNotNegative("batches", batches);
      requireNotNegative("messageBytes", messageBytes);
      requireNotNegative("messageChunks", messageChunks);
    }
  }

  /**
   * Assumptions printed next to the estimate.
   *
   * @param lambdaMemoryMb memory of the consumer function
   * @param secondsPerBatch billed duration per batch, dominated by waiting for Keepa
   * @param recordsPerInvocation SQS event source batch size: batches per Lambda invocation
   * @param architecture the function's, which sets the GB-second price
   * @param concurrency most concurrent invocations (the template's {@code MaxConcurrency})
   */
  public record Assumptions(int lambdaMemoryMb, double secondsPerBatch, int recordsPerInvocation,
      Architecture architecture, int concurrency) {
    public Assumptions {
      if (architecture == null) {
        throw new IllegalArgumentException("architecture must be x86_64 or arm64");
      }
      if (concurrency < 1 || concurrency > 1000) {
        throw new IllegalArgumentException("concurrency " + concurrency + " must be between 1 and 1,000");
      }
      if (lambdaMemoryMb < 128 || lambdaMemoryMb > 10_240) {
        throw new IllegalArgumentException(
            "Lambda memory " + lambdaMemoryMb + " MB must be between 128 and 10,240 MB");
      }
      if (!(secondsPerBatch >= 0) || Double.isInfinite(secondsPerBatch)) {
        throw new IllegalArgumentException("seconds per batch must be 0 or more, not " + secondsPerBatch);
      }
      if (recordsPerInvocation < 1 || recordsPerInvocation > 10_000) {
        throw new IllegalArgumentException(
            "records per invocation " + recordsPerInvocation + " must be between 1 and 10,000");
      }
    }

    /** The template's defaults: x86_64 and at most 10 concurrent invocations. */
    public Assumptions(int lambdaMemoryMb, double secondsPerBatch, int recordsPerInvocation) {
      this(lambdaMemoryMb, secondsPerBatch, recordsPerInvocation, Architecture.X86_64, 10);
    }

    /** 1,024 MB, 2.0 s per batch (Keepa-bound), 10 records per invocation (the SQS event source default). */
    public static Assumptions defaults() {
      return new Assumptions(1024, 2.0, 10);
    }

    public Assumptions with(Architecture other) {
      return new Assumptions(lambdaMemoryMb, secondsPerBatch, recordsPerInvocation, other, concurrency);
    }
  }

  /** Billed quantities of the whole workload. */
  public record Usage(
      long sqsRequests, long lambdaInvocations, double lambdaGbSeconds, long writeUnits, double readUnits) {}

  /** US dollars per 1,000 products. */
  public record Estimate(double sqsUsd, double lambdaRequestUsd, double lambdaComputeUsd, double dynamoUsd) {
    public double lambdaUsd() {
      return lambdaRequestUsd + lambdaComputeUsd;
    }

    public double totalUsd() {
      return sqsUsd + lambdaUsd() + dynamoUsd;
    }
  }

  /** Billed SQS requests for one payload of this many bytes (at least one). */
  public static long chunks(long payloadBytes) {
    requireNotNegative("payloadBytes", payloadBytes);
    return Math.max(1, ceilDiv(payloadBytes, SQS_CHUNK_BYTES));
  }

  /**
   * Sends: a SendMessageBatch call is billed per 64 KB chunk of its whole payload, so the total is
   * about the larger of the calls needed (10 entries each) and the chunks of all bytes together.
   * Receives: per chunk of each message, as if received alone (an upper bound). Deletes: one
   * DeleteMessageBatch per invocation.
   */
  public static Usage usage(Workload w, Assumptions a) {
    return usage(w, a, null);
  }

  /**
   * As {@link #usage(Workload, Assumptions)}, with the Lambda time that waiting for Keepa tokens
   * costs when the plan's rate is below what the consumers could do (null: tokens never short).
   */
  public static Usage usage(Workload w, Assumptions a, TokenTime tokens) {
    long invocations = ceilDiv(w.batches(), a.recordsPerInvocation());
    long sends =
        Math.max(ceilDiv(w.batches(), SQS_MAX_BATCH_ENTRIES), ceilDiv(w.messageBytes(), SQS_CHUNK_BYTES));
    long sqsRequests = sends + w.messageChunks() + invocations;
    double workSeconds = w.batches() * a.secondsPerBatch();
    double billedSeconds = workSeconds;
    if (tokens != null && tokenBound(w, a, tokens)) {
      if (tokens.tokenWait() == TokenWait.IN_INVOCATION) {
        // Every concurrent invocation holds its batches until the refill comes: all are billed throughout.
        billedSeconds = Math.max(workSeconds, a.concurrency() * tokens.seconds());
      } else {
        long returns = w.batches() * deferralsPerBatch(tokens);
        double perReturn = a.secondsPerBatch() + MAX_TOKEN_WAIT_SECONDS / a.recordsPerInvocation();
        billedSeconds = workSeconds + returns * perReturn;
        invocations += ceilDiv(returns, a.recordsPerInvocation());
      }
    }
    double gbSeconds = billedSeconds * a.lambdaMemoryMb() / 1024.0;
    long catalogWrites = w.products() > 0 ? CATALOG_WRITES : 0;
    long writeUnits = w.batches() * (SMALL_WRITES_PER_BATCH + SHARD_WRITE_UNITS)
        + ceilDiv(w.batches(), BATCHES_PER_RECEIPT) * RECEIPT_WRITE_UNITS + catalogWrites;
    double readUnits = w.batches() * READ_UNITS_PER_BATCH;
    return new Usage(sqsRequests, invocations, gbSeconds, writeUnits, readUnits);
  }

  /** Whether the plan's refill, not the consumers, sets the pace. */
  static boolean tokenBound(Workload w, Assumptions a, TokenTime tokens) {
    return tokens.seconds() > w.batches() * a.secondsPerBatch() / a.concurrency();
  }

  /**
   * How often a deferred batch comes back before its tokens are there: batches wait half the token
   * time on average, and each return lasts at most {@link #MAX_DEFER_SECONDS}; at least once.
   */
  static long deferralsPerBatch(TokenTime tokens) {
    return Math.max(1, (long) Math.ceil(tokens.seconds() / 2 / MAX_DEFER_SECONDS));
  }

  /** Cost of the workload scaled to 1,000 products; all zeros for an empty catalog. */
  public static Estimate per1000Products(Workload w, Assumptions a) {
    return per1000Products(w, a, null);
  }

  /** As {@link #per1000Products(Workload, Assumptions)}, with the Lambda time waiting for tokens costs. */
  public static Estimate per1000Products(Workload w, Assumptions a, TokenTime tokens) {
    if (w.products() == 0) {
      return new Estimate(0, 0, 0, 0);
    }
    Usage u = usage(w, a, tokens);
    double scale = 1000.0 / w.products();
    return new Estimate(
        u.sqsRequests() * SQS_USD_PER_REQUEST * scale,
        u.lambdaInvocations() * LAMBDA_USD_PER_REQUEST * scale,
        u.lambdaGbSeconds() * a.architecture().usdPerGbSecond() * scale,
        (u.writeUnits() * DYNAMO_USD_PER_WRITE_UNIT + u.readUnits() * DYNAMO_USD_PER_READ_UNIT) * scale);
  }

  /** One line for the dry run: the estimate, its parts and the assumptions behind it. */
  public static String describe(Estimate e, Assumptions a) {
    return String.format(
        Locale.ROOT,
        "AWS cost ~ $%s per 1,000 products (SQS $%s, Lambda $%s, DynamoDB $%s; "
            + "%,d MB%s, %.1f s per batch, %d batches per invocation, %s)",
        dollars(e.totalUsd()), dollars(e.sqsUsd()), dollars(e.lambdaUsd()), dollars(e.dynamoUsd()),
        a.lambdaMemoryMb(), a.architecture() == Architecture.X86_64 ? "" : " " + a.architecture().id(),
        a.secondsPerBatch(), a.recordsPerInvocation(), PRICES);
  }

  /**
   * One line on what waiting for tokens costs at the plan's rate, both ways, and which way the
   * estimate assumes.
   */
  public static String describeWaiting(Workload w, Assumptions a, double tokenSeconds) {
    if (w.products() == 0 || !tokenBound(w, a, new TokenTime(tokenSeconds, CONSUMER_WAIT))) {
      return "the plan's rate keeps up with the consumers: no waiting for tokens";
    }
    Estimate waiting = per1000Products(w, a, new TokenTime(tokenSeconds, TokenWait.IN_INVOCATION));
    TokenTime deferring = new TokenTime(tokenSeconds, TokenWait.DEFERRAL);
    Estimate deferred = per1000Products(w, a, deferring);
    return String.format(Locale.ROOT,
        "Lambda $%s per 1,000 products %s (%d invocations at once throughout), $%s %s (%,.0f s wait and "
            + "a %.1f s cold path per return, ~%d returns per batch); the estimate assumes %s",
        dollars(waiting.lambdaUsd()), TokenWait.IN_INVOCATION.description(), a.concurrency(),
        dollars(deferred.lambdaUsd()), TokenWait.DEFERRAL.description(), MAX_TOKEN_WAIT_SECONDS,
        a.secondsPerBatch(), deferralsPerBatch(deferring), CONSUMER_WAIT.description());
  }

  /** Three significant digits: these amounts are often fractions of a cent. */
  static String dollars(double usd) {
    if (usd == 0) {
      return "0";
    }
    return new BigDecimal(usd).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private static long ceilDiv(long x, long y) {
    return (x + y - 1) / y;
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
    }
  }
}
