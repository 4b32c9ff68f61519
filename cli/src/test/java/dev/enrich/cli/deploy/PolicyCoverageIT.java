package dev.enrich.cli.deploy;

import static dev.enrich.cli.Samples.sample;
import static dev.enrich.cli.deploy.CfnTemplate.list;
import static dev.enrich.cli.deploy.CfnTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import dev.enrich.cli.local.MotoS3;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.client.dlq.Outage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator and read-only policies of template.yaml against what the commands really call: every
 * command runs against a local stack while {@link SdkCalls} records the AWS calls it makes, each
 * call becomes the IAM actions that authorize it on a resource of the stack, and the policy must
 * allow each of them. A new call in the code without its permission in the template fails here,
 * without a list kept by hand.
 */
@Tag(StackFixture.MOVE_TASKS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyCoverageIT {
  // Short visibility and two receives, so the failing batch reaches the DLQ within seconds.
  @RegisterExtension
  static final StackExtension stack = new StackExtension(c -> c.withVisibilityTimeoutSeconds(1).withMaxReceiveCount(2));
  private static CfnTemplate template;
  private static MotoS3 s3;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    template = CfnTemplate.load();
    s3 = MotoS3.start();
    s3.createBucket(BUCKET);
    s3.put(BUCKET, "in/kitchen-12.csv", Files.readAllBytes(sample("kitchen-12.csv")));
    CliRun submit = cli("submit", sample("kitchen-12.csv").toString(), "--catalog-id", "iam-submitted", "--batch-size", "4");
    assertEquals(0, submit.exitCode(), submit.toString());
    Outage.oneBatchEach(stack.fixture(), "iam-dlq");
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  /** A bucket the stack is told about (CatalogBuckets); its calls are checked against that statement. */
  static final String BUCKET = "seller-uploads";

  private static CliRun cli(String... head) {
    List<String> args = new ArrayList<>(List.of(stack.args(head)));
    args.add("--s3-endpoint");
    args.add(s3.endpoint().toString());
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The commands an operator runs, in an order that leaves each something to do. */
  private Map<String, String[]> operatorCommands() {
    Map<String, String[]> commands = new LinkedHashMap<>();
    commands.put("submit", new String[] {"submit", sample("outdoor-80.json").toString(), "--catalog-id", "iam-new"});
    commands.put("submit s3://", new String[] {"submit", "s3://" + BUCKET + "/in/kitchen-12.csv", "--catalog-id",
        "iam-s3"});
    commands.put("export --out s3://", new String[] {"export", "iam-submitted", "--out",
        "s3://" + BUCKET + "/out/" + dir.getFileName() + ".csv"});
    commands.putAll(readOnlyCommands());
    commands.put("cancel", new String[] {"cancel", "iam-new"});
    commands.put("redrive-dlq (filtered)", new String[] {"redrive-dlq", "--catalog", "iam-dlq", "--max", "1", "--yes"});
    return commands;
  }

  private Map<String, String[]> readOnlyCommands() {
    Map<String, String[]> commands = new LinkedHashMap<>();
    commands.put("status", new String[] {"status", "iam-dlq"});
    commands.put("status --batches", new String[] {"status", "iam-dlq", "--batches"});
    commands.put("status --failures", new String[] {"status", "iam-dlq", "--failures"});
    commands.put("list", new String[] {"list"});
    commands.put("export", new String[] {"export", "iam-submitted", "--out", dir.resolve("export.json").toString()});
    commands.put("queue stats", new String[] {"queue", "stats"});
    commands.put("dlq peek", new String[] {"dlq", "peek"});
    commands.put("doctor", new String[] {"doctor"});
    return commands;
  }

  @Test
  @Order(2)
  void operatorPolicy_allowsEveryCallOfEveryCommand() {
    assertAllowed("OperatorPolicy", operatorCommands());
  }

  @Test
  @Order(1)
  void readOnlyPolicy_allowsTheReadingCommands_andNoWrite() {
    assertAllowed("ReadOnlyPolicy", readOnlyCommands());
    Set<String> granted = new TreeSet<>();
    for (Map<String, Object> statement : statements("ReadOnlyPolicy")) {
      granted.addAll(actions(statement));
    }
    for (String action : granted) {
      String verb = action.substring(action.indexOf(':') + 1);
      assertTrue(verb.startsWith("Get") || verb.startsWith("Query") || verb.startsWith("BatchGet")
          || verb.startsWith("List") || verb.startsWith("Describe") || verb.equals("ReceiveMessage")
          || verb.equals("ChangeMessageVisibility") || verb.equals("Decrypt"),
          "the read-only policy grants " + action);
    }
  }

  /** The move-task redrive: last, since it empties the DLQ the others read. */
  @Test
  @Order(3)
  void operatorPolicy_allowsTheMoveTaskRedrive() {
    Map<String, String[]> commands = new LinkedHashMap<>();
    commands.put("redrive-dlq (move task)", new String[] {"redrive-dlq", "--yes", "--poll-interval", "0.1"});
    assertAllowed("OperatorPolicy", commands);
  }

  private void assertAllowed(String policy, Map<String, String[]> commands) {
    Map<String, Set<String>> allowed = allowedActionsByResource(policy);
    List<String> missing = new ArrayList<>();
    Map<String, Set<String>> seen = new TreeMap<>();
    for (Map.Entry<String, String[]> command : commands.entrySet()) {
      SdkCalls.Recorded<CliRun> run = SdkCalls.during(() -> cli(command.getValue()));
      assertTrue(run.result().exitCode() <= 1, command.getKey() + ": " + run.result());
      assertTrue(!run.calls().isEmpty(), command.getKey() + " made no AWS call: " + run.result());
      for (SdkCalls.Call call : run.calls()) {
        for (Permission p : IamActions.of(call, stack.fixture())) {
          seen.computeIfAbsent(command.getKey(), k -> new TreeSet<>()).add(p.toString());
          if (!allowed.getOrDefault(p.resource(), Set.of()).contains(p.action())) {
            missing.add(command.getKey() + " calls " + call.operation() + ": needs " + p);
          }
        }
      }
    }
    assertEquals(List.of(), missing, policy + " lacks permissions; each command needed " + seen);
  }

  /** An IAM action on one of the stack's resources (its logical id; an index as TABLE/index/NAME). */
  record Permission(String action, String resource) {
    @Override
    public String toString() {
      return action + " on " + resource;
    }
  }

  private static List<Map<String, Object>> statements(String policy) {
    Map<String, Object> document = map(template.properties(policy).get("PolicyDocument"), "PolicyDocument");
    List<Map<String, Object>> statements = new ArrayList<>();
    for (Object s : list(document.get("Statement"), "Statement")) {
      Map<String, Object> statement = map(s, "statement");
      if (!statement.containsKey("Fn::If")) {
        statements.add(statement);
      } else if (list(statement.get("Fn::If"), "Fn::If").get(0).equals("HasCatalogBuckets")) {
        // The S3 statements, as a stack told about the test's bucket has them.
        statements.add(map(list(statement.get("Fn::If"), "Fn::If").get(1), "statement"));
      } // the optional KMS statements: not in play on the local stack
    }
    return statements;
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
  }

  /** The policy's actions by the logical id of the resource they are granted on. */
  private static Map<String, Set<String>> allowedActionsByResource(String policy) {
    Map<String, Set<String>> allowed = new TreeMap<>();
    for (Map<String, Object> statement : statements(policy)) {
      assertEquals("Allow", statement.get("Effect"));
      Object resources = statement.get("Resource");
      for (Object resource : resources instanceof List<?> l ? l : List.of(resources)) {
        Map<String, Object> r = map(resource, "resource");
        String name;
        if (r.containsKey("Fn::Split")) {
          // The CatalogBuckets list: its buckets' objects (".../*") or the buckets themselves.
          String sub = (String) list(map(list(r.get("Fn::Split"), "Fn::Split").get(1), "Sub").get("Fn::Sub"), "Sub")
              .get(0);
          name = sub.endsWith("/*") ? IamActions.CATALOG_OBJECTS : IamActions.CATALOG_BUCKETS;
        } else if (r.containsKey("Fn::GetAtt")) {
          name = (String) list(r.get("Fn::GetAtt"), "GetAtt").get(0);
        } else {
          String sub = (String) r.get("Fn::Sub");
          name = sub.replaceFirst("^\\$\\{([A-Za-z]+)\\.Arn}", "$1");
        }
        allowed.computeIfAbsent(name, k -> new TreeSet<>()).addAll(actions(statement));
      }
    }
    return allowed;
  }
}
