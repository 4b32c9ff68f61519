package dev.enrich.cli.deploy;

import dev.enrich.cli.local.StackFixture;
import java.util.List;

/**
 * Which IAM actions authorize an AWS call, on which resource of the stack, from the service
 * authorization references: SQS's batch calls are authorized as their single forms
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html),
 * and a message move task also needs to receive, delete and read attributes on its source (the
 * DLQ) and to send to its destination
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html).
 * DynamoDB calls are their own actions, on the table or on the index a query reads. S3's multipart
 * calls that write are s3:PutObject, HeadObject is s3:GetObject, and a HeadObject or GetObject of a
 * missing key answers 404 only to callers that may list the bucket
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html#API_HeadObject_RequestSyntax).
 */
final class IamActions {
  /** The objects of the CatalogBuckets buckets, as the S3 statements name them. */
  static final String CATALOG_OBJECTS = "CatalogBuckets/*";
  /** The CatalogBuckets buckets themselves. */
  static final String CATALOG_BUCKETS = "CatalogBuckets";

  private IamActions() {}

  static List<PolicyCoverageIT.Permission> of(SdkCalls.Call call, StackFixture fixture) {
    return switch (call.service()) {
      case "Sqs" -> sqs(call, fixture);
      // "No permissions are required to perform this operation."
      // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
      case "Sts" -> List.of();
      case "DynamoDb" -> List.of(new PolicyCoverageIT.Permission("dynamodb:" + call.operation(),
          call.index() == null ? "StatusTable" : "StatusTable/index/" + call.index()));
      case "S3" -> s3(call);
      default -> throw new IllegalArgumentException("no IAM mapping for " + call
          + ": add the service's actions to IamActions and the template's policies");
    };
  }

  private static List<PolicyCoverageIT.Permission> sqs(SdkCalls.Call call, StackFixture fixture) {
    String queue = queue(call, fixture);
    return switch (call.operation()) {
      case "SendMessageBatch", "SendMessage" -> List.of(p("sqs:SendMessage", queue));
      case "DeleteMessageBatch", "DeleteMessage" -> List.of(p("sqs:DeleteMessage", queue));
      case "ChangeMessageVisibilityBatch", "ChangeMessageVisibility" -> List.of(p("sqs:ChangeMessageVisibility", queue));
      case "StartMessageMoveTask" -> List.of(p("sqs:StartMessageMoveTask", queue), p("sqs:ReceiveMessage", queue),
          p("sqs:DeleteMessage", queue), p("sqs:GetQueueAttributes", queue), p("sqs:SendMessage", "BatchQueue"));
      default -> List.of(p("sqs:" + call.operation(), queue));
    };
  }

  private static List<PolicyCoverageIT.Permission> s3(SdkCalls.Call call) {
    if (!PolicyCoverageIT.BUCKET.equals(call.target())) {
      throw new IllegalArgumentException("an S3 call on a bucket the stack is not told about: " + call);
    }
    return switch (call.operation()) {
      case "HeadObject", "GetObject" -> List.of(p("s3:GetObject", CATALOG_OBJECTS), p("s3:ListBucket", CATALOG_BUCKETS));
      case "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" -> List.of(p("s3:PutObject", CATALOG_OBJECTS));
      case "AbortMultipartUpload" -> List.of(p("s3:AbortMultipartUpload", CATALOG_OBJECTS));
      default -> throw new IllegalArgumentException("no IAM mapping for " + call + ": add it here and to the template");
    };
  }

  private static PolicyCoverageIT.Permission p(String action, String resource) {
    return new PolicyCoverageIT.Permission(action, resource);
  }

  /** The queue a call names, by URL, name or ARN; a move task's handle belongs to its source, the DLQ. */
  private static String queue(SdkCalls.Call call, StackFixture fixture) {
    String target = call.target();
    if (target == null) {
      throw new IllegalArgumentException("an SQS call without a queue: " + call);
    }
    if (call.operation().equals("CancelMessageMoveTask") || target.endsWith(fixture.stack.config().dlqName())
        || target.equals(fixture.stack.dlqUrl())) {
      return "DeadLetterQueue";
    }
    if (target.endsWith(fixture.stack.config().queueName()) || target.equals(fixture.stack.queueUrl())) {
      return "BatchQueue";
    }
    throw new IllegalArgumentException("an SQS call on a queue outside the stack: " + call);
  }
}
