package dev.enrich.cli.deploy;

import static dev.enrich.cli.deploy.CfnTemplate.getAtt;
import static dev.enrich.cli.deploy.CfnTemplate.list;
import static dev.enrich.cli.deploy.CfnTemplate.map;
import static dev.enrich.cli.deploy.CfnTemplate.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.client.submit.CostModel;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.contract.StatusTable;
import dev.enrich.lambda.BatchProcessor;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.local.StatusTableDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/**
 * The invariants of template.yaml that cfn-lint cannot know: the ranges and limits the issue sets,
 * encryption, the queue timings AWS recommends for an SQS event source, least-privilege IAM, every
 * alarm, and agreement with the code (handler class, environment variables, table definition,
 * metrics). scripts/check-template checks the expanded CloudFormation; cfn-lint the rest.
 */
class TemplateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CfnTemplate template;

  @BeforeAll
  static void load() throws Exception {
    template = CfnTemplate.load();
  }

  private static Map<String, Object> function() {
    return template.properties("ConsumerFunction");
  }

  private static Map<String, Object> sqsEvent() {
    Map<String, Object> events = map(function().get("Events"), "ConsumerFunction.Events");
    assertEquals(1, events.size(), "one event source: " + events.keySet());
    Map<String, Object> event = map(events.values().iterator().next(), "the event");
    assertEquals("SQS", event.get("Type"));
    return map(event.get("Properties"), "the SQS event's Properties");
  }

  private static int number(Object value) {
    return ((Number) value).intValue();
  }

  // --- parameters -----------------------------------------------------------------------------

  @Test
  void parameters_haveTheRangesAndDefaultsOfTheIssue() {
    // Any environment name, test included, as long as every resource name built from it fits.
    Pattern environment = Pattern.compile((String) template.parameter("Environment").get("AllowedPattern"));
    for (String name : List.of("dev", "test", "staging", "prod", "eu-2", "e" + "x".repeat(47))) {
      assertTrue(environment.matcher(name).matches(), name);
    }
    for (String name : List.of("", "Prod", "qa_1", "1dev", "-dev", "e" + "x".repeat(48))) {
      assertFalse(environment.matcher(name).matches(), name);
    }
    assertTrue(("enrich-" + "e".repeat(48) + "-consumer").length() <= 64, "Lambda function names are 64 at most");
    assertRange("BatchSize", 5, 50, 20);
    assertRange("LambdaMemory", 512, 10_240, null);
    assertRange("MaxConcurrency", 2, 1000, 10); // 2 is the event source's own floor
    assertRange("MaxReceiveCount", 1, 1000, 9); // with RetryBaseSeconds 60: over two hours before the DLQ
    assertRange("RetryBaseSeconds", 1, 3600, 60);
    assertRange("RecordsPerInvocation", 1, 10, null);

    List<Object> timeouts = list(template.parameter("LambdaTimeout").get("AllowedValues"), "LambdaTimeout");
    assertEquals(60, timeouts.stream().mapToInt(TemplateTest::number).min().orElseThrow());
    assertEquals(900, timeouts.stream().mapToInt(TemplateTest::number).max().orElseThrow());
    assertTrue(timeouts.contains(template.parameter("LambdaTimeout").get("Default")));
  }

  private static void assertRange(String name, int min, int max, Integer defaultValue) {
    Map<String, Object> p = template.parameter(name);
    assertEquals("Number", p.get("Type"), name);
    assertEquals(min, p.get("MinValue"), name + " MinValue");
    assertEquals(max, p.get("MaxValue"), name + " MaxValue");
    if (defaultValue != null) {
      assertEquals(defaultValue, p.get("Default"), name + " Default");
    }
  }

  @Test
  void secrets_arePassedAsSecretsManagerNames_andReadAtRunTime_neverAsValues() {
    Set<String> names = template.section("Parameters").keySet();
    assertFalse(names.contains("MongoDbUri") || names.contains("KeepaApiKey"), "no parameter holds a secret value");
    assertTrue(names.containsAll(Set.of("MongoDbUriSecret", "KeepaApiKeySecret")), names.toString());

    // The function's configuration holds the secrets' names; the consumer reads the values itself.
    Map<String, Object> env = map(map(function().get("Environment"), "Environment").get("Variables"), "Variables");
    assertEquals(ref("MongoDbUriSecret"), env.get(ConsumerWiring.ENV_MONGODB_URI_SECRET));
    assertEquals(Map.of("Fn::If", List.of("HasKeepaKey", ref("KeepaApiKeySecret"), ref("AWS::NoValue"))),
        env.get(Providers.ENV_KEEPA_KEY_SECRET));
    assertFalse(env.containsKey(ConsumerWiring.ENV_MONGODB_URI) || env.containsKey(Providers.ENV_KEEPA_KEY),
        "no secret value in the function's environment");
    assertFalse(template.root().toString().contains("{{resolve:secretsmanager"),
        "no dynamic reference: CloudFormation would copy the value into the function's configuration");
    assertFalse(template.root().toString().contains("{{resolve:ssm"), "no ssm or ssm-secure references");
  }

  // --- queues ---------------------------------------------------------------------------------

  @Test
  void queues_areEncryptedAtRest_underSqsKeysOrTheGivenKmsKey() {
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      assertEquals(Map.of("Fn::If", List.of("HasKmsKey", ref("AWS::NoValue"), true)),
          template.properties(queue).get("SqsManagedSseEnabled"), queue);
      assertEquals(Map.of("Fn::If", List.of("HasKmsKey", ref("KmsKeyArn"), ref("AWS::NoValue"))),
          template.properties(queue).get("KmsMasterKeyId"), queue);
    }
    assertEquals(List.of("DeadLetterQueue", "BatchQueue"), template.resourcesOfType("AWS::SQS::Queue"));
  }

  @Test
  void queues_takeTheLargestMessageSubmitPlansFor() {
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      assertEquals(SubmitRequest.SQS_MAX_MESSAGE_BYTES, template.properties(queue).get("MaximumMessageSize"), queue);
    }
  }

  @Test
  void deadLetterQueue_keepsMessagesLongerThanTheSourceQueue() {
    int source = number(template.properties("BatchQueue").get("MessageRetentionPeriod"));
    int dlq = number(template.properties("DeadLetterQueue").get("MessageRetentionPeriod"));
    // A message moved to a standard DLQ keeps its first enqueue time: a DLQ retention no longer
    // than the source's could drop a message on arrival.
    assertTrue(dlq > source, "DLQ retention " + dlq + " s must exceed the source's " + source + " s");
    assertTrue(dlq <= 1_209_600, "SQS keeps messages 14 days at most");
  }

  @Test
  void visibilityTimeout_isAtLeastSixTimesEveryAllowedFunctionTimeout() {
    assertEquals(Map.of("Fn::FindInMap", List.of("QueueVisibility", ref("LambdaTimeout"), "Seconds")),
        template.properties("BatchQueue").get("VisibilityTimeout"));
    assertEquals(ref("LambdaTimeout"), function().get("Timeout"));
    Map<String, Object> visibility = map(template.section("Mappings").get("QueueVisibility"), "QueueVisibility");
    for (Object timeout : list(template.parameter("LambdaTimeout").get("AllowedValues"), "LambdaTimeout")) {
      Object entry = visibility.get(String.valueOf(timeout));
      assertNotNull(entry, "QueueVisibility has no entry for LambdaTimeout " + timeout);
      int seconds = number(map(entry, "QueueVisibility." + timeout).get("Seconds"));
      assertTrue(seconds >= 6 * number(timeout), "visibility " + seconds + " s < 6 x " + timeout + " s");
      assertTrue(seconds <= 43_200, "SQS's visibility timeout is at most 12 hours");
    }
  }

  @Test
  void redrive_movesToTheDlqAfterMaxReceiveCount() {
    Map<String, Object> redrive = map(template.properties("BatchQueue").get("RedrivePolicy"), "RedrivePolicy");
    assertEquals(getAtt("DeadLetterQueue", "Arn"), redrive.get("deadLetterTargetArn"));
    assertEquals(ref("MaxReceiveCount"), redrive.get("maxReceiveCount"));
  }

  // --- function and event source ----------------------------------------------------------------

  @Test
  void eventSource_reportsBatchItemFailures_withRecordsAndConcurrencyFromParameters() {
    Map<String, Object> sqs = sqsEvent();
    assertEquals(getAtt("BatchQueue", "Arn"), sqs.get("Queue"));
    assertEquals(List.of("ReportBatchItemFailures"), sqs.get("FunctionResponseTypes"));
    assertEquals(ref("RecordsPerInvocation"), sqs.get("BatchSize"));
    assertEquals(Map.of("MaximumConcurrency", ref("MaxConcurrency")), sqs.get("ScalingConfig"));
  }

  @Test
  void function_isJava21FromTheShadedJar_withSnapStartOnAPublishedAlias() {
    Map<String, Object> fn = function();
    assertEquals("java21", fn.get("Runtime"));
    assertEquals("lambda/target/enrich-lambda-aws.jar", fn.get("CodeUri"));
    assertEquals(true, map(template.resource("ConsumerFunction").get("Metadata"), "Metadata").get("SkipBuild"));
    assertEquals(Map.of("ApplyOn", "PublishedVersions"), fn.get("SnapStart"));
    assertEquals("live", fn.get("AutoPublishAlias"));
    // Without it a parameter change would not publish a version and the alias would run the old one.
    assertEquals(ref("ConfigRevision"), fn.get("AutoPublishCodeSha256"));
    assertEquals(ref("LambdaMemory"), fn.get("MemorySize"));
  }

  @Test
  void architecture_isAParameter_x86ByDefault_withTheArmTheCostModelPrices() {
    Map<String, Object> p = template.parameter("Architecture");
    List<String> allowed = list(p.get("AllowedValues"), "Architecture").stream().map(String::valueOf).toList();
    List<String> priced = Arrays.stream(CostModel.Architecture.values()).map(CostModel.Architecture::id).toList();
    assertEquals(priced, allowed, "every architecture the template allows has a price in the cost model");
    assertEquals("x86_64", p.get("Default"));
    assertEquals(List.of(ref("Architecture")), function().get("Architectures"));
    // SnapStart stays on whichever is chosen.
    assertEquals(Map.of("ApplyOn", "PublishedVersions"), function().get("SnapStart"));
  }

  @Test
  void handler_isTheRealHandlerClass_thatLambdaCanConstruct() throws Exception {
    String handler = (String) function().get("Handler");
    String[] parts = handler.split("::", 2);
    Class<?> type = Class.forName(parts[0]);
    assertTrue(RequestHandler.class.isAssignableFrom(type), handler + " is not a RequestHandler");
    assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), "Lambda needs a public no-argument constructor");
    assertEquals("handleRequest", parts[1]);
    assertNotNull(type.getMethod(parts[1], SQSEvent.class, Context.class));
  }

  @Test
  void environment_setsTheVariablesTheConsumerReads() {
    Map<String, Object> env = map(map(function().get("Environment"), "Environment").get("Variables"), "Variables");
    assertEquals(
        new TreeSet<>(List.of(ConsumerWiring.ENV_TABLE, ConsumerWiring.ENV_MONGODB_URI_SECRET,
            ConsumerWiring.ENV_MONGO_DATABASE, ConsumerWiring.ENV_PROVIDER, Providers.ENV_KEEPA_KEY_SECRET,
            Providers.ENV_KEEPA_DOMAIN, Providers.ENV_FALLBACK,
            ConsumerWiring.ENV_ENVIRONMENT, ConsumerWiring.ENV_RETRY_BASE_SECONDS, Providers.ENV_KEEPA_MAX_TOKEN_WAIT,
            ConsumerWiring.ENV_COMPLETION_TOPIC_ARN)),
        new TreeSet<>(env.keySet()));
    assertEquals(ref("CompletionTopic"), env.get(ConsumerWiring.ENV_COMPLETION_TOPIC_ARN));
    assertEquals(ref("StatusTable"), env.get(ConsumerWiring.ENV_TABLE));
    assertEquals(ref("RetryBaseSeconds"), env.get(ConsumerWiring.ENV_RETRY_BASE_SECONDS));
    assertEquals(ref("Environment"), env.get(ConsumerWiring.ENV_ENVIRONMENT));
    // Local endpoints have no place on AWS.
    assertFalse(env.containsKey(ConsumerWiring.ENV_DYNAMODB_ENDPOINT) || env.containsKey(ConsumerWiring.ENV_SQS_ENDPOINT));
  }

  // --- status table ---------------------------------------------------------------------------

  @Test
  void statusTable_isTheLocalStacksTable_onDemand_withRecoveryAndEncryption() {
    Map<String, Object> table = template.properties("StatusTable");
    CreateTableRequest local = StatusTableDefinition.createTableRequest("any");
    assertEquals(local.billingModeAsString(), table.get("BillingMode"));
    assertEquals(
        local.attributeDefinitions().stream().map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).toList(),
        list(table.get("AttributeDefinitions"), "AttributeDefinitions").stream()
            .map(a -> map(a, "attribute").get("AttributeName") + ":" + map(a, "attribute").get("AttributeType")).toList());
    assertEquals(keys(local.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList()),
        keys(table.get("KeySchema")));
    List<Object> indexes = list(table.get("GlobalSecondaryIndexes"), "GlobalSecondaryIndexes");
    assertEquals(local.globalSecondaryIndexes().size(), indexes.size());
    GlobalSecondaryIndex byUser = local.globalSecondaryIndexes().get(0);
    Map<String, Object> index = map(indexes.get(0), "index");
    assertEquals(StatusTable.BY_USER_INDEX, index.get("IndexName"));
    assertEquals(byUser.indexName(), index.get("IndexName"));
    assertEquals(keys(byUser.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList()),
        keys(index.get("KeySchema")));
    assertEquals(byUser.projection().projectionTypeAsString(), map(index.get("Projection"), "Projection").get("ProjectionType"));

    assertEquals(Map.of("PointInTimeRecoveryEnabled", true), table.get("PointInTimeRecoverySpecification"));
    assertEquals(true, map(table.get("SSESpecification"), "SSESpecification").get("SSEEnabled"));
  }

  private static List<String> keys(Object schema) {
    if (schema instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String) {
      return l.stream().map(String::valueOf).toList();
    }
    return list(schema, "KeySchema").stream()
        .map(k -> map(k, "key").get("AttributeName") + ":" + map(k, "key").get("KeyType")).toList();
  }

  // --- IAM ------------------------------------------------------------------------------------

  /** A resource of this stack: a Ref or GetAtt of one, or a Sub naming one. */
  private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)[.}]");

  @Test
  void iam_hasNoWildcardAction_andNoResourceOutsideThisStack() {
    Set<String> resources = template.section("Resources").keySet();
    List<Map<String, Object>> statements = statements();
    assertFalse(statements.isEmpty());
    for (Map<String, Object> statement : statements) {
      assertEquals("Allow", statement.get("Effect"));
      Set<String> actions = new TreeSet<>(asList(statement.get("Action")).stream().map(String::valueOf).toList());
      for (String action : actions) {
        assertFalse(action.contains("*"), "wildcard action " + action);
      }
      if (statement.containsKey("Principal")) {
        if (statement.get("Principal").equals(Map.of("AWS", ref("ProducerAccounts")))) {
          // Producer accounts: sending batches, and on the table what submit and status call.
          assertTrue(Set.of("sqs:SendMessage").equals(actions) || Set.of("dynamodb:PutItem", "dynamodb:GetItem",
              "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem").equals(actions),
              "producer accounts may " + actions);
          continue;
        }
        // A trust policy: who may assume the role, not what the role may do.
        assertEquals(Map.of("Service", "lambda.amazonaws.com"), statement.get("Principal"));
        assertEquals("sts:AssumeRole", statement.get("Action"));
        continue;
      }
      if (ref("KmsKeyArn").equals(statement.get("Resource"))) {
        // The customer managed key given as a parameter: only through SQS or DynamoDB.
        Object via = map(map(statement.get("Condition"), "a kms:ViaService condition").get("StringEquals"),
            "StringEquals").get("kms:ViaService");
        assertNotNull(via, "kms:ViaService in " + statement);
        assertTrue(Set.of("kms:Decrypt", "kms:GenerateDataKey").containsAll(actions), "key use " + actions);
        continue;
      }
      if (statement.get("Resource") instanceof Map<?, ?> split && split.containsKey("Fn::Split")) {
        // The buckets the stack is told about (CatalogBuckets): their objects for s3:// catalogs and
        // exports, and listing on the buckets so a missing key is a 404. Built from the parameter only.
        Object sub = list(split.get("Fn::Split"), "Fn::Split").get(1);
        List<Object> parts = list(map(sub, "Fn::Sub").get("Fn::Sub"), "Fn::Sub");
        Map<String, Object> variables = map(parts.get(1), "Sub variables");
        Object join = map(variables.values().iterator().next(), "Fn::Join").get("Fn::Join");
        List<Object> joined = list(join, "Fn::Join");
        assertEquals(ref("CatalogBuckets"), joined.get(1), "S3 access on the CatalogBuckets only: " + statement);
        String variable = variables.keySet().iterator().next();
        if (actions.equals(Set.of("s3:ListBucket"))) {
          assertEquals("arn:*:s3:::${" + variable + "}", parts.get(0));
          assertEquals(",arn:*:s3:::", joined.get(0));
        } else {
          assertEquals(Set.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"), actions);
          assertEquals("arn:*:s3:::${" + variable + "}/*", parts.get(0), "the buckets' objects, nothing wider");
          assertEquals("/*,arn:*:s3:::", joined.get(0));
        }
        continue;
      }
      if ("*".equals(statement.get("Resource"))) {
        // EC2's Describe calls take no resource; Lambda needs these two to attach to a VPC.
        assertEquals(Set.of("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"), actions, "resource * for " + actions);
        continue;
      }
      if (actions.equals(Set.of("secretsmanager:GetSecretValue"))) {
        // The secrets the stack is given, by ARN, or by the ARN of their name and a 6-character suffix.
        for (Object resource : asList(statement.get("Resource"))) {
          String text = resource.toString();
          assertTrue(text.contains("MongoDbUriSecret") || text.contains("KeepaApiKeySecret"), text);
          assertFalse(text.contains("*"), "wildcard in resource " + text);
        }
        continue;
      }
      for (Object resource : asList(statement.get("Resource"))) {
        assertFalse("*".equals(resource), "resource * in " + statement);
        Map<String, Object> r = map(resource, "a Resource (a Ref, GetAtt or Sub of this stack's resources)");
        if (r.get("Fn::Sub") instanceof String text && text.matches(
            "arn:\\$\\{AWS::Partition}:ec2:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:(network-interface|subnet|security-group)/\\*")) {
          // The network interfaces Lambda makes in the VPC, named by type in this account and region.
          assertEquals(Set.of("ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
              "ec2:UnassignPrivateIpAddresses"), actions, text);
          continue;
        }
        if (("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/enrich-${Environment}-status")
            .equals(r.get("Fn::Sub"))) {
          // The table's policy names the table by its name: a GetAtt of itself would be circular.
          assertEquals("enrich-${Environment}-status", template.properties("StatusTable").get("TableName") instanceof Map<?, ?> n
              ? n.get("Fn::Sub") : null);
          continue;
        }
        String named;
        if (r.containsKey("Fn::Sub")) {
          String text = (String) r.get("Fn::Sub");
          Matcher m = SUB_REFERENCE.matcher(text);
          List<String> referenced = new ArrayList<>();
          while (m.find()) {
            referenced.add(m.group(1));
          }
          named = referenced.stream().filter(resources::contains).findFirst().orElse(null);
          // The one wildcard allowed: the log streams (named by Lambda) of the stack's own log group.
          String rest = text.replaceFirst(".*:log-group:\\$\\{ConsumerLogGroup}:\\*$", "");
          assertTrue(!text.contains("*") || rest.isEmpty(), "wildcard in resource " + text);
        } else if (r.containsKey("Fn::GetAtt")) {
          named = (String) list(r.get("Fn::GetAtt"), "GetAtt").get(0);
        } else {
          named = (String) r.get("Ref");
        }
        assertTrue(named != null && resources.contains(named), "resource outside this stack: " + resource);
      }
    }
  }

  @Test
  void consumerRole_allowsExactlyTheCallsTheConsumerAndItsEventSourceMake() {
    assertEquals(getAtt("ConsumerRole", "Arn"), function().get("Role"), "SAM must not make a role with its own policies");
    assertFalse(function().containsKey("Policies"));
    Map<String, Object> role = template.properties("ConsumerRole");
    assertFalse(role.containsKey("ManagedPolicyArns"), "AWSLambdaBasicExecutionRole has Resource *");
    Map<String, Set<String>> actionsByResource = new java.util.TreeMap<>();
    Map<String, Map<String, Object>> conditional = new java.util.TreeMap<>();
    for (Object policy : list(role.get("Policies"), "Policies")) {
      for (Object s : list(map(map(policy, "policy").get("PolicyDocument"), "document").get("Statement"), "Statement")) {
        Map<String, Object> statement = map(s, "statement");
        if (statement.containsKey("Fn::If")) {
          List<Object> branches = list(statement.get("Fn::If"), "Fn::If");
          assertEquals(ref("AWS::NoValue"), branches.get(2), "an optional statement is absent when its option is off");
          Map<String, Object> on = map(branches.get(1), "statement");
          conditional.put(branches.get(0) + " " + on.get("Sid"), on);
          continue;
        }
        for (Object resource : asList(statement.get("Resource"))) {
          actionsByResource.computeIfAbsent(resource.toString(), k -> new TreeSet<>())
              .addAll(asList(statement.get("Action")).stream().map(String::valueOf).toList());
        }
      }
    }
    assertEquals(Set.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"),
        actionsByResource.get(getAtt("BatchQueue", "Arn").toString()));
    // DynamoBatchLedger reads, queries one catalog's head items and conditionally updates; it never puts or scans.
    assertEquals(Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"),
        actionsByResource.get(getAtt("StatusTable", "Arn").toString()));
    // Completion events, to the stack's own topic only.
    assertEquals(Set.of("sns:Publish"), actionsByResource.get(ref("CompletionTopic").toString()));
    String logs = actionsByResource.keySet().stream().filter(k -> k.contains("log-group")).findFirst().orElseThrow();
    assertEquals(Set.of("logs:CreateLogStream", "logs:PutLogEvents"), actionsByResource.get(logs));
    // The two secrets, by ARN or by the ARN pattern of their name, only to read their values.
    List<String> secrets = actionsByResource.keySet().stream().filter(k -> k.contains("Secret")).toList();
    assertEquals(2, secrets.size(), actionsByResource.toString());
    for (String secret : secrets) {
      assertEquals(Set.of("secretsmanager:GetSecretValue"), actionsByResource.get(secret), secret);
      assertTrue(secret.contains(":secret:${") && secret.contains("}-??????"), secret);
    }
    assertEquals(6, actionsByResource.size(), actionsByResource.toString());
    // Only with the options: the KMS key through SQS and DynamoDB, and SNS for the encrypted completion
    // topic; the VPC's network interfaces.
    assertEquals(Set.of("HasKmsKey DecryptQueueAndTableWithStackKey", "HasKmsKey EncryptCompletionEventsWithStackKey",
        "HasVpc DescribeNetworkForVpcAttachment", "HasVpc ManageNetworkInterfacesForVpcAttachment"),
        conditional.keySet());
    assertEquals("kms:Decrypt", conditional.get("HasKmsKey DecryptQueueAndTableWithStackKey").get("Action"));
    assertEquals(List.of("kms:GenerateDataKey", "kms:Decrypt"),
        conditional.get("HasKmsKey EncryptCompletionEventsWithStackKey").get("Action"));
  }

  private static List<Map<String, Object>> statements() {
    List<Map<String, Object>> found = new ArrayList<>();
    collectStatements(template.section("Resources"), found);
    return found;
  }

  private static void collectStatements(Object node, List<Map<String, Object>> found) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("Statement") instanceof List<?> statements) {
        for (Object s : statements) {
          Map<String, Object> statement = map(s, "statement");
          if (statement.containsKey("Fn::If")) {
            // An optional statement: checked as it is when its option is on.
            Object on = list(statement.get("Fn::If"), "Fn::If").get(1);
            found.add(map(on, "statement"));
          } else {
            found.add(statement);
          }
        }
      }
      m.values().forEach(v -> collectStatements(v, found));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectStatements(v, found));
    }
  }

  private static List<Object> asList(Object value) {
    return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
  }

  // --- alarms, dashboard, outputs ---------------------------------------------------------------

  @Test
  void alarms_watchErrorRateDurationQueueDepthMessageAgeThrottlesAndTheDlq() {
    Map<String, Map<String, Object>> byMetric = new java.util.HashMap<>();
    for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
      Map<String, Object> p = template.properties(alarm);
      assertEquals(List.of(ref("AlarmTopic")), p.get("AlarmActions"), alarm);
      assertEquals("notBreaching", p.get("TreatMissingData"), alarm);
      String metric = p.containsKey("Metrics") ? "math:" + alarm
          : EventLog.NAMESPACE.equals(p.get("Namespace")) ? EventLog.NAMESPACE + "/" + p.get("MetricName")
          : p.get("MetricName") + "@" + dimension(p);
      byMetric.put(metric, p);
    }
    Map<String, Object> errorRate = byMetric.get("math:ConsumerErrorRateAlarm");
    assertNotNull(errorRate, "no error-rate alarm: " + byMetric.keySet());
    assertEquals(5, errorRate.get("Threshold"));
    String math = list(errorRate.get("Metrics"), "Metrics").stream().map(m -> map(m, "metric"))
        .filter(m -> m.containsKey("Expression")).map(m -> (String) m.get("Expression")).findFirst().orElseThrow();
    assertTrue(math.contains("100 * errors / invocations"), math);

    assertThreshold(byMetric, "Duration@ConsumerFunction", 600_000, "Maximum");
    assertThreshold(byMetric, "Throttles@ConsumerFunction", 0, "Sum");
    assertThreshold(byMetric, "ApproximateNumberOfMessagesVisible@BatchQueue", ref("QueueDepthAlarmThreshold"), "Maximum");
    assertEquals(100, template.parameter("QueueDepthAlarmThreshold").get("Default"));
    assertThreshold(byMetric, "ApproximateAgeOfOldestMessage@BatchQueue", ref("OldestMessageAlarmSeconds"), "Maximum");
    assertThreshold(byMetric, "ApproximateNumberOfMessagesVisible@DeadLetterQueue", 0, "Maximum");
    assertNotNull(byMetric.get("math:ConsumerFailedProductsAlarm"), byMetric.keySet().toString());
    // Sustained retries: batches returned to the queue in 3 of 3 five-minute periods.
    Map<String, Object> retries = byMetric.get(EventLog.NAMESPACE + "/RecordsRetried");
    assertNotNull(retries, byMetric.keySet().toString());
    assertEquals(List.of(Map.of("Name", "Service", "Value", "enrich-consumer"),
        Map.of("Name", EventLog.ENVIRONMENT_DIMENSION, "Value", ref("Environment"))), retries.get("Dimensions"));
    assertEquals(List.of(3, 3, 0), List.of(retries.get("EvaluationPeriods"), retries.get("DatapointsToAlarm"),
        retries.get("Threshold")));
    assertEquals(8, byMetric.size(), byMetric.keySet().toString());
  }

  /**
   * The failed-products alarm reads what the consumer emits: a batch returned to the queue (a
   * MongoDB or Keepa outage, never a Lambda error) counts its products in ProductsFailed, under the
   * namespace, metric names and dimensions the alarm's metric math names.
   */
  @Test
  void failedProductsAlarm_readsTheMetricsTheConsumerEmits_soAnOutageBreachesIt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC(), "prod").batch("req",
        new BatchProcessor.Result(BatchProcessor.Outcome.RETRY, "c", "B#000001", 0, 0, "MongoDB: refused", 20), 5);
    JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8));
    JsonNode emf = line.get("_aws").get("CloudWatchMetrics").get(0);
    assertEquals(20, line.get("ProductsFailed").asInt(), line.toString());
    assertEquals(0, line.get("ProductsEnriched").asInt(), line.toString());

    Map<String, Object> alarm = template.properties("ConsumerFailedProductsAlarm");
    Map<String, Map<String, Object>> stats = new java.util.HashMap<>();
    String expression = null;
    for (Object m : list(alarm.get("Metrics"), "Metrics")) {
      Map<String, Object> query = map(m, "metric query");
      if (query.containsKey("Expression")) {
        expression = (String) query.get("Expression");
        assertEquals(true, query.get("ReturnData"));
      } else {
        stats.put((String) query.get("Id"), map(map(query.get("MetricStat"), "MetricStat").get("Metric"), "Metric"));
      }
    }
    assertEquals("IF(failed + enriched > 0, 100 * failed / (failed + enriched), 0)", expression);
    assertEquals(5, alarm.get("Threshold"));
    assertEquals("ProductsFailed", stats.get("failed").get("MetricName"));
    assertEquals("ProductsEnriched", stats.get("enriched").get("MetricName"));
    for (Map<String, Object> metric : stats.values()) {
      assertEquals(emf.get("Namespace").asText(), metric.get("Namespace"));
      Map<String, Object> dimensions = new java.util.LinkedHashMap<>();
      for (Object d : list(metric.get("Dimensions"), "Dimensions")) {
        dimensions.put((String) map(d, "dimension").get("Name"), map(d, "dimension").get("Value"));
      }
      List<String> emitted = new ArrayList<>();
      emf.get("Dimensions").get(0).forEach(d -> emitted.add(d.asText()));
      assertEquals(emitted, List.copyOf(dimensions.keySet()), "the alarm names the dimension set the EMF line declares");
      assertEquals(line.get("Service").asText(), dimensions.get("Service"));
      // The function's ENRICH_ENVIRONMENT is the stack's Environment parameter, as the alarm's value.
      assertEquals(ref("Environment"), dimensions.get(EventLog.ENVIRONMENT_DIMENSION));
    }
    Map<String, Object> env = map(map(function().get("Environment"), "Environment").get("Variables"), "Variables");
    assertEquals(ref("Environment"), env.get(ConsumerWiring.ENV_ENVIRONMENT));
  }

  private static void assertThreshold(Map<String, Map<String, Object>> byMetric, String key, Object threshold, String stat) {
    Map<String, Object> alarm = byMetric.get(key);
    assertNotNull(alarm, "no alarm on " + key + ": " + byMetric.keySet());
    assertEquals(threshold, alarm.get("Threshold"), key);
    assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"), key);
    assertEquals(stat, alarm.get("Statistic"), key);
  }

  /** The resource an alarm's single dimension names: FunctionName Ref or QueueName GetAtt. */
  private static String dimension(Map<String, Object> alarm) {
    Map<String, Object> d = map(list(alarm.get("Dimensions"), "Dimensions").get(0), "dimension");
    Map<String, Object> value = map(d.get("Value"), "dimension value");
    return value.containsKey("Ref") ? (String) value.get("Ref") : (String) list(value.get("Fn::GetAtt"), "GetAtt").get(0);
  }

  @Test
  void dashboard_isValidJson_withLambdaSqsAndTheMetricsTheConsumerEmits() throws Exception {
    List<Object> sub = list(template.properties("Dashboard").get("DashboardBody") instanceof Map<?, ?> m
        ? m.get("Fn::Sub") : null, "DashboardBody Fn::Sub");
    String body = ((String) sub.get(0)).replaceAll("\\$\\{[^}]+}", "1");
    JsonNode dashboard = JSON.readTree(body);
    // Every ${...} became "1", so "1" stands for the function's and the queues' names.
    for (String[] m : List.of(
        new String[] {"AWS/Lambda", "Invocations", "FunctionName"}, new String[] {"AWS/Lambda", "Errors", "FunctionName"},
        new String[] {"AWS/Lambda", "Throttles", "FunctionName"}, new String[] {"AWS/Lambda", "Duration", "FunctionName"},
        new String[] {"AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName"},
        new String[] {"AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName"})) {
      assertTrue(dashboardHas(dashboard, m[0], m[1], List.of(m[2], "1")), String.join("/", m) + " missing from the dashboard");
    }

    // The custom metrics exactly as the consumer writes them: one real EMF line from EventLog.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // As deployed: the template passes its Environment parameter, ${Environment} in the body (now "1").
    new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC(), "1")
        .batch("req",
        new BatchProcessor.Result(BatchProcessor.Outcome.COMPLETED, "c", "B#000001", 1, 0, null), 5);
    JsonNode line = JSON.readTree(out.toString(StandardCharsets.UTF_8));
    JsonNode emf = line.get("_aws").get("CloudWatchMetrics").get(0);
    List<String> dimensions = new ArrayList<>();
    emf.get("Dimensions").get(0).forEach(d -> dimensions.add(d.asText()));
    assertEquals(List.of("Service", EventLog.ENVIRONMENT_DIMENSION), dimensions);
    List<String> pairs = new ArrayList<>();
    dimensions.forEach(d -> {
      pairs.add(d);
      pairs.add(line.get(d).asText());
    });
    Set<String> emitted = new HashSet<>();
    emf.get("Metrics").forEach(m -> emitted.add(m.get("Name").asText()));
    assertEquals(5, emitted.size(), emitted.toString());
    emitted.add("RecordsRetried"); // the invocation line's metric, same namespace and dimensions
    for (String name : emitted) {
      String expected = emf.get("Namespace").asText() + "/" + name + " " + pairs;
      assertTrue(dashboardHas(dashboard, emf.get("Namespace").asText(), name, pairs),
          expected + " missing from the dashboard");
    }
  }

  /** Whether a metric widget line names the metric, "." repeating the line above's value. */
  private static boolean dashboardHas(JsonNode dashboard, String namespace, String metric, List<String> dimensions) {
    for (JsonNode widget : dashboard.get("widgets")) {
      List<String> previous = List.of();
      for (JsonNode line : widget.path("properties").path("metrics")) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < line.size() && line.get(i).isTextual(); i++) {
          String f = line.get(i).asText();
          fields.add(".".equals(f) && i < previous.size() ? previous.get(i) : f);
        }
        if (fields.size() >= 2 + dimensions.size() && fields.get(0).equals(namespace) && fields.get(1).equals(metric)
            && fields.subList(2, 2 + dimensions.size()).equals(dimensions)) {
          return true;
        }
        if (!fields.isEmpty() && !"...".equals(fields.get(0))) {
          previous = fields;
        }
      }
    }
    return false;
  }

  @Test
  void outputs_haveWhatTheProfileNeeds() {
    Map<String, Object> outputs = template.section("Outputs");
    assertEquals(ref("BatchQueue"), map(outputs.get("QueueUrl"), "QueueUrl").get("Value"));
    assertEquals(ref("DeadLetterQueue"), map(outputs.get("DeadLetterQueueUrl"), "DeadLetterQueueUrl").get("Value"));
    assertEquals(ref("StatusTable"), map(outputs.get("StatusTableName"), "StatusTableName").get("Value"));
    assertEquals(ref("AWS::Region"), map(outputs.get("Region"), "Region").get("Value"));
  }
}
