package dev.enrich.cli.submit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * What a submission costs on AWS, per 1,000 products, for {@code submit --dry-run}. An estimate
 * from published list prices: us-east-1, on-demand, x86 Lambda, standard SQS queue, no free tier,
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
   */
  public record Assumptions(int lambdaMemoryMb, double secondsPerBatch, int recordsPerInvocation) {
    public Assumptions {
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

    /** 1,024 MB, 2.0 s per batch (Keepa-bound), 10 records per invocation (the SQS event source default). */
    public static Assumptions defaults() {
      return new Assumptions(1024, 2.0, 10);
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
    long invocations = ceilDiv(w.batches(), a.recordsPerInvocation());
    long sends =
        Math.max(ceilDiv(w.batches(), SQS_MAX_BATCH_ENTRIES), ceilDiv(w.messageBytes(), SQS_CHUNK_BYTES));
    long sqsRequests = sends + w.messageChunks() + invocations;
    double gbSeconds = w.batches() * a.secondsPerBatch() * a.lambdaMemoryMb() / 1024.0;
    long catalogWrites = w.products() > 0 ? CATALOG_WRITES : 0;
    long writeUnits = w.batches() * (SMALL_WRITES_PER_BATCH + SHARD_WRITE_UNITS)
        + ceilDiv(w.batches(), BATCHES_PER_RECEIPT) * RECEIPT_WRITE_UNITS + catalogWrites;
    double readUnits = w.batches() * READ_UNITS_PER_BATCH;
    return new Usage(sqsRequests, invocations, gbSeconds, writeUnits, readUnits);
  }

  /** Cost of the workload scaled to 1,000 products; all zeros for an empty catalog. */
  public static Estimate per1000Products(Workload w, Assumptions a) {
    if (w.products() == 0) {
      return new Estimate(0, 0, 0, 0);
    }
    Usage u = usage(w, a);
    double scale = 1000.0 / w.products();
    return new Estimate(
        u.sqsRequests() * SQS_USD_PER_REQUEST * scale,
        u.lambdaInvocations() * LAMBDA_USD_PER_REQUEST * scale,
        u.lambdaGbSeconds() * LAMBDA_USD_PER_GB_SECOND * scale,
        (u.writeUnits() * DYNAMO_USD_PER_WRITE_UNIT + u.readUnits() * DYNAMO_USD_PER_READ_UNIT) * scale);
  }

  /** One line for the dry run: the estimate, its parts and the assumptions behind it. */
  public static String describe(Estimate e, Assumptions a) {
    return String.format(
        Locale.ROOT,
        "AWS cost ~ $%s per 1,000 products (SQS $%s, Lambda $%s, DynamoDB $%s; "
            + "%,d MB, %.1f s per batch, %d batches per invocation, %s)",
        dollars(e.totalUsd()), dollars(e.sqsUsd()), dollars(e.lambdaUsd()), dollars(e.dynamoUsd()),
        a.lambdaMemoryMb(), a.secondsPerBatch(), a.recordsPerInvocation(), PRICES);
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
