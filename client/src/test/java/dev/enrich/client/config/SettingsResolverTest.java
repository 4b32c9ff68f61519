package dev.enrich.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
  @TempDir Path home;

  private Path writeConfig(String text) throws IOException {
    Path file = home.resolve(".enrich").resolve("config");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void defaults_targetAwsWithDefaultNames() {
    Settings s = new SettingsResolver(Map.of(), home).resolve(null, Map.of());
    assertEquals("default", s.profile());
    assertFalse(s.local());
    assertEquals("enrich-batches", s.queue());
    assertEquals("enrich-status", s.table());
    assertEquals(null, s.provider(), "no provider unless configured: mock only when asked for");
  }

  @Test
  void localProfile_pointsAtTheFixedLoopbackPorts() {
    Settings s = new SettingsResolver(Map.of("ENRICH_PROFILE", "local"), home).resolve(null, Map.of());
    assertTrue(s.local());
    assertEquals(URI.create("http://127.0.0.1:9324"), s.sqsEndpoint().orElseThrow());
    assertEquals(URI.create("http://127.0.0.1:4567"), s.dynamodbEndpoint().orElseThrow());
    assertEquals("mongodb://127.0.0.1:27018", s.mongoUri());
    assertEquals("mock", s.provider());
  }

  @Test
  void precedence_flagsOverEnvironmentOverProfileFileOverDefaults() throws IOException {
    writeConfig("[profile staging]\nregion = eu-west-1\nqueue = file-queue\ntable = file-table\n"
        + "mongo_database = file-db\n");
    Map<String, String> env = Map.of("ENRICH_QUEUE", "env-queue", "ENRICH_STATUS_TABLE", "env-table");
    Map<String, String> flags = new HashMap<>();
    flags.put(SettingsResolver.KEY_TABLE, "flag-table");
    flags.put(SettingsResolver.KEY_QUEUE, null);
    Settings s = new SettingsResolver(env, home).resolve("staging", flags);
    assertEquals("flag-table", s.table());
    assertEquals("env-queue", s.queue());
    assertEquals("eu-west-1", s.region());
    assertEquals("file-db", s.mongoDatabase());
    assertEquals("enrich-status".equals(s.table()), false);
  }

  @Test
  void marketplace_comesFromTheEnvironmentOverTheProfile_andIsAbsentByDefault() throws IOException {
    writeConfig("[profile eu]\nmarketplace = de\n");
    assertEquals(null, new SettingsResolver(Map.of(), home).resolve(null, Map.of()).marketplace());
    assertEquals("de", new SettingsResolver(Map.of(), home).resolve("eu", Map.of()).marketplace());
    assertEquals("fr", new SettingsResolver(Map.of("ENRICH_MARKETPLACE", "fr"), home).resolve("eu", Map.of())
        .marketplace());
  }

  @Test
  void profileFile_canOverrideTheBuiltInLocalProfile() throws IOException {
    writeConfig("[profile local]\nsqs_endpoint = http://127.0.0.1:19324\n");
    Settings s = new SettingsResolver(Map.of(), home).resolve("local", Map.of());
    assertEquals(URI.create("http://127.0.0.1:19324"), s.sqsEndpoint().orElseThrow());
    assertEquals(URI.create("http://127.0.0.1:4567"), s.dynamodbEndpoint().orElseThrow());
  }

  @Test
  void unknownProfileAndBadEndpoint_areUsageErrors() {
    EnrichException unknown = assertThrows(EnrichException.class,
        () -> new SettingsResolver(Map.of(), home).resolve("nope", Map.of()));
    assertInstanceOf(InvalidInputException.class, unknown);
    assertTrue(unknown.getMessage().contains("\"nope\""));
    EnrichException bad = assertThrows(EnrichException.class,
        () -> new SettingsResolver(Map.of("ENRICH_SQS_ENDPOINT", "not a url"), home).resolve(null, Map.of()));
    assertInstanceOf(InvalidInputException.class, bad);
  }

  @Test
  void configFileLocation_comesFromTheEnvironment() throws IOException {
    Path other = home.resolve("elsewhere.ini");
    Files.writeString(other, "[profile ci]\ntable = ci-table\n");
    Settings s = new SettingsResolver(Map.of("ENRICH_CONFIG_FILE", other.toString()), home).resolve("ci", Map.of());
    assertEquals("ci-table", s.table());
  }

  @Test
  void redaction_hidesUriCredentialsAndKeys() {
    assertEquals("mongodb+srv://***@cluster0.example.net/db",
        Redaction.redact("mongodb+srv://alice:s3cret@cluster0.example.net/db"));
    assertEquals("GET /product?key=***&domain=1", Redaction.redact("GET /product?key=abc123&domain=1"));
  }
}
