package dev.enrich.cli.doctor;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** {@link CallerIdentity} from STS. */
public final class StsCallerIdentity implements CallerIdentity {
  private final StsClient sts;

  public StsCallerIdentity(StsClient sts) {
    this.sts = sts;
  }

  @Override
  public Identity whoAmI() {
    GetCallerIdentityResponse response = sts.getCallerIdentity();
    return new Identity(response.account(), response.arn());
  }
}
