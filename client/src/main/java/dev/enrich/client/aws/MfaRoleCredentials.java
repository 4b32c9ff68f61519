package dev.enrich.client.aws;

import dev.enrich.client.RemoteServiceException;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * A role profile with {@code mfa_serial}, assumed with a code from the terminal. The SDK's profile
 * loader ignores {@code mfa_serial}, so STS would refuse a role whose trust policy requires MFA.
 * The code is asked for on each assumption: at the first call and when the role's session ends.
 *
 * @see <a href="https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html#cli-configure-role-mfa">Using MFA with a role profile</a>
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html">AssumeRole: SerialNumber and TokenCode</a>
 */
final class MfaRoleCredentials {
  static final String MFA_SERIAL = "mfa_serial";
  private static final String DURATION_SECONDS = "duration_seconds";

  private MfaRoleCredentials() {}

  static boolean applies(Profile profile) {
    return profile.property(ProfileProperty.ROLE_ARN).isPresent() && profile.property(MFA_SERIAL).isPresent();
  }

  static AwsCredentialsProvider of(ProfileFile file, Profile profile, MfaCodeSource codes) {
    String roleArn = profile.property(ProfileProperty.ROLE_ARN).orElseThrow();
    String serial = profile.property(MFA_SERIAL).orElseThrow();
    // No endpoint override: AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL apply as to any client.
    StsClient sts = StsClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(region(profile))
        .credentialsProvider(source(file, profile))
        .build();
    Optional<Integer> duration = profile.property(DURATION_SECONDS).map(Integer::valueOf);
    String sessionName = profile.property(ProfileProperty.ROLE_SESSION_NAME)
        .orElseGet(() -> "enrich-" + System.currentTimeMillis());
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(() -> AssumeRoleRequest.builder()
            .roleArn(roleArn)
            .roleSessionName(sessionName)
            .externalId(profile.property(ProfileProperty.EXTERNAL_ID).orElse(null))
            .durationSeconds(duration.orElse(null))
            .serialNumber(serial)
            .tokenCode(codes.code(profile.name(), serial))
            .build())
        .build();
  }

  /** The credentials the role is assumed with: {@code source_profile} or {@code credential_source}. */
  private static AwsCredentialsProvider source(ProfileFile file, Profile profile) {
    Optional<String> sourceProfile = profile.property(ProfileProperty.SOURCE_PROFILE);
    if (sourceProfile.isPresent()) {
      return ProfileCredentialsProvider.builder().profileFile(file).profileName(sourceProfile.get()).build();
    }
    String source = profile.property(ProfileProperty.CREDENTIAL_SOURCE).orElse("");
    return switch (source) {
      case "Environment" -> EnvironmentVariableCredentialsProvider.create();
      case "Ec2InstanceMetadata" -> InstanceProfileCredentialsProvider.create();
      case "EcsContainer" -> ContainerCredentialsProvider.create();
      default -> throw new RemoteServiceException("AWS profile " + profile.name()
          + " has role_arn but no source_profile or credential_source (Environment, Ec2InstanceMetadata or EcsContainer)");
    };
  }

  private static Region region(Profile profile) {
    Optional<String> own = profile.property(ProfileProperty.REGION);
    if (own.isPresent()) {
      return Region.of(own.get());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException none) {
      // As the SDK does for role profiles: STS answers in us-east-1 when nothing says otherwise.
      return Region.US_EAST_1;
    }
  }
}
