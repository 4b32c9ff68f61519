package dev.enrich.local;

import com.mongodb.client.MongoClient;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.aws.Clients;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS (ElasticMQ, in this JVM), DynamoDB (dynalite, a node child) and MongoDB (mongo-java-server,
 * in this JVM) on loopback, provisioned for the pipeline, with clients for them. {@link #close()}
 * stops everything; a JVM killed before that leaves a state file the next start cleans up after.
 */
public final class LocalStack implements AutoCloseable {
  private final LocalStackConfig config;
  private final StateFile stateFile;
  /** In start order; closed in reverse. */
  private final Deque<AutoCloseable> resources;
  private final URI sqsEndpoint;
  private final URI dynamoEndpoint;
  private final int mongoPort;
  /** Null when another server provides DynamoDB ({@link #startOn}). */
  private final DynaliteProcess dynalite;
  private final SqsClient sqsClient;
  private final DynamoDbClient dynamoClient;
  private final MongoClient mongoClient;
  private final StackProvisioner.Queues queues;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalStack(LocalStackConfig config, StateFile stateFile, Deque<AutoCloseable> resources, URI sqsEndpoint,
      URI dynamoEndpoint, int mongoPort, DynaliteProcess dynalite, SqsClient sqsClient, DynamoDbClient dynamoClient,
      MongoClient mongoClient, StackProvisioner.Queues queues) {
    this.config = config;
    this.stateFile = stateFile;
    this.resources = resources;
    this.sqsEndpoint = sqsEndpoint;
    this.dynamoEndpoint = dynamoEndpoint;
    this.mongoPort = mongoPort;
    this.dynalite = dynalite;
    this.sqsClient = sqsClient;
    this.dynamoClient = dynamoClient;
    this.mongoClient = mongoClient;
    this.queues = queues;
  }

  /**
   * Starts the three servers, provisions them and records the state file. Throws {@code
   * EnrichException} (exit code 2) when a stack already runs on this data dir or a port is taken;
   * whatever had started by then is stopped first.
   *
   * @param notices one-line messages for the user, e.g. about cleaning up after a killed stack
   */
  public static LocalStack start(LocalStackConfig config, Consumer<String> notices) {
    createDirectories(config);
    StateFile stateFile = new StateFile(config.stateFile());
    stateFile.clearLeftover(notices);
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      String host = config.host();
      EmbeddedSqs sqs = push(started, config.ephemeral()
          ? EmbeddedSqs.inMemory(host, config.sqsPort(), config.region())
          : EmbeddedSqs.persistent(host, config.sqsPort(), config.region(), config.sqsFile()));
      DynaliteProcess dynalite = push(started, config.ephemeral()
          ? DynaliteProcess.inMemory(host, config.dynamoPort())
          : DynaliteProcess.persistent(host, config.dynamoPort(), config.dynamoDir()));
      EmbeddedMongo mongo = push(started, config.ephemeral()
          ? EmbeddedMongo.inMemory(host, config.mongoPort())
          : EmbeddedMongo.persistent(host, config.mongoPort(), config.mongoFile()));
      SqsClient sqsClient = push(started, Clients.localSqs(http(host, sqs.port()), config.region()));
      DynamoDbClient dynamoClient = push(started, Clients.localDynamo(http(host, dynalite.port()), config.region()));
      MongoClient mongoClient = push(started, Clients.mongo(mongoUri(host, mongo.port())));
      StackProvisioner.Queues queues = new StackProvisioner(config, sqsClient, dynamoClient, mongoClient).provision();
      stateFile.write(new StateFile.Entry(ProcessHandle.current().pid(), dynalite.pid(), sqs.port(),
          dynalite.port(), mongo.port(), Instant.now()));
      return new LocalStack(config, stateFile, started, http(host, sqs.port()), http(host, dynalite.port()),
          mongo.port(), dynalite, sqsClient, dynamoClient, mongoClient, queues);
    } catch (RuntimeException | Error e) {
      stopAfter(e, started);
      throw e;
    }
  }

  /**
   * The stack with SQS and DynamoDB served by another implementation that the caller runs (the
   * integration tests run again on moto_server this way, so the code relies on AWS behaviour, not
   * on one emulator's): starts only MongoDB, in memory, and provisions the queue, its DLQ and the
   * table exactly as {@link #start} does. No state file: this stack starts no child process.
   */
  public static LocalStack startOn(LocalStackConfig config, URI sqsEndpoint, URI dynamoEndpoint) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      EmbeddedMongo mongo = push(started, EmbeddedMongo.inMemory(config.host(), config.mongoPort()));
      SqsClient sqsClient = push(started, Clients.localSqs(sqsEndpoint, config.region()));
      DynamoDbClient dynamoClient = push(started, Clients.localDynamo(dynamoEndpoint, config.region()));
      MongoClient mongoClient = push(started, Clients.mongo(mongoUri(config.host(), mongo.port())));
      StackProvisioner.Queues queues = new StackProvisioner(config, sqsClient, dynamoClient, mongoClient).provision();
      return new LocalStack(config, new StateFile(config.stateFile()), started, sqsEndpoint, dynamoEndpoint,
          mongo.port(), null, sqsClient, dynamoClient, mongoClient, queues);
    } catch (RuntimeException | Error e) {
      stopAfter(e, started);
      throw e;
    }
  }

  /** Stops what had started when a start fails; a failure to stop goes with the start's failure. */
  private static void stopAfter(Throwable failure, Deque<AutoCloseable> started) {
    RuntimeException stopFailure = closeInReverse(started);
    if (stopFailure != null) {
      failure.addSuppressed(stopFailure);
    }
  }

  public LocalStackConfig config() {
    return config;
  }

  public URI sqsEndpoint() {
    return sqsEndpoint;
  }

  public URI dynamoEndpoint() {
    return dynamoEndpoint;
  }

  public String mongoUri() {
    return mongoUri(config.host(), mongoPort);
  }

  public String queueUrl() {
    return queues.queueUrl();
  }

  public String dlqUrl() {
    return queues.dlqUrl();
  }

  public long dynalitePid() {
    if (dynalite == null) {
      throw new IllegalStateException("this stack's DynamoDB is not a dynalite it started");
    }
    return dynalite.pid();
  }

  public SqsClient sqsClient() {
    return sqsClient;
  }

  public DynamoDbClient dynamoClient() {
    return dynamoClient;
  }

  public MongoClient mongoClient() {
    return mongoClient;
  }

  /**
   * Closes the clients, then stops mongo-java-server, dynalite and ElasticMQ, then deletes the
   * state file. Idempotent. The file stays if something could not be stopped, so that the next
   * start knows to look.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = closeInReverse(resources);
    if (failure != null) {
      throw failure;
    }
    stateFile.delete();
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> started, T resource) {
    started.push(resource);
    return resource;
  }

  /** Closes all, newest first; returns the first failure with the others suppressed, or null. */
  private static RuntimeException closeInReverse(Deque<AutoCloseable> started) {
    RuntimeException failure = null;
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        RuntimeException wrapped = e instanceof RuntimeException r
            ? r : new IllegalStateException("cannot stop " + resource, e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    return failure;
  }

  private static void createDirectories(LocalStackConfig config) {
    try {
      Files.createDirectories(config.dataDir());
      if (!config.ephemeral()) {
        Files.createDirectories(config.dynamoDir());
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot create the local stack's data dir " + config.dataDir()
          + " (" + e + "): choose another with --data-dir", e);
    }
  }

  private static URI http(String host, int port) {
    try {
      // This constructor puts an IPv6 host in brackets.
      return new URI("http", null, host, port, null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid host: " + host, e);
    }
  }

  private static String mongoUri(String host, int port) {
    return "mongodb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
