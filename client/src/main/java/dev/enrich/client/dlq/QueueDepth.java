package dev.enrich.client.dlq;

/** SQS's approximate message counts of one queue. */
public record QueueDepth(long visible, long inFlight, long delayed) {

  /** Messages that are in the queue and will be delivered without a new send. */
  public long total() {
    return visible + inFlight + delayed;
  }
}
