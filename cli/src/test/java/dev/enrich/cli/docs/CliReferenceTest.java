package dev.enrich.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.EnrichCommand;
import dev.enrich.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli/ is what the commands print: a command, option or exit code changed without the
 * reference fails here, with the command that regenerates it.
 */
class CliReferenceTest {
  private static final Path DIR = Path.of(System.getProperty("enrich.home", "..")).resolve("docs/cli");

  @Test
  void docsCli_isWhatTheCommandsPrint() throws IOException {
    Map<String, String> expected = CliReference.files();
    if (Boolean.getBoolean("enrich.cli.reference.write")) {
      CliReference.write(DIR);
    }
    List<String> problems = new ArrayList<>();
    TreeSet<String> present = new TreeSet<>();
    if (Files.isDirectory(DIR)) {
      try (Stream<Path> files = Files.walk(DIR)) {
        files.filter(Files::isRegularFile).forEach(p -> present.add(DIR.relativize(p).toString().replace('\\', '/')));
      }
    }
    for (Map.Entry<String, String> f : expected.entrySet()) {
      if (!present.contains(f.getKey())) {
        problems.add("missing: docs/cli/" + f.getKey());
      } else if (!Files.readString(DIR.resolve(f.getKey())).equals(f.getValue())) {
        problems.add("differs: docs/cli/" + f.getKey());
      }
    }
    present.stream().filter(name -> !expected.containsKey(name)).forEach(name -> problems.add("extra: docs/cli/" + name));
    assertEquals(List.of(), problems,
        "docs/cli/ is not what the commands print; regenerate it from the repository root with:\n  "
            + CliReference.REGENERATE + "\n");
  }

  @Test
  void everyCommandHasAPage_andTheIndexListsIt() {
    Map<String, String> files = CliReference.files();
    List<String> expected = List.of("enrich.md", "enrich-submit.md", "enrich-validate.md", "enrich-status.md",
        "enrich-list.md", "enrich-cancel.md", "enrich-retry-failed.md", "enrich-export.md", "enrich-queue.md", "enrich-queue-stats.md",
        "enrich-dlq.md", "enrich-dlq-peek.md", "enrich-redrive-dlq.md", "enrich-doctor.md", "enrich-worker.md",
        "enrich-local.md", "enrich-local-up.md", "enrich-local-run.md", "enrich-local-invoke.md",
        "enrich-generate-completion.md");
    for (String page : expected) {
      assertTrue(files.containsKey(page), page);
      assertTrue(files.get("README.md").contains("](" + page + ")"), "the index links " + page);
    }
    assertEquals(expected.size() + 2, files.size(), files.keySet().toString());
  }

  /** enrich builds only the command a command line names; its help must be the page's. */
  @Test
  void eachPage_isWhatTheCommandPrintsWhenBuiltAlone() {
    for (CommandLine top : CliReference.tree().getSubcommands().values()) {
      String name = top.getCommandName();
      CommandLine alone = CliReference.forReference(EnrichCommand.commandLine(new String[] {name, "--help"}));
      List<CommandLine> built = CliReference.commands(alone.getSubcommands().get(name));
      List<CommandLine> whole = CliReference.commands(top);
      assertEquals(whole.size(), built.size(), name);
      for (int i = 0; i < whole.size(); i++) {
        assertEquals(CliReference.usage(whole.get(i)), CliReference.usage(built.get(i)),
            whole.get(i).getCommandSpec().qualifiedName());
      }
    }
  }

  @Test
  void helpIsPrintedAsTheReferenceShowsIt() {
    CommandLine status = CliReference.tree().getSubcommands().get("status");
    String help = CliReference.usage(status);
    assertTrue(CliReference.files().get("enrich-status.md").contains("```text\n" + help + "```\n"));
    assertFalse(help.contains("\u001B["), "no colours");
    assertTrue(help.lines().allMatch(l -> l.length() <= CliReference.WIDTH), help);
  }

  @Test
  void everyExitCode_hasAMeaning() {
    assertEquals(CliReference.constantNames().keySet(), new TreeSet<>(ExitCodes.MEANINGS.keySet()));
    String page = CliReference.files().get("exit-codes.md");
    ExitCodes.MEANINGS.forEach((code, meaning) -> assertTrue(page.contains("| " + code + " | `"), "" + code));
  }

  /** Nothing of the machine that generated it: no home, working directory or checkout path. */
  @Test
  void theReference_holdsNothingOfThisMachine() {
    List<String> local = new ArrayList<>();
    for (String key : List.of("user.home", "user.dir")) {
      String value = System.getProperty(key);
      if (value != null && value.length() > 1) {
        local.add(value);
      }
    }
    local.add(DIR.toAbsolutePath().normalize().getParent().getParent().toString());
    CliReference.files().forEach((name, text) -> local.forEach(
        value -> assertFalse(text.contains(value), name + " contains " + value)));
  }

  @Test
  void summary_isTheFirstSentence() {
    CommandLine tree = CliReference.tree();
    assertEquals("Show a catalog's progress: state, products done/total, succeeded/failed, batches by state, "
        + "rate and ETA.", CliReference.summary(tree.getSubcommands().get("status").getCommandSpec()));
  }
}
