package dev.enrich.contract.output;

/**
 * One line of the doctor's report: what was checked, how it came out, what was found and, when it
 * failed, what to do about it ({@code fix} is null otherwise).
 */
public record CheckResult(String check, Outcome outcome, String detail, String fix) {

  public static CheckResult pass(String check, String detail) {
    return new CheckResult(check, Outcome.PASS, detail, null);
  }

  public static CheckResult skip(String check, String why) {
    return new CheckResult(check, Outcome.SKIP, why, null);
  }

  public static CheckResult fail(String check, String detail, String fix) {
    return new CheckResult(check, Outcome.FAIL, detail, fix);
  }

  public static CheckResult unreachable(String check, String detail, String fix) {
    return new CheckResult(check, Outcome.UNREACHABLE, detail, fix);
  }
}
