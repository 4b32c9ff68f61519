package dev.enrich.cli.doctor;

import dev.enrich.contract.output.CheckResult;

/** One of the doctor's checks: small, with its service behind an interface so tests pass a fake. */
public interface Check {
  /** What is checked, as the report names it ({@code queue}, {@code table}, ...). */
  String name();

  /**
   * False for a check that asks no service (the region): it says nothing about whether anything
   * can be reached.
   */
  default boolean remote() {
    return true;
  }

  /**
   * The check's line. Expected failures (missing, denied, unreachable) come back as a result; an
   * exception is a failure nobody foresaw and the doctor reports it as such.
   */
  CheckResult run();
}
