package dev.enrich.client.aws;

import com.mongodb.MongoException;
import dev.enrich.client.EnrichException;
import dev.enrich.client.NotFoundException;
import dev.enrich.client.RemoteServiceException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * What an AWS SDK or MongoDB driver exception means to the caller, as one of the client's typed
 * exceptions with a one-line message: the library's public methods and the CLI's error reporter
 * both say it this way. Credential problems get {@link CredentialErrors}' explanation first.
 */
public final class RemoteFailures {
  private RemoteFailures() {}

  /** The typed exception for {@code e}, or empty when it is not a remote failure (a bug: let it through). */
  public static Optional<EnrichException> typed(Throwable e, String awsProfile) {
    if (e instanceof EnrichException known) {
      return Optional.of(known);
    }
    Optional<EnrichException> credentials = CredentialErrors.explain(e, awsProfile);
    if (credentials.isPresent()) {
      return credentials;
    }
    if (e instanceof QueueDoesNotExistException) {
      return Optional.of(
          new NotFoundException("the queue does not exist (check --queue and the profile's endpoint)", e));
    }
    if (e instanceof ResourceNotFoundException) {
      return Optional.of(
          new NotFoundException("the status table does not exist (check --table and the profile's endpoint)", e));
    }
    if (e instanceof SdkClientException) {
      return Optional.of(new RemoteServiceException("cannot reach AWS: " + e.getMessage(), e));
    }
    if (e instanceof SdkException) {
      return Optional.of(new RemoteServiceException("AWS request failed: " + e.getMessage(), e));
    }
    if (e instanceof MongoException) {
      return Optional.of(new RemoteServiceException("MongoDB request failed: " + e.getMessage(), e));
    }
    return Optional.empty();
  }
}
