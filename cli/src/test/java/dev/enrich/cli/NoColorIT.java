package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** NO_COLOR (https://no-color.org) beats even a forced colour setting. */
class NoColorIT {
  private static String help(boolean noColor) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Dpicocli.ansi=true", "-jar",
        System.getProperty("enrich.jar", "target/enrich.jar"), "status", "--help")).redirectErrorStream(true);
    builder.environment().remove("NO_COLOR");
    if (noColor) {
      builder.environment().put("NO_COLOR", "1");
    }
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void helpIsColouredWhenForced_andPlainWithNoColor() throws Exception {
    assertTrue(help(false).contains("\u001b["), "the control: forced colour draws escape codes");
    String plain = help(true);
    assertFalse(plain.contains("\u001b["), plain);
    assertTrue(plain.contains("Exit codes"), plain);
  }
}
