package dev.enrich.lambda.enrich;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** The providers this build knows, by the name used in configuration. */
public final class Providers {
  /** Names accepted by {@link #create}. */
  public static final List<String> NAMES = List.of(MockProvider.NAME);

  private Providers() {}

  public static EnrichmentProvider create(String name, Clock clock) {
    String normalised = name.trim().toLowerCase(Locale.ROOT);
    if (MockProvider.NAME.equals(normalised)) {
      return new MockProvider(clock);
    }
    throw new IllegalArgumentException(
        "unknown enrichment provider \"" + name + "\" (this build has: " + String.join(", ", NAMES) + ")");
  }
}
