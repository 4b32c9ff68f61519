package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enrich.cli.local.LocalCommand;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code enrich} builds only the command its arguments name (start-up); whatever it builds, a
 * person sees the same as with the whole tree.
 */
class CommandTreeTest {

  @Test
  void theCommandsListedAreTheTree() {
    CommandLine whole = EnrichCommand.commandLine();
    assertEquals(EnrichCommand.COMMANDS.size(), whole.getSubcommands().size());
    assertEquals(List.of("submit", "validate", "status", "list", "cancel", "retry-failed", "export", "queue", "dlq", "redrive-dlq",
        "doctor", "worker", "local", "generate-completion"), List.copyOf(whole.getSubcommands().keySet()));
  }

  @Test
  void oneCommandIsBuiltForArgumentsThatNameOne() {
    assertEquals(List.of(StatusCommand.class), EnrichCommand.needed(new String[] {"status", "X", "--wait"}));
    // "--profile local" takes "local" as the profile, not as the command of that name.
    assertEquals(List.of(StatusCommand.class), EnrichCommand.needed(new String[] {"--profile", "local", "status", "X"}));
    assertEquals(List.of(StatusCommand.class), EnrichCommand.needed(new String[] {"--profile=local", "status", "X"}));
    assertEquals(List.of(LocalCommand.class), EnrichCommand.needed(new String[] {"--profile", "x", "local", "run", "f"}));
    assertEquals(List.of(SubmitCommand.class), EnrichCommand.needed(new String[] {"submit", "--help"}));
  }

  @Test
  void noCommandIsBuiltForTheVersion() {
    assertEquals(List.of(), EnrichCommand.needed(new String[] {"--version"}));
    assertEquals(List.of(), EnrichCommand.needed(new String[] {"--profile", "local", "-V"}));
  }

  @Test
  void theWholeTreeIsBuiltWhenMoreThanOneCommandCanShow() {
    for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"--version", "--help"},
        new String[] {"statsu"}, new String[] {"generate-completion"}, new String[] {"--profile"},
        new String[] {"--no-such-option", "status"})) {
      assertEquals(EnrichCommand.COMMANDS, EnrichCommand.needed(args), String.join(" ", args));
    }
  }

  @Test
  void whatAPersonSeesIsTheSameAsWithTheWholeTree() {
    for (String[] args : List.of(
        new String[] {"--version"},
        new String[] {"--help"},
        new String[] {},
        new String[] {"statsu"},
        new String[] {"status", "--help"},
        new String[] {"status"},
        new String[] {"--profile", "local", "list", "--limit", "many"},
        new String[] {"submit", "--no-such-option", "f.csv"},
        new String[] {"local", "run", "--help"},
        new String[] {"dlq", "peek", "--help"},
        new String[] {"queue"},
        new String[] {"validate", "no-such-file.csv"})) {
      CliRun lazy = CliRun.of(args);
      CliRun whole = CliRun.wholeTree(args);
      assertEquals(whole.toString(), lazy.toString(), String.join(" ", args));
    }
  }
}
