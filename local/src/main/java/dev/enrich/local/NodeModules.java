package dev.enrich.local;

import dev.enrich.client.InvalidInputException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what the local DynamoDB server needs outside the JVM: the {@code node} executable and the
 * {@code node_modules} directory that {@code npm ci} filled from the committed lock file.
 */
public final class NodeModules {
  /** Set by the launcher script and by failsafe to the enrich directory. */
  public static final String HOME_PROPERTY = "enrich.home";
  public static final String HOME_ENV = "ENRICH_HOME";
  public static final String NODE_ENV = "ENRICH_NODE";

  static final String NOT_INSTALLED =
      "dynalite (the local DynamoDB server) is not installed: run 'npm ci' in the enrich directory";

  private NodeModules() {}

  /** The {@code node_modules} directory holding dynalite, for the child's {@code NODE_PATH}. */
  public static Path locateDynalite() {
    return locateDynalite(System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV), Path.of(""));
  }

  static Path locateDynalite(String homeProperty, String homeEnv, Path workingDir) {
    List<Path> homes = new ArrayList<>();
    if (homeProperty != null && !homeProperty.isBlank()) {
      homes.add(Path.of(homeProperty));
    }
    if (homeEnv != null && !homeEnv.isBlank()) {
      homes.add(Path.of(homeEnv));
    }
    // Running from a checkout (e.g. cli/target): the enrich directory is this one or a parent.
    for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      homes.add(dir);
    }
    for (Path home : homes) {
      Path modules = home.resolve("node_modules");
      if (Files.isRegularFile(modules.resolve("dynalite").resolve("package.json"))) {
        return modules.toAbsolutePath().normalize();
      }
    }
    throw new InvalidInputException(NOT_INSTALLED);
  }

  /** {@code ENRICH_NODE} if set, else {@code node} from {@code PATH}. */
  public static Path nodeExecutable() {
    return nodeExecutable(System.getenv(NODE_ENV), System.getenv("PATH"));
  }

  static Path nodeExecutable(String explicit, String searchPath) {
    if (explicit != null && !explicit.isBlank()) {
      Path node = Path.of(explicit);
      if (!Files.isExecutable(node) || Files.isDirectory(node)) {
        throw new InvalidInputException(NODE_ENV + "=" + explicit + " is not an executable file: point it at node 20 or later");
      }
      return node;
    }
    return onPath(searchPath).orElseThrow(() -> new InvalidInputException("node was not found on PATH: install Node.js 20 or later (it runs dynalite, the local DynamoDB"
            + " server), or set " + NODE_ENV + " to its executable"));
  }

  private static Optional<Path> onPath(String searchPath) {
    if (searchPath == null) {
      return Optional.empty();
    }
    boolean windows = File.separatorChar == '\\';
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String name : windows ? List.of("node.exe", "node") : List.of("node")) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
