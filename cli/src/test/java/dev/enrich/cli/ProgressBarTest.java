package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final StringWriter out = new StringWriter();

  private void sendSlowly(ProgressBar bar) throws InterruptedException {
    bar.start(200, 0);
    for (int i = 0; i < 4; i++) {
      bar.sent(50);
      Thread.sleep(40);
    }
    bar.finish();
  }

  @Test
  void withoutATerminal_printsPlainLines_endingWithTheTotal() throws InterruptedException {
    sendSlowly(new ProgressBar(new PrintWriter(out, true), false, 25));
    String text = out.toString();
    assertFalse(text.contains("\r"), "no carriage returns in logs: " + text);
    String[] lines = text.split("\n");
    assertTrue(lines.length >= 2, text);
    for (String line : lines) {
      assertTrue(line.matches("sending: [\\d,]+/200 batches \\(\\d+%\\), [\\d,]+/s, ETA \\S+"), line);
    }
    assertTrue(lines[lines.length - 1].startsWith("sending: 200/200 batches (100%)"), text);
  }

  @Test
  void onATerminal_redrawsOneLineInPlace() throws InterruptedException {
    sendSlowly(new ProgressBar(new PrintWriter(out, true), true, 25));
    String text = out.toString();
    assertTrue(text.startsWith("\rsending ["), text);
    assertEquals(1, text.split("\n", -1).length - 1, "one line, finished by one newline: " + text);
    assertTrue(text.contains("200/200 batches"), text);
  }

  @Test
  void aSubmitFasterThanOneTick_printsNothing() {
    ProgressBar bar = new ProgressBar(new PrintWriter(out, true), false, 60_000);
    bar.start(5, 0);
    bar.sent(5);
    bar.finish();
    assertEquals("", out.toString());
  }

  @Test
  void aRedrive_countsMessages_fromAbsoluteUpdates() throws InterruptedException {
    ProgressBar bar = new ProgressBar(new PrintWriter(out, true), false, 25, "redrive", "messages");
    bar.start(10L);
    bar.update(3, 10);
    Thread.sleep(60);
    bar.update(10, 10);
    bar.finish();
    String[] lines = out.toString().split("\n");
    for (String line : lines) {
      assertTrue(line.matches("redrive: [\\d,]+/10 messages \\(\\d+%\\), [\\d,]+/s, ETA \\S+"), line);
    }
    assertTrue(lines[lines.length - 1].startsWith("redrive: 10/10 messages (100%)"), out.toString());
  }
}
