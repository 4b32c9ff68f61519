package dev.enrich.lambda.enrich.keepa;

/**
 * Keepa's token account as the consumers that spend it see it (docs/architecture.md section 5):
 * Keepa's latest status, less the tokens of requests claimed and not yet answered. A request claims
 * its tokens before it is sent and releases them once Keepa's answer (which has spent them) is
 * recorded, so two consumers never count the same tokens. {@link LocalTokenPool} shares them among
 * the threads of one process; {@link DynamoTokenPool} among processes, as Lambda runs them.
 */
public interface TokenPool {

  /**
   * The outcome of {@link #claim}: the claim, or {@code null} when refused; when refused, the status
   * it was decided on ({@code null} when none is known yet) and the tokens left for claims.
   */
  record Attempt(Claim claim, KeepaStatus status, long available) {}

  /** Tokens held for requests about to be sent. */
  interface Claim {
    /** Gives back {@code tokens} of the claim: their request was answered, or will not be sent. */
    void release(long tokens);
  }

  /** Claims {@code needed} tokens if Keepa's latest status, less the tokens claimed by others, holds them. */
  Attempt claim(long needed);

  /** Keepa's latest status as recorded, or {@code null} before the first answer. */
  KeepaStatus status();

  /** Records a status Keepa answered with; one older than the recorded status is ignored. */
  void observe(KeepaStatus status);

  /**
   * Queues a batch that is deferred now and returns in how many milliseconds it should come back:
   * after the refills that cover its own deficit and the tokens of the batches deferred before it.
   *
   * @param needed the batch's tokens
   * @param available the tokens left for it now (may be negative)
   * @param untilRefillMillis until Keepa's next refill
   * @param periodMillis Keepa's refill period
   */
  long deferBehind(long needed, long available, int refillRate, long untilRefillMillis, long periodMillis);
}
