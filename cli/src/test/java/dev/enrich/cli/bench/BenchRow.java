package dev.enrich.cli.bench;

import java.util.Locale;

/**
 * One row of {@code scripts/bench}'s table: a figure, the baseline measured in the same run, their
 * ratio and the goal. Printed as a tab-separated line starting with {@code ROW}, which the script
 * collects; everything else a benchmark prints is its detail.
 */
record BenchRow(String figure, String value, String baseline, String baselineValue, double ratio, String goal,
    Boolean met) {

  /** A row without a goal: the ratio is reported, not judged. */
  static BenchRow of(String figure, String value, String baseline, String baselineValue, double ratio) {
    return new BenchRow(figure, value, baseline, baselineValue, ratio, "", null);
  }

  /** At least {@code goal} times the baseline. */
  static BenchRow atLeast(String figure, String value, String baseline, String baselineValue, double ratio,
      double goal) {
    return new BenchRow(figure, value, baseline, baselineValue, ratio, String.format(Locale.ROOT, ">= %.2f", goal),
        ratio >= goal);
  }

  /** At most {@code goal} times the baseline. */
  static BenchRow atMost(String figure, String value, String baseline, String baselineValue, double ratio,
      double goal) {
    return new BenchRow(figure, value, baseline, baselineValue, ratio, String.format(Locale.ROOT, "<= %.2f", goal),
        ratio <= goal);
  }

  void print() {
    System.out.println(String.join("\t", "ROW", figure, value, baseline, baselineValue,
        String.format(Locale.ROOT, "%.2f", ratio), goal, met == null ? "" : met ? "met" : "NOT MET"));
  }
}
