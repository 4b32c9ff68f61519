package dev.enrich.cli.doctor;

import dev.enrich.contract.output.CheckResult;
import java.util.function.Supplier;

/**
 * The region the clients use: from the settings (flag, AWS_REGION, the profile), else whatever the
 * SDK finds ({@code AWS_DEFAULT_REGION}, the AWS config file), passed in as {@code sdkRegion}.
 */
public final class RegionCheck implements Check {
  static final String NAME = "region";

  private final String configured;
  private final Supplier<String> sdkRegion;

  /** @param sdkRegion the SDK's own region lookup; returns null when it finds none */
  public RegionCheck(String configured, Supplier<String> sdkRegion) {
    this.configured = configured;
    this.sdkRegion = sdkRegion;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean remote() {
    return false;
  }

  @Override
  public CheckResult run() {
    if (configured != null && !configured.isBlank()) {
      return CheckResult.pass(NAME, configured);
    }
    String found = sdkRegion.get();
    if (found != null && !found.isBlank()) {
      return CheckResult.pass(NAME, found + " (from the AWS configuration)");
    }
    return CheckResult.fail(NAME, "no region configured",
        "set --region, AWS_REGION, or region in the profile (scripts/deploy_lambda.sh writes it)");
  }
}
