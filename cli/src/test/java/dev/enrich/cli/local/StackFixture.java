package dev.enrich.cli.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.enrich.cli.worker.InProcessConsumer;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.config.Settings;
import dev.enrich.lambda.store.MongoProductStore;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bson.Document;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An ephemeral local stack on free ports for one test class, with helpers to look into its stores.
 * With {@code -Denrich.it.aws=moto} its SQS and DynamoDB are a moto_server of its own instead of
 * ElasticMQ and dynalite (MongoDB stays mongo-java-server), provisioned by the same code.
 */
public final class StackFixture implements AutoCloseable {
  /**
   * The tag of tests that start SQS message move tasks, which moto_server does not implement: the
   * moto run of the integration tests leaves them out (cli/pom.xml), the usual run has them.
   */
  public static final String MOVE_TASKS = "sqs-move-tasks";
  /**
   * The tag of the test classes of SQS and DynamoDB behaviour that the build runs a second time on
   * moto_server (cli/pom.xml, profile moto-its).
   */
  public static final String AWS_API = "aws-api";

  public final LocalStack stack;
  public final List<String> notices = new ArrayList<>();
  private final Path dir;
  /** Null unless the tests run on moto_server. */
  private final MotoServer moto;

  public StackFixture() throws IOException {
    this(UnaryOperator.identity());
  }

  /** A stack whose ephemeral, free-port config the test may adjust (short visibility timeout, ...). */
  public StackFixture(UnaryOperator<LocalStackConfig> adjust) throws IOException {
    dir = Files.createTempDirectory("enrich-it-");
    LocalStackConfig config = adjust.apply(LocalStackConfig.defaults(dir).withPorts(0, 0, 0).withEphemeral(true));
    if (!MotoServer.selected()) {
      moto = null;
      stack = LocalStack.start(config, notices::add);
      return;
    }
    moto = MotoServer.start(config.host());
    try {
      stack = LocalStack.startOn(config, moto.sqsEndpoint(), moto.dynamoEndpoint());
    } catch (RuntimeException e) {
      moto.close();
      throw e;
    }
  }

  /** Flags that point the real command line at this stack. */
  public String[] flags() {
    return new String[] {
      "--sqs-endpoint", stack.sqsEndpoint().toString(),
      "--dynamodb-endpoint", stack.dynamoEndpoint().toString(),
      "--queue", stack.queueUrl(),
      "--table", stack.config().tableName(),
      "--mongodb-uri", stack.mongoUri(),
    };
  }

  /** {@code head} followed by {@link #flags()}: a command line run against this stack. */
  public String[] args(String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(flags()));
    return all.toArray(String[]::new);
  }

  /** The environment that points scripts/enrich (and the scripts built on it) at this stack. */
  public java.util.Map<String, String> env() {
    return java.util.Map.of(
        "ENRICH_SQS_ENDPOINT", stack.sqsEndpoint().toString(),
        "ENRICH_DYNAMODB_ENDPOINT", stack.dynamoEndpoint().toString(),
        "ENRICH_QUEUE", stack.queueUrl(),
        "ENRICH_STATUS_TABLE", stack.config().tableName(),
        "MONGODB_URI", stack.mongoUri(),
        "ENRICH_MONGO_DATABASE", stack.config().mongoDatabase());
  }

  public Settings settings() {
    return new Settings("local", stack.config().region(), Optional.of(stack.sqsEndpoint()),
        Optional.of(stack.dynamoEndpoint()), stack.queueUrl(), stack.config().tableName(), stack.mongoUri(),
        stack.config().mongoDatabase(), "mock", "it-user");
  }

  public RequestHandler<SQSEvent, SQSBatchResponse> handler() {
    return InProcessConsumer.handler(settings(), stack.dynamoClient(), stack.mongoClient(), stack.sqsClient(), Clock.systemUTC(),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  /**
   * The real handler with a provider of the test's own (slow, failing, counting), wired as the local
   * worker wires it: records it works on are kept invisible, so only failures come back.
   */
  public RequestHandler<SQSEvent, SQSBatchResponse> handler(dev.enrich.lambda.enrich.EnrichmentProvider provider) {
    return handler(provider, dev.enrich.lambda.events.CompletionPublisher.NONE);
  }

  /** As {@link #handler(dev.enrich.lambda.enrich.EnrichmentProvider)}, publishing completion events to {@code completions}. */
  public RequestHandler<SQSEvent, SQSBatchResponse> handler(dev.enrich.lambda.enrich.EnrichmentProvider provider,
      dev.enrich.lambda.events.CompletionPublisher completions) {
    var wiring = dev.enrich.lambda.ConsumerWiring.of(stack.dynamoClient(), stack.config().tableName(),
        stack.mongoClient().getDatabase(stack.config().mongoDatabase()), provider, Clock.systemUTC(), completions)
        .keepingVisibility(stack.sqsClient());
    return new dev.enrich.lambda.EnrichmentHandler(wiring.processor(),
        new dev.enrich.lambda.EventLog(new PrintStream(OutputStream.nullOutputStream())), wiring.visibility());
  }

  /** A worker running {@link #handler(dev.enrich.lambda.enrich.EnrichmentProvider)}. */
  public LocalWorker worker(int concurrency, dev.enrich.lambda.enrich.EnrichmentProvider provider) {
    return worker(concurrency, provider, dev.enrich.lambda.events.CompletionPublisher.NONE);
  }

  /** A worker whose handler publishes completion events to {@code completions}. */
  public LocalWorker worker(int concurrency, dev.enrich.lambda.enrich.EnrichmentProvider provider,
      dev.enrich.lambda.events.CompletionPublisher completions) {
    return new LocalWorker(stack.sqsClient(), stack.queueUrl(), stack.config().region(),
        handler(provider, completions), new WorkerSettings(10, concurrency, 1, 60),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  public LocalWorker worker(int concurrency) {
    return new LocalWorker(stack.sqsClient(), stack.queueUrl(), stack.config().region(), handler(),
        new WorkerSettings(10, concurrency, 1, 60), new PrintStream(OutputStream.nullOutputStream()));
  }

  public MongoCollection<Document> products() {
    return stack.mongoClient().getDatabase(stack.config().mongoDatabase()).getCollection(MongoProductStore.COLLECTION);
  }

  public long mongoCount(String catalogId) {
    return products().countDocuments(Filters.eq("catalog_id", catalogId));
  }

  /** Messages of a queue that a receive can see now. */
  public int visibleIn(String queueUrl) {
    return Integer.parseInt(stack.sqsClient().getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  /**
   * Receives the {@code messages} on the queue and sends each again, making the originals visible at
   * once, so that every batch is delivered twice; returns the originals.
   */
  public List<Message> deliverEveryMessageTwice(int messages) {
    var sqs = stack.sqsClient();
    List<Message> all = new ArrayList<>();
    while (all.size() < messages) {
      all.addAll(sqs.receiveMessage(b -> b.queueUrl(stack.queueUrl()).maxNumberOfMessages(10)
          .messageAttributeNames("All").waitTimeSeconds(1)).messages());
    }
    for (Message m : all) {
      sqs.sendMessage(b -> b.queueUrl(stack.queueUrl()).messageBody(m.body()).messageAttributes(m.messageAttributes()));
      sqs.changeMessageVisibility(b -> b.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle())
          .visibilityTimeout(0));
    }
    return all;
  }

  /** Visible plus in-flight messages of a queue. */
  public int messagesIn(String queueUrl) {
    var attributes = stack.sqsClient().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** Stops the stack and deletes its data dir, with the data of a persistent one. */
  @Override
  public void close() throws IOException {
    try {
      stack.close();
    } finally {
      if (moto != null) {
        moto.close();
      }
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
