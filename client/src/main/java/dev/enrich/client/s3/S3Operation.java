package dev.enrich.client.s3;

/**
 * The S3 calls enrich makes and the IAM action that allows each, from the S3 actions reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html): the
 * multipart calls that write are allowed by {@code s3:PutObject}, HeadObject by {@code s3:GetObject}.
 */
public enum S3Operation {
  HEAD_OBJECT("HeadObject", "s3:GetObject", "read"),
  GET_OBJECT("GetObject", "s3:GetObject", "read"),
  CREATE_MULTIPART_UPLOAD("CreateMultipartUpload", "s3:PutObject", "write"),
  UPLOAD_PART("UploadPart", "s3:PutObject", "write"),
  COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload", "s3:PutObject", "write"),
  ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", "s3:AbortMultipartUpload", "abort the upload of");

  private final String call;
  private final String iamAction;
  private final String verb;

  S3Operation(String call, String iamAction, String verb) {
    this.call = call;
    this.iamAction = iamAction;
    this.verb = verb;
  }

  /** The API operation, as the SDK and CloudTrail name it. */
  public String call() {
    return call;
  }

  /** The IAM action a policy must allow on the object for this call. */
  public String iamAction() {
    return iamAction;
  }

  /** What the call does to the object, for messages: read, write. */
  String verb() {
    return verb;
  }
}
