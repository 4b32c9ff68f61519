package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command a person runs explains itself: examples and the exit codes it can return. */
class HelpTest {
  private static void collect(CommandLine cli, List<CommandLine> out) {
    for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
      if (!out.contains(sub.getValue())) {
        out.add(sub.getValue());
        collect(sub.getValue(), out);
      }
    }
  }

  @Test
  void everyCommand_hasExamplesAndExitCodes() {
    List<CommandLine> commands = new ArrayList<>();
    collect(EnrichCommand.commandLine(), commands);
    List<String> missing = new ArrayList<>();
    for (CommandLine c : commands) {
      String name = c.getCommandSpec().qualifiedName();
      boolean group = !c.getSubcommands().isEmpty() && c.getCommandSpec().userObject() instanceof Runnable == false
          && !(c.getCommandSpec().userObject() instanceof java.util.concurrent.Callable);
      if (group || name.endsWith("generate-completion")) {
        continue; // a group only lists its commands; completion is picocli's own
      }
      String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
      if (!help.contains("Examples:") || !help.contains("Exit codes")) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "commands without examples or exit codes in --help");
  }

  @Test
  void rootHelp_listsTheExitCodeTable() {
    CliRun run = CliRun.of("--help");
    assertEquals(0, run.exitCode());
    for (String code : List.of("0", "1", "2", "3", "4", "130")) {
      assertTrue(run.out().lines().anyMatch(l -> l.strip().startsWith(code + " ")), code + " missing:\n" + run.out());
    }
  }

  @Test
  void completionScript_knowsEveryCommandAndStatusOption() {
    CliRun run = CliRun.of("generate-completion");
    assertEquals(0, run.exitCode(), run.toString());
    for (String word : List.of("submit", "status", "list", "cancel", "export", "--watch", "--wait", "--failures")) {
      assertTrue(run.out().contains(word), word);
    }
  }
}
