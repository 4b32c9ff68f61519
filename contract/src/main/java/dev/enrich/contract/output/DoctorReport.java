package dev.enrich.contract.output;

import java.util.List;

/** The doctor's output: one result per check, in the order they ran, and the counts. */
public record DoctorReport(List<CheckResult> checks, int passed, int failed, int skipped) {

  public static DoctorReport of(List<CheckResult> checks) {
    int passed = (int) checks.stream().filter(c -> c.outcome() == Outcome.PASS).count();
    int failed = (int) checks.stream().filter(c -> c.outcome().failed()).count();
    return new DoctorReport(List.copyOf(checks), passed, failed, checks.size() - passed - failed);
  }
}
