package dev.enrich.cli;

import dev.enrich.cli.submit.SubmitProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sending progress on stderr: a bar redrawn in place on a terminal, a plain line every few seconds
 * otherwise (logs, CI). Small submits finish before the first tick and print nothing.
 */
final class ProgressBar implements SubmitProgress {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final AtomicInteger sent = new AtomicInteger();
  private ScheduledExecutorService ticker;
  private volatile int due;
  private long startNanos;
  private volatile boolean drawn;

  private final long periodMillis;

  ProgressBar(PrintWriter err, boolean terminal) {
    this(err, terminal, terminal ? 250 : 5000);
  }

  ProgressBar(PrintWriter err, boolean terminal, long periodMillis) {
    this.err = err;
    this.terminal = terminal;
    this.periodMillis = periodMillis;
  }

  /** A terminal is assumed when the JVM has a console and the terminal is not "dumb". */
  static boolean onTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public void start(int due, int alreadySent) {
    this.due = due;
    startNanos = System.nanoTime();
    if (alreadySent > 0) {
      err.printf(Locale.ROOT, "resuming: %,d batches already queued, %,d to send%n", alreadySent, due);
      err.flush();
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "enrich-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::draw, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void sent(int batches) {
    sent.addAndGet(batches);
  }

  @Override
  public void finish() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (drawn) {
      draw();
      if (terminal) {
        err.println();
      }
      err.flush();
    }
  }

  private synchronized void draw() {
    int done = sent.get();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 && done < due ? formatSeconds((due - done) / rate) : "-";
    int percent = due == 0 ? 100 : (int) (100L * done / due);
    if (terminal) {
      int filled = due == 0 ? WIDTH : (int) ((long) WIDTH * done / due);
      err.printf(Locale.ROOT, "\rsending [%s%s] %3d%%  %,d/%,d batches  %,.0f/s  ETA %s   ",
          "#".repeat(filled), ".".repeat(WIDTH - filled), percent, done, due, rate, eta);
    } else {
      err.printf(Locale.ROOT, "sending: %,d/%,d batches (%d%%), %,.0f/s, ETA %s%n", done, due, percent, rate, eta);
    }
    err.flush();
    drawn = true;
  }

  private static String formatSeconds(double s) {
    long total = Math.round(s);
    return total >= 60 ? String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60) : total + "s";
  }
}
