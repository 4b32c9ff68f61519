package dev.enrich.client.aws;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * The credentials of a run against AWS: the SDK's default chain (environment, web identity, the AWS
 * profile with static keys, {@code role_arn}, {@code credential_process} or SSO, container, instance
 * role), for the AWS profile enrich was given or the SDK's default one. The one gap is a role
 * profile with {@code mfa_serial}: the SDK's profile loader does not ask for a code, so that profile
 * is assumed by {@link MfaRoleCredentials}, as the AWS CLI does it.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html">Credential providers</a>
 */
public final class AwsCredentials {
  /**
   * One provider per AWS profile for the whole run: a command with an SQS and a DynamoDB client asks
   * for an MFA code once, and reads an SSO token or runs a credential_process once per expiry.
   */
  private static final Map<String, AwsCredentialsProvider> SHARED = new ConcurrentHashMap<>();

  private AwsCredentials() {}

  /** @param awsProfile the AWS profile to use, or null for {@code AWS_PROFILE}, else {@code default} */
  public static AwsCredentialsProvider shared(String awsProfile) {
    return SHARED.computeIfAbsent(profileName(awsProfile), name -> provider(awsProfile, MfaCodeSource.terminal()));
  }

  /** A new provider (tests pass their own MFA code source). */
  static AwsCredentialsProvider provider(String awsProfile, MfaCodeSource codes) {
    String name = profileName(awsProfile);
    Optional<Profile> profile = profile(name);
    if (profile.isPresent() && MfaRoleCredentials.applies(profile.get())) {
      return MfaRoleCredentials.of(ProfileFile.defaultProfileFile(), profile.get(), codes);
    }
    return awsProfile == null ? DefaultCredentialsProvider.builder().build()
        : DefaultCredentialsProvider.builder().profileName(awsProfile).build();
  }

  /** The AWS profile a run uses, for messages: the one given, else {@code AWS_PROFILE}, else {@code default}. */
  public static String profileName(String awsProfile) {
    if (awsProfile != null && !awsProfile.isBlank()) {
      return awsProfile;
    }
    return ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
  }

  /** The profile from the AWS config and credentials files; empty when they do not have it or do not parse. */
  private static Optional<Profile> profile(String name) {
    try {
      return ProfileFile.defaultProfileFile().profile(name).filter(p -> p.property(ProfileProperty.ROLE_ARN).isPresent());
    } catch (RuntimeException unreadable) {
      // The SDK's chain reads the same files and reports what is wrong with them.
      return Optional.empty();
    }
  }
}
