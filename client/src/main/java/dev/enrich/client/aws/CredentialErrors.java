package dev.enrich.client.aws;

import dev.enrich.client.EnrichException;
import dev.enrich.client.RemoteServiceException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The SDK's credential failures as one line naming the AWS profile and the fix, in place of the
 * default chain's paragraph (one sentence per provider it tried).
 */
public final class CredentialErrors {
  /** What the default chain says when no provider had credentials. */
  private static final String NO_PROVIDER = "Unable to load credentials";
  /**
   * Error codes of calls refused for their credentials (expired session, unknown or deleted key).
   * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
   */
  private static final Set<String> REJECTED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
      "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId", "InvalidToken");

  private CredentialErrors() {}

  /** The line for a credential failure, or empty when {@code ex} is another kind of failure. */
  public static Optional<EnrichException> explain(Throwable ex, String awsProfile) {
    String profile = AwsCredentials.profileName(awsProfile);
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof EnrichException e) {
        return Optional.of(e);
      }
      if (t instanceof AwsServiceException service && service.awsErrorDetails() != null
          && REJECTED.contains(service.awsErrorDetails().errorCode())) {
        return Optional.of(remote("AWS refused the credentials of profile " + profile + " ("
            + service.awsErrorDetails().errorCode() + "): they have expired or are unknown; refresh them "
            + "(aws sso login --profile " + profile + ", or new keys with aws configure --profile " + profile + ")", ex));
      }
      if (t instanceof SdkClientException && t.getMessage() != null && ssoSessionEnded(t.getMessage())) {
        return Optional.of(remote("the SSO session of AWS profile " + profile + " has expired or was never started; "
            + "run: aws sso login --profile " + profile, ex));
      }
    }
    if (ex instanceof SdkClientException && ex.getMessage() != null && ex.getMessage().startsWith(NO_PROVIDER)) {
      return Optional.of(remote("no AWS credentials found (profile " + profile + "): set AWS_PROFILE, run aws "
          + "configure, or aws sso login --profile " + profile, ex));
    }
    return Optional.empty();
  }

  /**
   * The SSO providers' own words (legacy and sso-session profiles): the chain keeps only their
   * messages, not the exceptions, so the text is what there is to go by.
   */
  private static boolean ssoSessionEnded(String message) {
    String text = message.toLowerCase(Locale.ROOT);
    return text.contains("sso session") || text.contains("sso login") || text.contains("token is expired")
        || (text.contains("sso") && text.contains("token") && (text.contains("expired") || text.contains("not found")
            || text.contains("no such file")));
  }

  private static EnrichException remote(String message, Throwable cause) {
    return new RemoteServiceException(message, cause);
  }
}
