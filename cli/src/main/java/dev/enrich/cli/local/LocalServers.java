package dev.enrich.cli.local;

import dev.enrich.cli.EnrichCommand;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.worker.Foreground;
import dev.enrich.cli.worker.InProcessConsumer;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.config.LocalDefaults;
import dev.enrich.client.config.Redaction;
import dev.enrich.client.config.Settings;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import dev.enrich.local.StackSettings;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The bridge from the {@code local} commands to the local stack, which lives in the servers' jar,
 * not in enrich.jar (docs/architecture.md section 7). The commands' picocli classes never name a
 * type of that jar in a field or a signature (picocli reflects on them for every command), and call
 * {@link #require} before they touch one, so without the jar {@code enrich local} says how to get it.
 */
final class LocalServers {
  /** The jar of the embedded servers, beside enrich.jar in a checkout's build: the launcher adds it. */
  static final String SERVERS_JAR = "local/target/enrich-local.jar";

  private LocalServers() {}

  /** Refuses, in one line, when the local stack's jar is not on the class path. */
  static void require() {
    String[] probes = {"dev.enrich.local.LocalStack", "org.elasticmq.rest.sqs.SQSRestServerBuilder",
        "de.bwaldvogel.mongo.MongoServer"};
    for (String probe : probes) {
      try {
        Class.forName(probe, false, LocalServers.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new InvalidInputException("the local stack's servers (ElasticMQ, mongo-java-server) are not on the"
            + " class path: run it from a checkout with scripts/enrich local ..., which adds " + SERVERS_JAR
            + " (built by mvn package)");
      }
    }
  }

  /** The stack {@code local up} starts: the options' ports, else the fixed ones the local profile expects. */
  static LocalStackConfig fixedPorts(LocalStackOptions o) {
    Path dir = o.dataDir != null ? o.dataDir : Path.of(System.getProperty("user.home"), ".enrich", "local");
    return LocalStackConfig.defaults(dir)
        .withPorts(
            o.sqsPort != null ? o.sqsPort : LocalDefaults.SQS_PORT,
            o.dynamodbPort != null ? o.dynamodbPort : LocalDefaults.DYNAMODB_PORT,
            o.mongoPort != null ? o.mongoPort : LocalDefaults.MONGO_PORT)
        .withEphemeral(o.ephemeral)
        .withMaxReceiveCount(o.maxReceiveCount);
  }

  /** {@code local up}: starts the stack and, unless told not to, the worker; runs until stopped. */
  static int up(LocalUpCommand cmd) throws InterruptedException {
    PrintWriter err = cmd.spec.commandLine().getErr();
    WorkerSettings worker = cmd.workerOptions.settings();
    LocalStack stack = LocalStack.start(fixedPorts(cmd.stackOptions), notice -> {
      err.println("local: " + notice);
      err.flush();
    });
    LocalWorker consumer = null;
    try {
      Settings settings = StackSettings.of(stack, EnrichCommand.globalOf(cmd.spec).settings(), cmd.provider.name);
      PrintWriter out = cmd.spec.commandLine().getOut();
      out.printf("sqs        %s  queue %s (dlq %s, max receive count %d)%n",
          stack.sqsEndpoint(), stack.config().queueName(), stack.config().dlqName(), stack.config().maxReceiveCount());
      out.printf("dynamodb   %s  table %s (dynalite pid %d)%n", stack.dynamoEndpoint(), stack.config().tableName(), stack.dynalitePid());
      out.printf("mongodb    %s  database %s%n", Redaction.redact(stack.mongoUri()), stack.config().mongoDatabase());
      out.printf("data       %s%n", stack.config().ephemeral() ? "in memory (--ephemeral)" : stack.config().dataDir());
      out.flush();
      if (!cmd.noWorker) {
        consumer = InProcessConsumer.onStack(stack, settings, worker, System.err);
        consumer.start();
        err.printf("local: worker consuming with concurrency %d, provider %s%n", worker.concurrency(), cmd.provider.name);
      }
      err.println("local: ready. In another terminal: enrich --profile local submit FILE. Ctrl-C stops.");
      err.flush();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    LocalWorker running = consumer;
    Foreground.runUntilStopped(() -> {
      System.err.println("local: stopping: finishing in-flight batches");
      if (running != null) {
        running.close();
      }
      stack.close();
      System.err.println("local: stopped");
    });
    return ExitCodes.OK;
  }
}
