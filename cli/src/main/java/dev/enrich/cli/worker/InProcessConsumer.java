package dev.enrich.cli.worker;

import com.mongodb.client.MongoClient;
import dev.enrich.client.EnrichException;
import dev.enrich.client.config.Settings;
import dev.enrich.lambda.ConsumerWiring;
import dev.enrich.lambda.EnrichmentHandler;
import dev.enrich.lambda.EventLog;
import dev.enrich.lambda.enrich.EnrichmentProvider;
import dev.enrich.lambda.enrich.Providers;
import dev.enrich.lambda.enrich.keepa.DynamoTokenPool;
import dev.enrich.lambda.sqs.Backoff;
import dev.enrich.lambda.sqs.SqsQueues;
import dev.enrich.lambda.sqs.VisibilityKeeper;
import dev.enrich.local.LocalStack;
import java.io.PrintStream;
import java.time.Clock;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The real Lambda handler, wired with the CLI's clients, for the local worker. */
public final class InProcessConsumer {
  private InProcessConsumer() {}

  /**
   * The handler the local worker invokes. With {@code sqs}, it keeps the records it works on
   * invisible and backs off the failed ones as on Lambda, from the base in the same environment
   * variable the function reads ({@value ConsumerWiring#ENV_RETRY_BASE_SECONDS}); without, a record
   * that outlasts the visibility timeout can be delivered twice.
   */
  public static EnrichmentHandler handler(Settings settings, DynamoDbClient dynamo, MongoClient mongo,
      SqsClient sqs, Clock clock, PrintStream log) {
    Backoff backoff;
    try {
      backoff = ConsumerWiring.retryBackoff(System.getenv());
    } catch (IllegalStateException e) {
      throw EnrichException.invalidInput(e.getMessage());
    }
    return handler(settings, dynamo, mongo, sqs, backoff, clock, log);
  }

  /** The same with a backoff of the caller's (tests use a short one). */
  public static EnrichmentHandler handler(Settings settings, DynamoDbClient dynamo, MongoClient mongo,
      SqsClient sqs, Backoff backoff, Clock clock, PrintStream log) {
    if (settings.provider() == null || settings.provider().isBlank()) {
      throw EnrichException.invalidInput("no enrichment provider configured: set ENRICH_PROVIDER or provider"
          + " in the profile (this build has: " + String.join(", ", Providers.NAMES) + ")");
    }
    EnrichmentProvider provider;
    try {
      // Counted in the status table, as on Lambda: worker processes on one stack share Keepa's tokens.
      provider = Providers.create(settings.provider(), System.getenv(), clock,
          endpoint -> new DynamoTokenPool(dynamo, settings.table(), endpoint, clock));
    } catch (IllegalArgumentException e) {
      throw EnrichException.invalidInput(e.getMessage());
    }
    // Completion events go where the function's would (ENRICH_COMPLETION_TOPIC_ARN), when that is set.
    ConsumerWiring wiring = ConsumerWiring.of(dynamo, settings.table(), mongo.getDatabase(settings.mongoDatabase()),
        provider, clock, ConsumerWiring.completions(System.getenv()));
    EventLog events = new EventLog(log);
    return new EnrichmentHandler(wiring.processor(), events, sqs == null ? null
        : new VisibilityKeeper(new SqsQueues(sqs), events::warn, backoff, RandomGenerator.getDefault()));
  }

  /** A worker that consumes a local stack's queue with the real handler. */
  public static LocalWorker onStack(LocalStack stack, Settings settings, WorkerSettings worker, PrintStream log) {
    return new LocalWorker(stack.sqsClient(), stack.queueUrl(), stack.config().region(),
        handler(settings, stack.dynamoClient(), stack.mongoClient(), stack.sqsClient(), Clock.systemUTC(), log),
        worker, log);
  }
}
