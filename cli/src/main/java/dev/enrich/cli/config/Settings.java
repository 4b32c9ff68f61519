package dev.enrich.cli.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the CLI sends its work, resolved once per run: flags > environment > profile file >
 * defaults (ARCHITECTURE.md section 8). Endpoints are empty against AWS, where the SDK's defaults
 * and the default credential chain apply. {@code maxCatalogSize} is as written (e.g. {@code 2GiB}),
 * or null for the default: the commands that read catalogs parse it.
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
    String userId,
    String maxCatalogSize) {

  /** Settings without a catalog size limit of their own: the default applies. */
  public Settings(String profile, String region, Optional<URI> sqsEndpoint, Optional<URI> dynamodbEndpoint,
      String queue, String table, String mongoUri, String mongoDatabase, String provider, String userId) {
    this(profile, region, sqsEndpoint, dynamodbEndpoint, queue, table, mongoUri, mongoDatabase, provider, userId, null);
  }

  /** True when the endpoints point at a local stack, which takes dummy credentials. */
  public boolean local() {
    return sqsEndpoint.isPresent() || dynamodbEndpoint.isPresent();
  }
}
