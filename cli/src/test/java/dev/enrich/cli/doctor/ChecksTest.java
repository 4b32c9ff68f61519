package dev.enrich.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import dev.enrich.client.config.Settings;
import dev.enrich.contract.output.CheckResult;
import dev.enrich.contract.output.Outcome;
import dev.enrich.lambda.enrich.keepa.KeepaException;
import dev.enrich.lambda.enrich.keepa.KeepaStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Each check's passing and failing line, with fakes for the services. */
class ChecksTest {
  private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:123456789012:enrich-dlq";

  // --- credentials

  @Test
  void identity_passesWithAccountAndArn_isSkippedOnLocalEndpoints() {
    CallerIdentity sts = () -> new CallerIdentity.Identity("123456789012", "arn:aws:iam::123456789012:user/ana");
    CheckResult aws = new IdentityCheck(sts, false, null).run();
    assertEquals(Outcome.PASS, aws.outcome());
    assertEquals("account 123456789012, arn:aws:iam::123456789012:user/ana", aws.detail());
    CheckResult local = new IdentityCheck(() -> { throw new AssertionError("no STS locally"); }, true, null).run();
    assertEquals(Outcome.SKIP, local.outcome());
    assertTrue(local.detail().startsWith("skipped (local endpoint)"), local.detail());
  }

  @Test
  void identity_failsWhenStsRefuses_andIsUnreachableWithoutCredentials() {
    CallerIdentity expired = () -> {
      throw StsException.builder().awsErrorDetails(AwsErrorDetails.builder().errorCode("ExpiredToken").build()).build();
    };
    CheckResult refused = new IdentityCheck(expired, false, "work").run();
    assertEquals(Outcome.FAIL, refused.outcome());
    assertTrue(refused.detail().contains("AWS profile work") && refused.detail().endsWith("ExpiredToken"), refused.detail());
    assertTrue(refused.fix().contains("aws sso login --profile work"), refused.fix());
    CallerIdentity none = () -> { throw SdkClientException.create("Unable to load credentials from any provider\nchain..."); };
    CheckResult missing = new IdentityCheck(none, false, null).run();
    assertEquals(Outcome.UNREACHABLE, missing.outcome());
    assertEquals("no credentials, or STS unreachable: Unable to load credentials from any provider", missing.detail());
  }

  // --- region

  @Test
  void region_fromSettings_fromTheSdk_orFailsWithTheFlagsToSet() {
    assertEquals("eu-west-1", new RegionCheck("eu-west-1", () -> null).run().detail());
    assertEquals("us-east-2 (from the AWS configuration)", new RegionCheck(null, () -> "us-east-2").run().detail());
    CheckResult none = new RegionCheck(null, () -> null).run();
    assertEquals(Outcome.FAIL, none.outcome());
    assertTrue(none.fix().contains("--region"), none.fix());
  }

  // --- queue

  private static QueueDirectory queues(QueueDirectory.QueueFacts source, QueueDirectory.QueueFacts dlq) {
    return new QueueDirectory() {
      @Override public Optional<QueueFacts> find(String nameOrUrl) {
        return Optional.ofNullable(source).filter(q -> q.name().equals(nameOrUrl));
      }
      @Override public Optional<QueueFacts> findByArn(String arn) {
        return Optional.ofNullable(dlq).filter(q -> arn.endsWith(":" + q.name()));
      }
    };
  }

  private static final QueueDirectory.QueueFacts SOURCE =
      new QueueDirectory.QueueFacts("enrich-batches", 5400, 345_600, DLQ_ARN, 5);
  private static final QueueDirectory.QueueFacts DLQ = new QueueDirectory.QueueFacts("enrich-dlq", 30, 1_209_600, null, 0);

  @Test
  void queue_passesWithRedriveRetentionAndVisibility() {
    CheckResult ok = new QueueCheck(queues(SOURCE, DLQ), "enrich-batches", 900, "enrich local up", false).run();
    assertEquals(Outcome.PASS, ok.outcome(), ok.toString());
    assertEquals("enrich-batches -> DLQ enrich-dlq after 5 receives; retention 345600 s < 1209600 s; "
        + "visibility timeout 5400 s >= 6 x 900 s", ok.detail());
    CheckResult unknownTimeout = new QueueCheck(queues(SOURCE, DLQ), "enrich-batches", null, "x", false).run();
    assertEquals(Outcome.PASS, unknownTimeout.outcome());
    assertTrue(unknownTimeout.detail().contains("not compared with the function timeout"), unknownTimeout.detail());
  }

  @Test
  void queue_failsForEachBrokenRule() {
    CheckResult missing = new QueueCheck(queues(null, DLQ), "enrich-batches", null, "enrich local up", false).run();
    assertEquals("queue enrich-batches does not exist", missing.detail());
    assertEquals("create it: enrich local up; or check --queue and --profile", missing.fix());

    var noRedrive = new QueueDirectory.QueueFacts("enrich-batches", 5400, 345_600, null, 0);
    assertTrue(new QueueCheck(queues(noRedrive, DLQ), "enrich-batches", null, "x", false).run().detail()
        .contains("has no dead-letter queue"));

    assertTrue(new QueueCheck(queues(SOURCE, null), "enrich-batches", null, "x", false).run().detail()
        .startsWith("dead-letter queue " + DLQ_ARN));

    var shortDlq = new QueueDirectory.QueueFacts("enrich-dlq", 30, 345_600, null, 0);
    CheckResult retention = new QueueCheck(queues(SOURCE, shortDlq), "enrich-batches", null, "x", false).run();
    assertEquals(Outcome.FAIL, retention.outcome());
    assertTrue(retention.detail().contains("not longer than queue enrich-batches"), retention.detail());
    CheckResult local = new QueueCheck(queues(SOURCE, shortDlq), "enrich-batches", null, "x", true).run();
    assertEquals(Outcome.PASS, local.outcome(), "ElasticMQ reports a retention it ignores");
    assertTrue(local.detail().contains("retention not compared (local endpoint)"), local.detail());

    CheckResult visibility = new QueueCheck(queues(SOURCE, DLQ), "enrich-batches", 901, "x", false).run();
    assertEquals(Outcome.FAIL, visibility.outcome());
    assertTrue(visibility.fix().startsWith("set VisibilityTimeout to at least 5406 s"), visibility.fix());
  }

  // --- table

  @Test
  void table_passesWithItsIndex_failsNamingTheTableAndTheFix() {
    TableDirectory healthy = t -> Optional.of(new TableDirectory.TableFacts("ACTIVE", Map.of("by_user", "ACTIVE")));
    assertEquals(Outcome.PASS, new TableCheck(healthy, "enrich-status", "x").run().outcome());

    CheckResult missing = new TableCheck(t -> Optional.empty(), "enrich-dev-status",
        "scripts/deploy_lambda.sh dev us-east-1").run();
    assertEquals(Outcome.FAIL, missing.outcome());
    assertEquals("status table enrich-dev-status does not exist", missing.detail());
    assertTrue(missing.fix().startsWith("create it: scripts/deploy_lambda.sh dev us-east-1"), missing.fix());

    TableDirectory noIndex = t -> Optional.of(new TableDirectory.TableFacts("ACTIVE", Map.of()));
    assertTrue(new TableCheck(noIndex, "enrich-status", "x").run().detail().contains("has no by_user index"));
    TableDirectory creating = t -> Optional.of(new TableDirectory.TableFacts("CREATING", Map.of()));
    assertEquals("status table enrich-status is CREATING", new TableCheck(creating, "enrich-status", "x").run().detail());
  }

  // --- mongodb

  @Test
  void mongo_passesWithTheUniqueIndex_failsWithoutIt_orOnALoginRefused() {
    assertEquals(Outcome.PASS, new MongoCheck(() -> true, "db:27017").run().outcome());
    CheckResult noIndex = new MongoCheck(() -> false, "db:27017").run();
    assertEquals(Outcome.FAIL, noIndex.outcome());
    assertTrue(noIndex.detail().contains("no unique index catalog_sku_unique"), noIndex.detail());

    CheckResult login = new MongoCheck(() -> {
      throw new MongoSecurityException(MongoCredential.createCredential("u", "admin", "secret".toCharArray()), "denied");
    }, "db:27017").run();
    assertEquals(Outcome.FAIL, login.outcome());
    assertEquals("db:27017: login refused", login.detail());

    CheckResult down = new MongoCheck(() -> { throw new MongoTimeoutException("timed out"); }, "db:27017").run();
    assertEquals(Outcome.UNREACHABLE, down.outcome());
    assertEquals(Outcome.SKIP, new MongoCheck(null, null).run().outcome());
  }

  // --- keepa

  @Test
  void keepa_passesWithTokens_isSkippedWithoutKeyForMock_failsWithoutKeyOtherwise() {
    KeepaStatus status = new KeepaStatus(1200, 30_000, 20, Instant.EPOCH, 0);
    CheckResult ok = new KeepaCheck(() -> status, "keepa").run();
    assertEquals("key valid, 1200 tokens left, refill 20 per minute", ok.detail());
    assertEquals(Outcome.SKIP, new KeepaCheck(null, "mock").run().outcome());
    CheckResult noKey = new KeepaCheck(null, "keepa").run();
    assertEquals(Outcome.FAIL, noKey.outcome());
    assertTrue(noKey.fix().startsWith("export KEEPA_API_KEY"), noKey.fix());
    assertEquals(Outcome.FAIL, new KeepaCheck(null, null).run().outcome());
  }

  @Test
  void keepa_aRejectedKeyFails_noAnswerIsUnreachable() {
    CheckResult rejected = new KeepaCheck(() -> { throw new KeepaException("GET /token: HTTP 401", 401, null, null); },
        "keepa").run();
    assertEquals(Outcome.FAIL, rejected.outcome());
    assertEquals("key rejected: GET /token: HTTP 401", rejected.detail());
    CheckResult silent = new KeepaCheck(() -> { throw new KeepaException("GET /token: no answer", 0, null, null); },
        "keepa").run();
    assertEquals(Outcome.UNREACHABLE, silent.outcome());
  }

  // --- the fixes' wording for where the settings point

  @Test
  void howToCreate_namesTheLocalStackOrTheDeployScript() {
    assertEquals("enrich local up", StackChecks.howToCreate(settings("local", "http://127.0.0.1:9324")));
    assertEquals("scripts/deploy_lambda.sh dev eu-west-1", StackChecks.howToCreate(settings("enrich-dev", null)));
    assertEquals("scripts/deploy_lambda.sh ENV eu-west-1", StackChecks.howToCreate(settings("default", null)));
  }

  private static Settings settings(String profile, String sqs) {
    return new Settings(profile, "eu-west-1", Optional.ofNullable(sqs).map(URI::create), Optional.empty(), "q", "t",
        null, "enrich", null, "u");
  }
}
