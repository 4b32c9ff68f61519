package dev.enrich.lambda.enrich.keepa;

/**
 * The token pool of one process: the consumers of one JVM (the local worker, the benchmarks) share
 * Keepa's latest status and a count of tokens in flight.
 */
public final class LocalTokenPool implements TokenPool {
  private KeepaStatus status;
  private long inFlight;
  private double deferredDemand;
  private long deferredDemandAsOf = System.nanoTime();

  @Override
  public synchronized Attempt claim(long needed) {
    if (status == null) {
      return new Attempt(null, null, 0);
    }
    long available = status.tokensLeft() - inFlight;
    if (available < needed) {
      return new Attempt(null, status, available);
    }
    inFlight += needed;
    return new Attempt(this::release, status, available - needed);
  }

  private synchronized void release(long tokens) {
    inFlight -= tokens;
  }

  @Override
  public synchronized KeepaStatus status() {
    return status;
  }

  @Override
  public synchronized void observe(KeepaStatus observed) {
    if (observed != null) {
      status = KeepaStatus.newer(status, observed);
    }
  }

  @Override
  public synchronized long deferBehind(long needed, long available, int refillRate, long untilRefillMillis,
      long periodMillis) {
    long now = System.nanoTime();
    deferredDemand = TokenQueue.drained(deferredDemand, (now - deferredDemandAsOf) / 1e6, refillRate, periodMillis);
    deferredDemandAsOf = now;
    long comeBack = TokenQueue.comeBack(needed, available, deferredDemand, refillRate, untilRefillMillis, periodMillis);
    deferredDemand += needed;
    return comeBack;
  }
}
