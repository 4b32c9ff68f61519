package dev.enrich.client.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the CLI sends its work, resolved once per run: flags > environment > profile file >
 * defaults (docs/architecture.md section 8). Endpoints are empty against AWS, where the SDK's defaults
 * and the default credential chain apply. {@code maxCatalogSize} is as written (e.g. {@code 2GiB}),
 * or null for the default: the commands that read catalogs parse it. {@code awsProfile} is the AWS
 * profile the credentials (and the SDK's own profile settings) come from, or null for the SDK's
 * default ({@code AWS_PROFILE}, else {@code default}). {@code marketplace} is the catalogs' default
 * Amazon marketplace as written, or null for {@code com}: {@code submit} parses it.
 *
 * <pre>{@code
 * Settings settings = SettingsResolver.fromSystem().resolve("staging", Map.of());
 * EnrichClient client = EnrichClient.builder().settings(settings).build();
 * }</pre>
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
    String maxCatalogSize,
    String awsProfile,
    String marketplace) {

  /** Settings without a marketplace of their own: {@code com} applies. */
  public Settings(String profile, String region, Optional<URI> sqsEndpoint, Optional<URI> dynamodbEndpoint,
      String queue, String table, String mongoUri, String mongoDatabase, String provider, String userId,
      String maxCatalogSize, String awsProfile) {
    this(profile, region, sqsEndpoint, dynamodbEndpoint, queue, table, mongoUri, mongoDatabase, provider, userId,
        maxCatalogSize, awsProfile, null);
  }

  /** Settings that take the SDK's default AWS profile. */
  public Settings(String profile, String region, Optional<URI> sqsEndpoint, Optional<URI> dynamodbEndpoint,
      String queue, String table, String mongoUri, String mongoDatabase, String provider, String userId,
      String maxCatalogSize) {
    this(profile, region, sqsEndpoint, dynamodbEndpoint, queue, table, mongoUri, mongoDatabase, provider, userId,
        maxCatalogSize, null);
  }

  /** Settings without a catalog size limit of their own: the default applies. */
  public Settings(String profile, String region, Optional<URI> sqsEndpoint, Optional<URI> dynamodbEndpoint,
      String queue, String table, String mongoUri, String mongoDatabase, String provider, String userId) {
    this(profile, region, sqsEndpoint, dynamodbEndpoint, queue, table, mongoUri, mongoDatabase, provider, userId, null);
  }

  /**
   * True when enrich's own endpoints point at a local stack on this machine, which takes dummy
   * credentials. An endpoint elsewhere (a VPC interface endpoint, a proxy) gets the real credential
   * chain: dummy keys there would fail every call with an unhelpful signature error.
   */
  public boolean local() {
    if (sqsEndpoint.isEmpty() && dynamodbEndpoint.isEmpty()) {
      return false;
    }
    return sqsEndpoint.map(Settings::loopback).orElse(true) && dynamodbEndpoint.map(Settings::loopback).orElse(true);
  }

  private static boolean loopback(URI endpoint) {
    String host = endpoint.getHost();
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }
}
