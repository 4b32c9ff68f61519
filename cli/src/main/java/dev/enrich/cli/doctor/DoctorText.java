package dev.enrich.cli.doctor;

import dev.enrich.contract.output.CheckResult;
import dev.enrich.contract.output.DoctorReport;
import java.util.Locale;

/**
 * The report as text: one line per check (mark, check, what was found, and the fix when it failed),
 * so that {@code grep FAIL} shows each problem with its fix; then the counts.
 */
public final class DoctorText {
  private static final int NAME_WIDTH = 12;

  private DoctorText() {}

  public static String render(DoctorReport report) {
    StringBuilder text = new StringBuilder();
    for (CheckResult check : report.checks()) {
      String fix = check.fix() == null ? "" : "; fix: " + check.fix();
      text.append(String.format(Locale.ROOT, "%-4s  %-" + NAME_WIDTH + "s %s%s%n", check.outcome().mark(), check.check(),
          check.detail(), fix));
    }
    text.append(String.format(Locale.ROOT, "%d ok, %d failed, %d skipped%n", report.passed(), report.failed(),
        report.skipped()));
    return text.toString();
  }
}
