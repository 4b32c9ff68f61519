package dev.enrich.client.config;

import dev.enrich.client.EnrichException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Resolves {@link Settings} from flags, environment, the profile file and defaults, in that order.
 *
 * <p>The profile file ({@code ~/.enrich/config}, or {@code ENRICH_CONFIG_FILE}) has the AWS config
 * format, read with the SDK's own parser:
 *
 * <pre>
 * [profile staging]
 * region = eu-west-1
 * queue = staging-enrich-batches
 * table = staging-enrich-status
 * </pre>
 *
 * The {@code local} profile is built in (the local stack's fixed ports) and may be overridden there.
 */
public final class SettingsResolver {
  public static final String KEY_REGION = "region";
  public static final String KEY_SQS_ENDPOINT = "sqs_endpoint";
  public static final String KEY_DYNAMODB_ENDPOINT = "dynamodb_endpoint";
  /** Where {@code s3://} catalogs and exports go instead of AWS (an S3-compatible server). */
  public static final String KEY_S3_ENDPOINT = "s3_endpoint";
  public static final String KEY_QUEUE = "queue";
  public static final String KEY_TABLE = "table";
  public static final String KEY_MONGODB_URI = "mongodb_uri";
  public static final String KEY_MONGO_DATABASE = "mongo_database";
  public static final String KEY_PROVIDER = "provider";
  public static final String KEY_USER_ID = "user_id";
  public static final String KEY_MAX_CATALOG_SIZE = "max_catalog_size";
  /** The AWS profile (in the AWS CLI's files) to take credentials from: enrich's profiles are not AWS's. */
  public static final String KEY_AWS_PROFILE = "aws_profile";
  /** The Amazon marketplace catalogs are enriched for unless {@code submit --marketplace} says otherwise. */
  public static final String KEY_MARKETPLACE = "marketplace";

  public static final String LOCAL_PROFILE = "local";
  public static final String DEFAULT_PROFILE = "default";

  /** Environment variable for each key. */
  static final Map<String, String> ENV = Map.ofEntries(
      Map.entry(KEY_REGION, "AWS_REGION"),
      Map.entry(KEY_SQS_ENDPOINT, "ENRICH_SQS_ENDPOINT"),
      Map.entry(KEY_DYNAMODB_ENDPOINT, "ENRICH_DYNAMODB_ENDPOINT"),
      Map.entry(KEY_S3_ENDPOINT, "ENRICH_S3_ENDPOINT"),
      Map.entry(KEY_QUEUE, "ENRICH_QUEUE"),
      Map.entry(KEY_TABLE, "ENRICH_STATUS_TABLE"),
      Map.entry(KEY_MONGODB_URI, "MONGODB_URI"),
      Map.entry(KEY_MONGO_DATABASE, "ENRICH_MONGO_DATABASE"),
      Map.entry(KEY_PROVIDER, "ENRICH_PROVIDER"),
      Map.entry(KEY_USER_ID, "ENRICH_USER_ID"),
      Map.entry(KEY_MAX_CATALOG_SIZE, "ENRICH_MAX_CATALOG_SIZE"),
      Map.entry(KEY_AWS_PROFILE, "AWS_PROFILE"),
      Map.entry(KEY_MARKETPLACE, "ENRICH_MARKETPLACE"));

  static final Map<String, String> DEFAULTS = Map.of(
      KEY_QUEUE, "enrich-batches",
      KEY_TABLE, "enrich-status",
      KEY_MONGO_DATABASE, "enrich");

  private final Map<String, String> env;
  private final Path profileFile;

  public SettingsResolver(Map<String, String> env, Path home) {
    this.env = env;
    String file = env.get("ENRICH_CONFIG_FILE");
    this.profileFile = file != null && !file.isBlank() ? Path.of(file) : home.resolve(".enrich").resolve("config");
  }

  public static SettingsResolver fromSystem() {
    return new SettingsResolver(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * @param profileFlag the {@code --profile} flag, or null
   * @param flags the setting flags given on the command line (key to value), unset ones absent
   */
  public Settings resolve(String profileFlag, Map<String, String> flags) {
    String profile = firstNonBlank(profileFlag, env.get("ENRICH_PROFILE"), DEFAULT_PROFILE);
    Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    if (LOCAL_PROFILE.equals(profile)) {
      merged.putAll(LocalDefaults.settings());
    }
    Map<String, String> fromFile = readProfile(profile);
    if (fromFile == null && !LOCAL_PROFILE.equals(profile) && !DEFAULT_PROFILE.equals(profile)) {
      throw EnrichException.invalidInput("profile \"" + profile + "\" is not defined in " + profileFile);
    }
    if (fromFile != null) {
      merged.putAll(fromFile);
    }
    ENV.forEach((key, variable) -> {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        merged.put(key, value);
      }
    });
    flags.forEach((key, value) -> {
      if (value != null) {
        merged.put(key, value);
      }
    });
    String user = firstNonBlank(merged.get(KEY_USER_ID), env.get("USER"), "anonymous");
    return new Settings(
        profile,
        firstNonBlank(merged.get(KEY_REGION), env.get("AWS_DEFAULT_REGION"), null),
        uri(merged.get(KEY_SQS_ENDPOINT), KEY_SQS_ENDPOINT),
        uri(merged.get(KEY_DYNAMODB_ENDPOINT), KEY_DYNAMODB_ENDPOINT),
        merged.get(KEY_QUEUE),
        merged.get(KEY_TABLE),
        merged.get(KEY_MONGODB_URI),
        merged.get(KEY_MONGO_DATABASE),
        merged.get(KEY_PROVIDER),
        user,
        merged.get(KEY_MAX_CATALOG_SIZE),
        merged.get(KEY_AWS_PROFILE),
        merged.get(KEY_MARKETPLACE),
        uri(merged.get(KEY_S3_ENDPOINT), KEY_S3_ENDPOINT));
  }

  private Map<String, String> readProfile(String profile) {
    if (!Files.isRegularFile(profileFile)) {
      return null;
    }
    ProfileFile file;
    try {
      file = ProfileFile.builder().content(profileFile).type(ProfileFile.Type.CONFIGURATION).build();
    } catch (RuntimeException e) {
      throw EnrichException.invalidInput("cannot read profile file " + profileFile + ": " + e.getMessage());
    }
    Optional<Profile> found = file.profile(profile);
    return found.map(p -> new LinkedHashMap<>(p.properties())).orElse(null);
  }

  private static Optional<URI> uri(String value, String key) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return Optional.of(uri);
    } catch (IllegalArgumentException e) {
      throw EnrichException.invalidInput(key + " \"" + value + "\" is not a URL like http://127.0.0.1:9324");
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
