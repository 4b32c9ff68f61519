package dev.enrich.cli.local;

import picocli.CommandLine.Option;

/** {@code --provider}: the enrichment provider of an in-process worker on the local stack. */
public final class ProviderOption {
  @Option(names = "--provider", paramLabel = "NAME", defaultValue = "mock",
      description = "Enrichment provider of the local worker (default: ${DEFAULT-VALUE}: deterministic "
          + "synthetic data, every document marked source: mock).")
  String name;
}
