package dev.enrich.cli;

import dev.enrich.client.dlq.RedriveProgress;
import dev.enrich.client.submit.SubmitProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress on stderr (batches sent, messages redriven): a bar redrawn in place on a terminal, a
 * plain line every few seconds otherwise (logs, CI). Work done before the first tick prints nothing.
 */
final class ProgressBar implements SubmitProgress, RedriveProgress {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final AtomicInteger sent = new AtomicInteger();
  private ScheduledExecutorService ticker;
  private volatile int due;
  private volatile long startNanos;
  private volatile boolean drawn;

  private final long periodMillis;
  private final String label;
  private final String unit;

  ProgressBar(PrintWriter err, boolean terminal) {
    this(err, terminal, terminal ? 250 : 5000);
  }

  ProgressBar(PrintWriter err, boolean terminal, long periodMillis) {
    this(err, terminal, periodMillis, "sending", "batches");
  }

  /** A bar of {@code label} (what is going on) counting {@code unit} (what is counted). */
  ProgressBar(PrintWriter err, boolean terminal, long periodMillis, String label, String unit) {
    this.err = err;
    this.terminal = terminal;
    this.periodMillis = periodMillis;
    this.label = label;
    this.unit = unit;
  }

  static ProgressBar forRedrive(PrintWriter err) {
    boolean terminal = onTerminal();
    return new ProgressBar(err, terminal, terminal ? 250 : 5000, "redrive", "messages");
  }

  /** A terminal is assumed when the JVM has a console and the terminal is not "dumb". */
  static boolean onTerminal() {
    return interactiveConsole() != null && !"dumb".equals(System.getenv("TERM"));
  }

  /**
   * The console when stdin and stdout are a terminal, else null. Up to Java 21 that is what
   * {@link System#console()} returns; from Java 22 it returns a console for redirected streams
   * too, and {@code Console.isTerminal()} (looked up by reflection: the build targets 17) tells.
   */
  static java.io.Console interactiveConsole() {
    java.io.Console console = System.console();
    if (console == null) {
      return null;
    }
    try {
      Object terminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(terminal) ? console : null;
    } catch (NoSuchMethodException before22) {
      return console;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Console.isTerminal() exists but cannot be called", e);
    }
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
  public void start(long total) {
    start((int) Math.min(Integer.MAX_VALUE, total), 0);
  }

  /** Absolute counts, for work whose progress is reported as a whole (an SQS move task). */
  @Override
  public void update(long moved, long total) {
    due = (int) Math.min(Integer.MAX_VALUE, total);
    sent.set((int) Math.min(Integer.MAX_VALUE, moved));
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
      int filled = due == 0 ? WIDTH : (int) Math.min(WIDTH, (long) WIDTH * done / due);
      err.printf(Locale.ROOT, "\r%s [%s%s] %3d%%  %,d/%,d %s  %,.0f/s  ETA %s   ",
          label, "#".repeat(filled), ".".repeat(WIDTH - filled), percent, done, due, unit, rate, eta);
    } else {
      err.printf(Locale.ROOT, "%s: %,d/%,d %s (%d%%), %,.0f/s, ETA %s%n", label, done, due, unit, percent, rate, eta);
    }
    err.flush();
    drawn = true;
  }

  private static String formatSeconds(double s) {
    long total = Math.round(s);
    return total >= 60 ? String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60) : total + "s";
  }
}
