package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JarRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar production machines run carries no development stack (docs/architecture.md section 7):
 * ElasticMQ (Pekko, Scala), H2 and mongo-java-server live in the local servers' jar, which
 * scripts/enrich adds for {@code enrich local}.
 */
class ProductionJarIT {

  @Test
  void theCliJarHoldsNoEmbeddedServer_andTheServersJarHoldsThem() throws IOException {
    List<String> forbidden = List.of("org/apache/pekko/", "scala/", "org/h2/", "de/bwaldvogel/", "org/elasticmq/",
        "dev/enrich/local/");
    try (JarFile cli = new JarFile(JarRun.jar().toFile())) {
      List<String> found = cli.stream().map(e -> e.getName())
          .filter(name -> forbidden.stream().anyMatch(name::startsWith)).limit(5).toList();
      assertEquals(List.of(), found, "development servers in the production jar");
    }
    try (JarFile servers = new JarFile(JarRun.serversJar().toFile())) {
      // The stack's jar carries the servers and the stack's code, not a second copy of what enrich.jar has.
      for (String duplicate : List.of("dev/enrich/client/", "dev/enrich/lambda/", "software/amazon/awssdk/",
          "com/mongodb/")) {
        assertTrue(servers.stream().noneMatch(e -> e.getName().startsWith(duplicate)),
            "the servers' jar repeats " + duplicate);
      }
      for (String wanted : List.of("org/elasticmq/rest/sqs/SQSRestServerBuilder.class",
          "de/bwaldvogel/mongo/MongoServer.class", "org/h2/Driver.class", "reference.conf",
          "dev/enrich/local/LocalStack.class", "dev/enrich/local/dynalite-child.js")) {
        assertTrue(servers.getEntry(wanted) != null, "the servers' jar misses " + wanted);
      }
    }
  }

  @Test
  void localUpFromTheProductionJarAlone_saysHowToRunIt_inOneLine(@TempDir Path dir) throws Exception {
    // The production jar by itself, as `java -jar enrich.jar` on a machine without the checkout.
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JarRun.jar().toString(), "local", "up", "--ephemeral", "--data-dir", dir.resolve("data").toString(),
        "--sqs-port", "0", "--dynamodb-port", "0", "--mongo-port", "0")
        .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "local up did not stop");
    String err = java.nio.file.Files.readString(dir.resolve("err")).strip();
    assertEquals(ExitCodes.USAGE, p.exitValue(), err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("scripts/enrich local") && err.contains("local/target/enrich-local.jar"), err);
    assertTrue(!err.contains("Exception") && !err.contains("\tat "), "no stack trace: " + err);
  }

  @Test
  void everyCommandsHelp_andLocalRun_fromTheProductionJarAlone(@TempDir Path dir) throws Exception {
    // The root's --help builds every command, local ones included: none may name a class of the servers' jar
    // where picocli looks (fields, method signatures), or every command would fail without it.
    for (List<String> args : List.of(List.of("--help"), List.of("local", "up", "--help"), List.of("worker", "--help"))) {
      Process p = alone(dir, args);
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), args + " did not stop");
      assertEquals(0, p.exitValue(), args + ": " + java.nio.file.Files.readString(dir.resolve("err")));
    }
    java.nio.file.Files.writeString(dir.resolve("c.csv"), "sku,asin\nA-1,B000000001\n");
    Process run = alone(dir, List.of("local", "run", dir.resolve("c.csv").toString()));
    assertTrue(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "local run did not stop");
    String err = java.nio.file.Files.readString(dir.resolve("err")).strip();
    assertEquals(ExitCodes.USAGE, run.exitValue(), err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains("local/target/enrich-local.jar"), err);
  }

  private static Process alone(Path dir, List<String> args) throws java.io.IOException {
    List<String> command = new java.util.ArrayList<>(
        List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JarRun.jar().toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile()).start();
    p.getOutputStream().close();
    return p;
  }
}
