package dev.enrich.client.s3;

import dev.enrich.client.EnrichException;
import java.util.Objects;

/**
 * An S3 object named as the AWS CLI names it, {@code s3://bucket/key}: where a catalog is read
 * from or an export written to. {@link #toString()} gives that form back, for messages.
 *
 * <pre>{@code
 * S3Location.isS3("s3://catalogs/2026/spring.csv");                // true
 * S3Location.parse("s3://catalogs/2026/spring.csv").fileName();    // "spring.csv"
 * }</pre>
 *
 * @param bucket the bucket's name
 * @param key the object's key, never empty
 */
public record S3Location(String bucket, String key) {
  /** The prefix that makes an argument an S3 object rather than a path. */
  public static final String SCHEME = "s3://";

  /** Checks both parts are there. */
  public S3Location {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (bucket.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException("an S3 location needs a bucket and a key");
    }
  }

  /** Whether {@code argument} names an S3 object rather than a file. */
  public static boolean isS3(String argument) {
    return argument != null && argument.startsWith(SCHEME);
  }

  /** Reads {@code s3://bucket/key}; anything else is refused naming the form expected. */
  public static S3Location parse(String argument) {
    if (!isS3(argument)) {
      throw EnrichException.invalidInput(argument + ": not an S3 location like s3://bucket/key.csv");
    }
    String rest = argument.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || rest.endsWith("/")) {
      throw EnrichException.invalidInput(argument + ": name an object, as s3://bucket/key.csv");
    }
    return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The key's last segment: what a catalog id is derived from and an extension is read from. */
  public String fileName() {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
