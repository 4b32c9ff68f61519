package dev.enrich.client.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.InvalidInputException;
import dev.enrich.client.config.Settings;
import dev.enrich.client.config.SettingsResolver;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where s3:// goes: flag over ENRICH_S3_ENDPOINT over AWS, with credentials decided by S3's own endpoint. */
class S3SettingsTest {
  @TempDir Path home;

  @Test
  void endpoint_fromTheEnvironment_orTheFlag_isLocalOnLoopbackOnly() {
    SettingsResolver resolver = new SettingsResolver(Map.of("ENRICH_S3_ENDPOINT", "http://127.0.0.1:5000"), home);
    Settings fromEnv = resolver.resolve(null, Map.of());
    assertEquals(Optional.of(URI.create("http://127.0.0.1:5000")), fromEnv.s3Endpoint());
    assertTrue(fromEnv.localS3());
    assertFalse(fromEnv.local(), "an S3 endpoint does not make SQS and DynamoDB local");

    Settings fromFlag = resolver.resolve(null, Map.of(SettingsResolver.KEY_S3_ENDPOINT, "https://s3.example.internal"));
    assertEquals(Optional.of(URI.create("https://s3.example.internal")), fromFlag.s3Endpoint());
    assertFalse(fromFlag.localS3(), "an endpoint elsewhere gets the real credentials");
  }

  @Test
  void noEndpoint_isAws_evenUnderTheLocalProfile() {
    Settings local = new SettingsResolver(Map.of(), home).resolve("local", Map.of());
    assertEquals(Optional.empty(), local.s3Endpoint());
    assertFalse(local.localS3());
    assertTrue(local.local());
  }

  @Test
  void malformedEndpoint_isRefusedNamingTheSetting() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new SettingsResolver(Map.of("ENRICH_S3_ENDPOINT", "not a url"), home).resolve(null, Map.of()));
    assertTrue(e.getMessage().startsWith("s3_endpoint \"not a url\" is not a URL"), e.getMessage());
  }
}
