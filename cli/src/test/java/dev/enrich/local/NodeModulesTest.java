package dev.enrich.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeModulesTest {
  @TempDir Path dir;

  @Test
  void locateDynalite_prefersTheHomeProperty_thenTheEnvironment_thenTheWorkingDirAndItsParents() throws IOException {
    Path property = install(dir.resolve("property"));
    Path env = install(dir.resolve("env"));
    Path checkout = install(dir.resolve("checkout"));
    Path deep = Files.createDirectories(checkout.resolve("cli/target"));

    assertEquals(property.resolve("node_modules"), NodeModules.locateDynalite(property.toString(), env.toString(), deep));
    assertEquals(env.resolve("node_modules"), NodeModules.locateDynalite(null, env.toString(), deep));
    assertEquals(checkout.resolve("node_modules"), NodeModules.locateDynalite(null, "", deep));
  }

  @Test
  void locateDynalite_skipsAHomeWithoutDynalite() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path env = install(dir.resolve("env"));

    assertEquals(env.resolve("node_modules"), NodeModules.locateDynalite(empty.toString(), env.toString(), empty));
  }

  @Test
  void locateDynalite_whenMissing_saysToRunNpmCi() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    EnrichException e = assertThrows(EnrichException.class,
        () -> NodeModules.locateDynalite(empty.toString(), null, empty));

    assertInstanceOf(InvalidInputException.class, e);
    assertEquals("dynalite (the local DynamoDB server) is not installed: run 'npm ci' in the enrich directory",
        e.getMessage());
  }

  @Test
  void nodeExecutable_isFoundOnPath_orTheExplicitOneIsChecked() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path node = Files.createFile(bin.resolve("node"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path notExecutable = Files.createFile(dir.resolve("node-text"));

    assertEquals(node, NodeModules.nodeExecutable(null, dir + File.pathSeparator + bin));
    assertEquals(node, NodeModules.nodeExecutable(node.toString(), ""));
    EnrichException bad = assertThrows(EnrichException.class,
        () -> NodeModules.nodeExecutable(notExecutable.toString(), bin.toString()));
    assertTrue(bad.getMessage().startsWith("ENRICH_NODE="), bad.getMessage());
  }

  @Test
  void nodeExecutable_whenMissing_namesNodeAndTheVariable() {
    EnrichException e = assertThrows(EnrichException.class, () -> NodeModules.nodeExecutable(null, dir.toString()));

    assertInstanceOf(InvalidInputException.class, e);
    assertTrue(e.getMessage().contains("node was not found on PATH"), e.getMessage());
    assertTrue(e.getMessage().contains("ENRICH_NODE"), e.getMessage());
  }

  private static Path install(Path home) throws IOException {
    Path dynalite = Files.createDirectories(home.resolve("node_modules/dynalite"));
    Files.writeString(dynalite.resolve("package.json"), "{\"name\":\"dynalite\"}");
    return home;
  }
}
