package dev.enrich.cli.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the CLI sends its work, resolved once per run: flags > environment > profile file >
 * defaults (ARCHITECTURE.md section 8). Endpoints are empty against AWS, where the SDK's defaults
 * and the default credential chain apply.
 */
public record Settings(
    String profile,
    String region,
    Optional<URI> sqsEndpoint,
    Optional<URI> dynamodbEndpoint,
    String queue,
    String table,
    String mongoUri,
    String mongoDatabase,
    String provider,
    String userId) {

  /** True when the endpoints point at a local stack, which takes dummy credentials. */
  public boolean local() {
    return sqsEndpoint.isPresent() || dynamodbEndpoint.isPresent();
  }
}
