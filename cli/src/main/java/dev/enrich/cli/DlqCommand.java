package dev.enrich.cli;

import picocli.CommandLine.Command;

@Command(name = "dlq", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
        "Look into the dead-letter queue: the batches the consumer gave up on after the queue's maxReceiveCount.",
        "Put them back with 'enrich redrive-dlq'; see the queues with 'enrich queue stats'."},
    subcommands = {DlqPeekCommand.class})
public final class DlqCommand {}
