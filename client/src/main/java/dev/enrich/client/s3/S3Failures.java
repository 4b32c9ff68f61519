package dev.enrich.client.s3;

import dev.enrich.client.EnrichException;
import dev.enrich.client.NotFoundException;
import dev.enrich.client.RemoteServiceException;
import dev.enrich.client.aws.CredentialErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an S3 failure means, as one line naming the object: a missing bucket or key is not found
 * (exit 3), a denial names the IAM action the credentials lack, anything else is a remote failure
 * (exit 4). HeadObject answers without a body, so its 404 and 403 carry no error code: the status
 * says it.
 */
public final class S3Failures {
  private S3Failures() {}

  /** The typed exception for {@code e}, thrown by {@code operation} on {@code where}. */
  public static EnrichException explain(SdkException e, S3Operation operation, S3Location where, String awsProfile) {
    var credentials = CredentialErrors.explain(e, awsProfile);
    if (credentials.isPresent()) {
      return credentials.get();
    }
    String code = e instanceof S3Exception s3 && s3.awsErrorDetails() != null ? s3.awsErrorDetails().errorCode() : null;
    int status = e instanceof S3Exception s3 ? s3.statusCode() : 0;
    if (e instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
      return new NotFoundException(where + ": no such bucket " + where.bucket(), e);
    }
    if (e instanceof NoSuchKeyException || "NoSuchKey".equals(code) || (status == 404 && code == null)
        || (status == 404 && operation == S3Operation.HEAD_OBJECT)) {
      return new NotFoundException(where + ": no such object", e);
    }
    if (e instanceof NoSuchUploadException || "NoSuchUpload".equals(code)) {
      return new RemoteServiceException(where + ": the multipart upload is gone (aborted, or expired by a "
          + "lifecycle rule) before " + operation.call() + "; nothing was written, run the export again", e);
    }
    if (status == 403 || "AccessDenied".equals(code)) {
      return new RemoteServiceException(where + ": access denied to " + operation.call() + ": the credentials need "
          + operation.iamAction() + " on " + where.bucket() + "/" + where.key()
          + (operation.verb().equals("read") ? " (and s3:ListBucket on bucket " + where.bucket()
              + ", without which a missing object is refused as denied)" : ""), e);
    }
    if (e instanceof SdkClientException) {
      return new RemoteServiceException("cannot reach S3 for " + where + ": " + e.getMessage(), e);
    }
    return new RemoteServiceException(where + ": S3 " + operation.call() + " failed"
        + (code != null ? " (" + code + ")" : status > 0 ? " (HTTP " + status + ")" : "") + ": "
        + firstLine(e.getMessage()), e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
