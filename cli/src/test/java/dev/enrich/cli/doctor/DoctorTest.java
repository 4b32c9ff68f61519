package dev.enrich.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.ExitCodes;
import dev.enrich.contract.output.CheckResult;
import dev.enrich.contract.output.DoctorReport;
import dev.enrich.contract.output.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The doctor's exit codes, its handling of a check that throws, and its text. */
class DoctorTest {

  private static Check check(String name, boolean remote, CheckResult result) {
    return new Check() {
      @Override public String name() { return name; }
      @Override public boolean remote() { return remote; }
      @Override public CheckResult run() { return result; }
    };
  }

  private static Check throwing(String name, RuntimeException e) {
    return new Check() {
      @Override public String name() { return name; }
      @Override public CheckResult run() { throw e; }
    };
  }

  private static final Check REGION = check("region", false, CheckResult.pass("region", "us-east-1"));

  @Test
  void allPassingOrSkipped_exits0() {
    var diagnosis = new Doctor(List.of(REGION, check("queue", true, CheckResult.pass("queue", "fine")),
        check("keepa", true, CheckResult.skip("keepa", "mock")))).run();
    assertEquals(ExitCodes.OK, diagnosis.exitCode());
    assertEquals(2, diagnosis.report().passed());
    assertEquals(1, diagnosis.report().skipped());
  }

  @Test
  void oneFailure_exits1_andTheOthersStillRun() {
    var diagnosis = new Doctor(List.of(REGION,
        check("table", true, CheckResult.fail("table", "status table t does not exist", "create it")),
        check("queue", true, CheckResult.pass("queue", "fine")))).run();
    assertEquals(ExitCodes.SOME_FAILED, diagnosis.exitCode());
    assertEquals(3, diagnosis.report().checks().size());
  }

  @Test
  void nothingReachable_exits4_butOneAnsweringServiceMakesIt1() {
    Check down = throwing("queue", SdkClientException.create("Unable to execute HTTP request: Connection refused"));
    Check alsoDown = check("mongodb", true, CheckResult.unreachable("mongodb", "not reachable", "check the host"));
    var none = new Doctor(List.of(REGION, down, alsoDown, check("keepa", true, CheckResult.skip("keepa", "mock")))).run();
    assertEquals(ExitCodes.REMOTE, none.exitCode());
    assertEquals(Outcome.UNREACHABLE, none.report().checks().get(1).outcome());

    var some = new Doctor(List.of(REGION, down, check("table", true, CheckResult.pass("table", "ok")))).run();
    assertEquals(ExitCodes.SOME_FAILED, some.exitCode());
  }

  @Test
  void aRefusalByAws_failsNamingTheErrorCode_andAnUnforeseenExceptionFailsItsCheckOnly() {
    SqsException denied = (SqsException) SqsException.builder().message("not allowed")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("not allowed").build()).build();
    var diagnosis = new Doctor(List.of(throwing("queue", denied), throwing("table", new IllegalStateException("odd\nmore")),
        check("mongodb", true, CheckResult.pass("mongodb", "ok")))).run();
    CheckResult queue = diagnosis.report().checks().get(0);
    assertEquals(Outcome.FAIL, queue.outcome());
    assertTrue(queue.detail().startsWith("AccessDenied: "), queue.detail());
    assertTrue(queue.fix().contains("OperatorPolicy"), queue.fix());
    assertEquals("odd", diagnosis.report().checks().get(1).detail());
    assertEquals(ExitCodes.SOME_FAILED, diagnosis.exitCode());
  }

  @Test
  void text_isOneLinePerCheck_withTheFixOnTheFailingLine() {
    DoctorReport report = DoctorReport.of(List.of(CheckResult.pass("region", "us-east-1"),
        CheckResult.fail("table", "status table t does not exist", "create it: enrich local up"),
        CheckResult.skip("keepa", "provider is mock")));
    assertEquals("""
        ok    region       us-east-1
        FAIL  table        status table t does not exist; fix: create it: enrich local up
        skip  keepa        provider is mock
        1 ok, 1 failed, 1 skipped
        """, DoctorText.render(report));
  }
}
