package dev.enrich.cli.keepa;

import dev.enrich.lambda.enrich.keepa.KeepaException;
import dev.enrich.lambda.enrich.keepa.KeepaStatus;
import java.util.function.Supplier;

/**
 * Finds the plan's refill rate and forecasts a catalog's token time with it: a rate given on the
 * command line wins; else the free {@code GET /token} call (which costs no tokens) when a key is
 * configured; else the forecast says how to give a rate. A failing {@code /token} call does not stop
 * a dry run: the forecast says what failed.
 */
public final class PlanForecaster {
  public static final String HOW_TO_GIVE_A_RATE = "--keepa-rate N/min";

  private final Supplier<KeepaStatus> tokenCall;
  private final String keyName;

  /** @param tokenCall the {@code /token} call, or null when no key is configured; @param keyName its variable */
  public PlanForecaster(Supplier<KeepaStatus> tokenCall, String keyName) {
    this.tokenCall = tokenCall;
    this.keyName = keyName;
  }

  /** The plan's rate, or why it is unknown and how to give it. */
  public record PlanRate(TokenRate rate, String note) {}

  /** @param given the rate from the command line, or null */
  public PlanRate rate(TokenRate given) {
    if (given != null) {
      return new PlanRate(given, null);
    }
    if (tokenCall == null) {
      return new PlanRate(null, "no " + keyName + " set to ask Keepa for the plan's rate; give "
          + HOW_TO_GIVE_A_RATE + " for the time at your plan's rate");
    }
    KeepaStatus status;
    try {
      status = tokenCall.get();
    } catch (KeepaException e) {
      return new PlanRate(null, "Keepa's rate is unknown (" + e.getMessage() + "); give " + HOW_TO_GIVE_A_RATE);
    }
    if (status.refillRate() < 1) {
      return new PlanRate(null, "Keepa reports no refill for this key; give " + HOW_TO_GIVE_A_RATE);
    }
    return new PlanRate(new TokenRate(status.refillRate(), status.tokensLeft(), TokenRate.FROM_KEEPA), null);
  }

  /** @param given the rate from the command line, or null */
  public TokenForecast forecast(long tokens, TokenRate given) {
    PlanRate plan = rate(given);
    return plan.rate() == null ? TokenForecast.unknown(tokens, plan.note()) : TokenForecast.at(tokens, plan.rate());
  }
}
