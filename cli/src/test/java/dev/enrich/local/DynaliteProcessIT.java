package dev.enrich.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.EnrichException;
import dev.enrich.client.RemoteServiceException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The node child's contract with the JVM: READY line, SIGINT ignored, stdin EOF = exit. */
class DynaliteProcessIT {

  @Test
  void ignoresSigint_keepsServing_andExitsWhenItsStdinCloses() throws Exception {
    try (DynaliteProcess dynalite = DynaliteProcess.inMemory("127.0.0.1", 0)) {
      ProcessHandle child = ProcessHandle.of(dynalite.pid()).orElseThrow();

      // What Ctrl-C in a terminal does to the whole process group.
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(dynalite.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      Thread.sleep(1000);

      assertTrue(child.isAlive(), "dynalite must outlive SIGINT until the JVM has finished");
      try (DynamoDbClient client = client(dynalite.port())) {
        assertTrue(client.listTables().tableNames().isEmpty());
      }

      // What the child sees when the JVM dies, even by kill -9.
      dynalite.closeStdin();
      child.onExit().get(5, TimeUnit.SECONDS);
      assertFalse(child.isAlive());
    }
  }

  @Test
  void exitsOnSigterm() throws Exception {
    try (DynaliteProcess dynalite = DynaliteProcess.inMemory("127.0.0.1", 0)) {
      ProcessHandle child = ProcessHandle.of(dynalite.pid()).orElseThrow();

      child.destroy();

      child.onExit().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void failureToStart_reportsTheExitCodeAndTheChildsStderr() {
    // 192.0.2.1 (TEST-NET-1) is no address of this machine: listen() fails before READY.
    EnrichException e = assertThrows(EnrichException.class, () -> DynaliteProcess.inMemory("192.0.2.1", 0));

    assertInstanceOf(RemoteServiceException.class, e);
    assertTrue(e.getMessage().startsWith("dynalite (the local DynamoDB server) exited with code 1 before it was ready"),
        e.getMessage());
    assertTrue(e.getMessage().contains("dynalite failed: Error: listen EADDRNOTAVAIL"), e.getMessage());
  }

  @Test
  void persistentStore_isWrittenUnderItsDirectory(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("dynamodb");
    try (DynaliteProcess dynalite = DynaliteProcess.persistent("127.0.0.1", 0, store);
        DynamoDbClient client = client(dynalite.port())) {
      client.createTable(dev.enrich.local.StatusTableDefinition.createTableRequest("status"));
    }
    try (var files = Files.list(store)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("CURRENT")), "a LevelDB directory");
    }
  }

  private static DynamoDbClient client(int port) {
    return DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .region(Region.US_EAST_1)
        .build();
  }
}
