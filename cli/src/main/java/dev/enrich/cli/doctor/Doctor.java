package dev.enrich.cli.doctor;

import dev.enrich.cli.ExitCodes;
import dev.enrich.contract.output.CheckResult;
import dev.enrich.contract.output.DoctorReport;
import dev.enrich.contract.output.Outcome;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Runs the checks in order, each once, whatever the ones before found, and says how it went. */
public final class Doctor {
  /** The report and the exit code that goes with it. */
  public record Diagnosis(DoctorReport report, int exitCode) {}

  private final List<Check> checks;

  public Doctor(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  public Diagnosis run() {
    List<CheckResult> results = new ArrayList<>();
    boolean anyServiceAnswered = false;
    boolean anyUnreachable = false;
    for (Check check : checks) {
      CheckResult result = runOne(check);
      results.add(result);
      anyServiceAnswered |= check.remote() && (result.outcome() == Outcome.PASS || result.outcome() == Outcome.FAIL);
      anyUnreachable |= result.outcome() == Outcome.UNREACHABLE;
    }
    DoctorReport report = DoctorReport.of(results);
    int exitCode;
    if (anyUnreachable && !anyServiceAnswered) {
      // Nothing answered: the network, the endpoints or the credentials, not the stack.
      exitCode = ExitCodes.REMOTE;
    } else {
      exitCode = report.failed() == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }
    return new Diagnosis(report, exitCode);
  }

  private static CheckResult runOne(Check check) {
    try {
      return check.run();
    } catch (AwsServiceException e) {
      // AWS answered and refused: most often a permission the caller's policy lacks.
      return CheckResult.fail(check.name(), e.awsErrorDetails().errorCode() + ": " + firstLine(e),
          "grant the caller the stack's OperatorPolicy (output OperatorPolicyArn)");
    } catch (SdkClientException e) {
      return CheckResult.unreachable(check.name(), firstLine(e),
          "check the endpoint, the network and the credentials (the credentials line above)");
    } catch (RuntimeException e) {
      // One check's surprise must not hide the others' lines.
      return CheckResult.fail(check.name(), firstLine(e), "unexpected: please report this line");
    }
  }

  /** An exception's first line, named by its class when it has no message. */
  static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
