package dev.enrich.client.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.NotFoundException;
import dev.enrich.client.RemoteServiceException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3's refusals as one line naming the object, and for a denial the IAM action the credentials lack. */
class S3FailuresTest {
  private static final S3Location WHERE = new S3Location("seller-uploads", "2026/spring.csv");

  static S3Exception denied() {
    return (S3Exception) S3Exception.builder().statusCode(403).message("Access Denied")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("Access Denied").build())
        .build();
  }

  @Test
  void accessDenied_onRead_namesGetObject_andListBucket() {
    EnrichException e = S3Failures.explain(denied(), S3Operation.GET_OBJECT, WHERE, null);
    assertInstanceOf(RemoteServiceException.class, e);
    assertEquals("s3://seller-uploads/2026/spring.csv: access denied to GetObject: the credentials need s3:GetObject "
        + "on seller-uploads/2026/spring.csv (and s3:ListBucket on bucket seller-uploads, without which a missing "
        + "object is refused as denied)", e.getMessage());
  }

  @Test
  void forbiddenHead_withoutErrorCode_isADenialToo() {
    S3Exception head = (S3Exception) S3Exception.builder().statusCode(403).build();
    assertEquals("s3://seller-uploads/2026/spring.csv: access denied to HeadObject: the credentials need "
        + "s3:GetObject on seller-uploads/2026/spring.csv (and s3:ListBucket on bucket seller-uploads, without which "
        + "a missing object is refused as denied)", S3Failures.explain(head, S3Operation.HEAD_OBJECT, WHERE, null)
        .getMessage());
  }

  @Test
  void accessDenied_onWrites_namesPutObject_andOnAbort_AbortMultipartUpload() {
    for (S3Operation write : new S3Operation[] {S3Operation.CREATE_MULTIPART_UPLOAD, S3Operation.UPLOAD_PART,
        S3Operation.COMPLETE_MULTIPART_UPLOAD}) {
      assertEquals("s3://seller-uploads/2026/spring.csv: access denied to " + write.call()
          + ": the credentials need s3:PutObject on seller-uploads/2026/spring.csv",
          S3Failures.explain(denied(), write, WHERE, null).getMessage());
    }
    assertEquals("s3://seller-uploads/2026/spring.csv: access denied to AbortMultipartUpload: the credentials need "
        + "s3:AbortMultipartUpload on seller-uploads/2026/spring.csv",
        S3Failures.explain(denied(), S3Operation.ABORT_MULTIPART_UPLOAD, WHERE, null).getMessage());
  }

  @Test
  void missingKeyOrBucket_isNotFound() {
    EnrichException key = S3Failures.explain(NoSuchKeyException.builder().statusCode(404).build(),
        S3Operation.GET_OBJECT, WHERE, null);
    assertInstanceOf(NotFoundException.class, key);
    assertEquals("s3://seller-uploads/2026/spring.csv: no such object", key.getMessage());
    EnrichException head = S3Failures.explain(S3Exception.builder().statusCode(404).build(),
        S3Operation.HEAD_OBJECT, WHERE, null);
    assertInstanceOf(NotFoundException.class, head);
    EnrichException bucket = S3Failures.explain(NoSuchBucketException.builder().statusCode(404).build(),
        S3Operation.CREATE_MULTIPART_UPLOAD, WHERE, null);
    assertInstanceOf(NotFoundException.class, bucket);
    assertEquals("s3://seller-uploads/2026/spring.csv: no such bucket seller-uploads", bucket.getMessage());
  }

  @Test
  void unreachable_isRemote_namingTheObject_onOneLine() {
    EnrichException e = S3Failures.explain(SdkClientException.create("Connection refused"), S3Operation.GET_OBJECT,
        WHERE, null);
    assertInstanceOf(RemoteServiceException.class, e);
    assertEquals("cannot reach S3 for s3://seller-uploads/2026/spring.csv: Connection refused", e.getMessage());
  }

  @Test
  void location_parsesBucketAndKey_andRefusesWhatNamesNoObject() {
    S3Location l = S3Location.parse("s3://seller-uploads/2026/spring.csv");
    assertEquals(WHERE, l);
    assertEquals("spring.csv", l.fileName());
    assertEquals("s3://seller-uploads/2026/spring.csv", l.toString());
    for (String bad : new String[] {"s3://bucket", "s3://bucket/", "s3:///key.csv", "s3://bucket/dir/"}) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> S3Location.parse(bad));
      assertEquals(bad + ": name an object, as s3://bucket/key.csv", e.getMessage());
    }
  }
}
