package dev.enrich.cli.doctor;

import dev.enrich.contract.output.CheckResult;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Credentials and identity, with STS GetCallerIdentity, which needs no permission
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html). Against local
 * endpoints it is skipped: the local servers take any credentials and have no STS.
 */
public final class IdentityCheck implements Check {
  static final String NAME = "credentials";

  private final CallerIdentity sts;
  private final boolean localEndpoints;
  private final String awsProfile;

  /** @param awsProfile the AWS profile the SDK reads ({@code AWS_PROFILE}), or null for its default */
  public IdentityCheck(CallerIdentity sts, boolean localEndpoints, String awsProfile) {
    this.sts = sts;
    this.localEndpoints = localEndpoints;
    this.awsProfile = awsProfile;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult run() {
    if (localEndpoints) {
      return CheckResult.skip(NAME, "skipped (local endpoint): the local servers accept any credentials");
    }
    String profile = awsProfile == null || awsProfile.isBlank() ? "default" : awsProfile;
    try {
      CallerIdentity.Identity who = sts.whoAmI();
      return CheckResult.pass(NAME, "account " + who.account() + ", " + who.arn());
    } catch (AwsServiceException e) {
      // STS answered and refused: expired or invalid keys, or a region where STS is disabled.
      return CheckResult.fail(NAME, "STS refused the credentials of AWS profile " + profile + ": "
          + e.awsErrorDetails().errorCode(), "renew them (aws sso login --profile " + profile + ", or new keys)");
    } catch (SdkClientException e) {
      return CheckResult.unreachable(NAME, "no credentials, or STS unreachable: " + Doctor.firstLine(e),
          "set AWS_PROFILE or run aws configure; check the network");
    }
  }
}
