package dev.enrich.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The training run of the class-data-sharing archive the build makes ({@code cli/target/enrich.jsa},
 * which the launcher uses): the JVM run with {@code -XX:ArchiveClassesAtExit} keeps every class this
 * run loaded, parsed and verified, so later runs map them instead of loading them from the jar.
 *
 * <p>It runs what most command lines run, in one JVM and with no service: help, the version, a
 * catalog validation with JSON output, and a status read against a loopback HTTP server that
 * answers as DynamoDB does for an unknown catalog (which loads the SDK's client, its HTTP stack and
 * its marshalling, the bulk of a status). Output is thrown away; every run's exit code is checked,
 * so a training run that stopped early fails the build instead of making a thin archive.
 *
 * <p>Usage: {@code StartupTraining CATALOG_FILE}.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: StartupTraining CATALOG_FILE");
    }
    HttpServer dynamo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    dynamo.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    dynamo.start();
    try {
      String endpoint = "http://127.0.0.1:" + dynamo.getAddress().getPort();
      run(0, "--help");
      run(0, "--version");
      run(0, "status", "--help");
      run(0, "validate", args[0], "--output", "json");
      run(ExitCodes.NOT_FOUND, "status", "training-catalog", "--output", "json", "--region", "us-east-1",
          "--dynamodb-endpoint", endpoint, "--table", "training");
    } finally {
      dynamo.stop(0);
    }
  }

  private static void run(int expected, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = EnrichCommand.commandLine(args)
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
    if (code != expected) {
      throw new IllegalStateException("training run " + List.of(args) + " exited " + code + ", not " + expected
          + ": " + err.toString().strip());
    }
  }
}
