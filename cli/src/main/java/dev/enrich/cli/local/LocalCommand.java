package dev.enrich.cli.local;

import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = "The local stack: ElasticMQ (SQS), dynalite (DynamoDB) and mongo-java-server on loopback.",
    subcommands = {LocalUpCommand.class, LocalRunCommand.class, LocalInvokeCommand.class})
public final class LocalCommand {}
