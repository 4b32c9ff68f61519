package dev.enrich.cli.doctor;

import dev.enrich.contract.output.CheckResult;
import dev.enrich.lambda.enrich.MockProvider;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.enrich.keepa.KeepaException;
import dev.enrich.lambda.enrich.keepa.KeepaStatus;
import java.util.function.Supplier;

/**
 * Keepa: the key is valid and how many tokens it has, with {@code GET /token}, which costs no
 * tokens (the consumer's {@code KeepaClient#tokens()}). Without a key the check is
 * skipped when the provider is mock and fails otherwise.
 */
public final class KeepaCheck implements Check {
  static final String NAME = "keepa";

  private final Supplier<KeepaStatus> tokens;
  private final String provider;

  /** @param tokens the {@code /token} call, or null when there is no key; @param provider as configured, or null */
  public KeepaCheck(Supplier<KeepaStatus> tokens, String provider) {
    this.tokens = tokens;
    this.provider = provider;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult run() {
    if (tokens == null) {
      if (MockProvider.NAME.equalsIgnoreCase(provider == null ? "" : provider.trim())) {
        return CheckResult.skip(NAME, "provider is mock and no " + Providers.ENV_KEEPA_KEY + " is set");
      }
      return CheckResult.fail(NAME, "no " + Providers.ENV_KEEPA_KEY + " set to check the key with",
          "export " + Providers.ENV_KEEPA_KEY + " (the key in the stack's secret), or set provider = mock "
              + "in the profile if the stack runs the mock provider");
    }
    KeepaStatus status;
    try {
      status = tokens.get();
    } catch (KeepaException e) {
      if (e.httpStatus() == 0) {
        return CheckResult.unreachable(NAME, e.getMessage(), "check the network (or " + Providers.ENV_KEEPA_ENDPOINT
            + ")");
      }
      if (e.httpStatus() == 401 || e.httpStatus() == 403) {
        return CheckResult.fail(NAME, "key rejected: " + e.getMessage(), "check " + Providers.ENV_KEEPA_KEY);
      }
      if (e.httpStatus() == 402) {
        return CheckResult.fail(NAME, "no active plan for this key: " + e.getMessage(), "renew the Keepa plan");
      }
      return CheckResult.fail(NAME, e.getMessage(), "try again later; Keepa may be down");
    }
    return CheckResult.pass(NAME, "key valid, " + status.tokensLeft() + " tokens left, refill "
        + status.refillRate() + " per minute");
  }
}
