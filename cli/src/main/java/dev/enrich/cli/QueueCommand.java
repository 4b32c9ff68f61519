package dev.enrich.cli;

import picocli.CommandLine.Command;

@Command(name = "queue", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = "The batch queue and its dead-letter queue.",
    subcommands = {QueueStatsCommand.class})
public final class QueueCommand {}
