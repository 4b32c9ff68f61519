package dev.enrich.cli;

import java.nio.file.Path;

/** The catalogs of sample-catalogs/, found from the repository root the build passes as enrich.home. */
public final class Samples {
  private Samples() {}

  public static Path sample(String name) {
    return Path.of(System.getProperty("enrich.home", "..")).resolve("sample-catalogs").resolve(name);
  }
}
