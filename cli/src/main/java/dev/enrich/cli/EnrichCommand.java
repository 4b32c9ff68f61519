package dev.enrich.cli;

import dev.enrich.cli.local.LocalCommand;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "enrich",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = {
      "Enrich product catalogs with marketplace data, asynchronously and exactly once per product.",
      "",
      "Catalogs are split into batches and queued on SQS; a consumer (AWS Lambda, or 'enrich worker') "
          + "enriches each batch, upserts products into MongoDB and counts progress in DynamoDB.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  enrich local up                          # local stack + worker; Ctrl-C stops all",
      "  enrich --profile local submit catalog.csv",
      "  enrich --profile local status CATALOG_ID --output json",
      "  enrich --profile local status CATALOG_ID --watch",
      "  enrich --profile local list --since 7d",
      "  enrich --profile local cancel CATALOG_ID",
      "  enrich --profile local export CATALOG_ID --out products.csv",
      "  enrich --profile local queue stats       # queue and DLQ depth",
      "  enrich --profile local dlq peek          # what is in the DLQ, and why",
      "  enrich --profile local redrive-dlq --yes # back on the queue, cause fixed",
      "  enrich local run catalog.csv             # the whole pipeline in one process",
      "  enrich --profile enrich-dev doctor       # after deploying: is everything there and reachable?",
    },
    // The list itself is ExitCodes.MEANINGS, set in configure.
    exitCodeListHeading = "%nExit codes:%n")
public final class EnrichCommand implements Runnable {

  @Mixin GlobalOptions global;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public GlobalOptions global() {
    return global;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** The root's global options, from any (sub)command's spec. */
  public static GlobalOptions globalOf(CommandLine.Model.CommandSpec spec) {
    return ((EnrichCommand) spec.root().userObject()).global();
  }

  /** The commands, in the order help lists them. */
  static final List<Class<?>> COMMANDS = List.of(
      SubmitCommand.class,
      ValidateCommand.class,
      StatusCommand.class,
      ListCommand.class,
      CancelCommand.class,
      RetryFailedCommand.class,
      ExportCommand.class,
      QueueCommand.class,
      DlqCommand.class,
      RedriveDlqCommand.class,
      DoctorCommand.class,
      WorkerCommand.class,
      LocalCommand.class,
      AutoComplete.GenerateCompletion.class);

  /** The whole command tree. */
  public static CommandLine commandLine() {
    return commandLine(COMMANDS);
  }

  /**
   * The tree that these arguments need: the root with only the command they name. Picocli builds
   * the model of every command it is given from annotations, by reflection, and that was half of
   * the start-up of every run; a run uses one command. The whole tree is built whenever more than
   * one command can show: usage help, no command, a name that is no command (for "did you mean"),
   * arguments the root alone cannot read, and completion scripts.
   */
  public static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new EnrichCommand());
    return configure(cli, needed(cli, args));
  }

  /** The commands these arguments need: one, none (only {@code --version}), or all. */
  static List<Class<?>> needed(String[] args) {
    return needed(new CommandLine(new EnrichCommand()), args);
  }

  /**
   * Reads the arguments with the root alone, which stops at the first positional argument (the
   * command's name), and leaves the root as it was: execute parses again from the start.
   */
  private static List<Class<?>> needed(CommandLine root, String[] args) {
    root.setStopAtPositional(true);
    root.setUnmatchedArgumentsAllowed(true);
    CommandLine.ParseResult parsed;
    try {
      parsed = root.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return COMMANDS;
    } finally {
      root.setStopAtPositional(false);
      root.setUnmatchedArgumentsAllowed(false);
    }
    if (parsed.isUsageHelpRequested()) {
      return COMMANDS;
    }
    if (parsed.unmatched().isEmpty()) {
      return parsed.isVersionHelpRequested() ? List.of() : COMMANDS;
    }
    String name = parsed.unmatched().get(0);
    for (Class<?> command : COMMANDS) {
      Command annotation = command.getAnnotation(Command.class);
      if (command != AutoComplete.GenerateCompletion.class
          && (annotation.name().equals(name) || Arrays.asList(annotation.aliases()).contains(name))) {
        return List.of(command);
      }
    }
    return COMMANDS;
  }

  private static CommandLine commandLine(List<Class<?>> commands) {
    return configure(new CommandLine(new EnrichCommand()), commands);
  }

  private static CommandLine configure(CommandLine cli, List<Class<?>> commands) {
    commands.forEach(cli::addSubcommand);
    Map<String, String> exitCodes = new LinkedHashMap<>();
    ExitCodes.MEANINGS.forEach((code, meaning) -> exitCodes.put(String.valueOf(code), meaning));
    cli.getCommandSpec().usageMessage().exitCodeList(exitCodes);
    // "--profile local" must not read "local" as the subcommand of that name.
    cli.setAllowSubcommandsAsOptionParameters(true);
    cli.setExecutionExceptionHandler(new ErrorReporter());
    cli.setParameterExceptionHandler(ErrorReporter::usageError);
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(
        System.getenv("NO_COLOR") != null ? CommandLine.Help.Ansi.OFF : CommandLine.Help.Ansi.AUTO));
    return cli;
  }

  public static void main(String[] args) {
    String logLevel = System.getenv("ENRICH_LOG_LEVEL");
    if (logLevel != null && !logLevel.isBlank()) {
      // Read by slf4j-simple when the first library logger is created, which is after this line.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel.trim().toLowerCase(java.util.Locale.ROOT));
    }
    System.exit(commandLine(args).execute(args));
  }
}
