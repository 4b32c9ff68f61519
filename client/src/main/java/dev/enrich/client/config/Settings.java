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
 * Amazon marketplace as written, or null for {@code com}: {@code submit} parses it. {@code s3Endpoint}
 * is where {@code s3://} catalogs and exports go (an S3-compatible server such as a test's), empty for AWS.
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
    String marketplace,
    Optional<URI> s3Endpoint) {

  /** Settings that reach S3 where the SDK says (AWS). */
  public Settings(String profile, String region, Optional<URI> sqsEndpoint, Optional<URI> dynamodbEndpoint,
      String queue, String table, String mongoUri, String mongoDatabase, String provider, String userId,
      String maxCatalogSize, String awsProfile, String marketplace) {
    this(profile, region, sqsEndpoint, dynamodbEndpoint, queue, table, mongoUri, mongoDatabase, provider, userId,
        maxCatalogSize, awsProfile, marketplace, Optional.empty());
  }

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

  /**
   * True when S3 is a server on this machine, which takes dummy credentials. Decided apart from
   * {@link #local()}: the local stack has no S3, so under it an {@code s3://} object is still AWS's.
   */
  public boolean localS3() {
    return s3Endpoint.map(Settings::loopback).orElse(false);
  }

  private static boolean loopback(URI endpoint) {
    String host = endpoint.getHost();
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }
}
