package dev.enrich.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest, so {@code --version} is what was built. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    Package pkg = EnrichCommand.class.getPackage();
    String version = pkg == null ? null : pkg.getImplementationVersion();
    return new String[] {"enrich " + (version == null ? "(development build)" : version)};
  }
}
