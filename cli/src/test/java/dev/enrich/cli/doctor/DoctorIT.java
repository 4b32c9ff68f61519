package dev.enrich.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.contract.output.CheckResult;
import dev.enrich.contract.output.Outcome;
import dev.enrich.lambda.keepa.KeepaStandIn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code enrich doctor} against a real local stack (ElasticMQ and dynalite, or moto_server): the
 * credentials check is skipped there (local endpoints take any credentials; ElasticMQ and dynalite
 * have no STS), everything else is asked of the real servers.
 */
class DoctorIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  private static CliRun doctor(String... extra) {
    List<String> args = new ArrayList<>(List.of("--profile", "local"));
    args.addAll(List.of(stack.fixture().flags()));
    args.add("doctor");
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aHealthyLocalStack_passesEveryCheck() {
    CliRun run = doctor();
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("skip  credentials  skipped (local endpoint)"), run.toString());
    assertTrue(run.out().contains("ok    queue"), run.toString());
    assertTrue(run.out().contains("ok    table        " + stack.fixture().stack.config().tableName() + " ACTIVE, index by_user"),
        run.toString());
    assertTrue(run.out().contains("ok    mongodb"), run.toString());
    assertTrue(run.out().contains("0 failed"), run.toString());
    assertEquals("", run.err());
  }

  @Test
  void json_matchesItsSchema_inTheOrderOfTheChecks() {
    CliRun run = doctor("--output", "json");
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode report = JsonSchemas.assertMatches("doctor", run.out());
    List<String> names = new ArrayList<>();
    report.get("checks").forEach(c -> names.add(c.get("check").asText()));
    assertEquals(List.of("credentials", "region", "queue", "table", "mongodb", "keepa"), names);
  }

  @Test
  void aMissingTable_failsNamingItAndHowToCreateIt() {
    CliRun run = doctor("--table", "no-such-table");
    assertEquals(ExitCodes.SOME_FAILED, run.exitCode(), run.toString());
    String line = Stream.of(run.out().split("\n")).filter(l -> l.startsWith("FAIL")).findFirst().orElseThrow();
    assertTrue(line.contains("status table no-such-table does not exist"), line);
    assertTrue(line.contains("fix: create it: enrich local up"), line);
    assertTrue(run.out().contains("ok    queue"), "the other checks still run:\n" + run);
  }

  @Test
  void aVisibilityTimeoutUnderSixFunctionTimeouts_fails() {
    int visibility = stack.fixture().stack.config().visibilityTimeoutSeconds();
    CliRun run = doctor("--function-timeout", Integer.toString(visibility / 6 + 1));
    assertEquals(ExitCodes.SOME_FAILED, run.exitCode(), run.toString());
    assertTrue(run.out().contains("FAIL  queue") && run.out().contains("under 6 x the function timeout"),
        run.toString());
    assertEquals(ExitCodes.OK, doctor("--function-timeout", Integer.toString(visibility / 6)).exitCode());
  }

  @Test
  void keepa_isAskedForItsTokens_andAWrongKeyFails() {
    try (KeepaStandIn keepa = KeepaStandIn.builder().key("doctor-key").initialTokens(250).refillRate(20).start()) {
      Map<String, String> env = Map.of("KEEPA_API_KEY", "doctor-key", "ENRICH_KEEPA_ENDPOINT", keepa.uri().toString());
      CheckResult ok = keepaResult(env);
      assertEquals(Outcome.PASS, ok.outcome(), ok.toString());
      assertTrue(ok.detail().startsWith("key valid, ") && ok.detail().endsWith(" tokens left, refill 20 per minute"),
          ok.detail());

      CheckResult wrong = keepaResult(Map.of("KEEPA_API_KEY", "wrong-key", "ENRICH_KEEPA_ENDPOINT", keepa.uri().toString()));
      assertEquals(Outcome.FAIL, wrong.outcome(), wrong.toString());
      assertTrue(wrong.detail().startsWith("key rejected") && !wrong.detail().contains("wrong-key"), wrong.toString());
    }
  }

  private static CheckResult keepaResult(Map<String, String> env) {
    try (StackChecks checks = new StackChecks(stack.fixture().settings(), null, env)) {
      return new Doctor(checks.checks()).run().report().checks().stream()
          .filter(c -> c.check().equals(KeepaCheck.NAME)).findFirst().orElseThrow();
    }
  }

  @Test
  void anUnreadableMongoUri_failsItsLine_withoutEchoingTheUri() {
    CliRun run = doctor("--mongodb-uri", "mongodb://ana:s3cret@");
    assertEquals(ExitCodes.SOME_FAILED, run.exitCode(), run.toString());
    assertTrue(run.out().contains("FAIL  mongodb      the MongoDB URI"), run.toString());
    assertTrue(run.out().contains("ok    table"), run.toString());
    assertTrue(!run.out().contains("s3cret") && !run.err().contains("s3cret"), run.toString());
  }

  @Test
  void nothingReachable_exits4() {
    CliRun run = CliRun.of("--profile", "local", "--sqs-endpoint", "http://127.0.0.1:1", "--dynamodb-endpoint",
        "http://127.0.0.1:1", "--mongodb-uri", "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=500", "doctor");
    assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
  }
}
