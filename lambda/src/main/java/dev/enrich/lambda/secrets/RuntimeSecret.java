package dev.enrich.lambda.secrets;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A secret the consumer reads while it runs, not from its configuration: read once when the
 * function starts, and again when the system that uses it refuses it (an authentication failure
 * after a rotation), so a rotated Keepa key or MongoDB password is picked up without a deploy.
 *
 * <p>With SnapStart the first read happens before the snapshot, so a restored function starts with
 * the value of its publish time; a rotation since then costs one refused call and one read.
 */
public final class RuntimeSecret {
  private final String name;
  private final Supplier<String> read;
  private volatile String value;

  /**
   * @param name what the secret is, for messages (never its value)
   * @param read reads the current value; throws with a one-line reason when it cannot
   */
  public RuntimeSecret(String name, Supplier<String> read) {
    this.name = Objects.requireNonNull(name);
    this.read = Objects.requireNonNull(read);
    this.value = read.get();
  }

  /** A value that never changes: a secret given directly, as the local stack and the tests do. */
  public static RuntimeSecret fixed(String name, String value) {
    return new RuntimeSecret(name, () -> value);
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /**
   * Reads the secret again after it was refused. Returns true when the value changed (a retry may
   * succeed), false when it is the same (the refusal is not a rotation: retrying will not help).
   */
  public synchronized boolean refresh() {
    String current = read.get();
    if (current.equals(value)) {
      return false;
    }
    value = current;
    return true;
  }
}
