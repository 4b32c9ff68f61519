package dev.enrich.local;

import com.typesafe.config.ConfigFactory;
import dev.enrich.client.EnrichException;
import dev.enrich.client.RemoteServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.Limits;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.util.Either;

/**
 * ElasticMQ serving the SQS API in this JVM: queues in memory only, or also in a {@link
 * SqsMessageStore} file from which the next start restores them, messages included.
 */
final class EmbeddedSqs implements AutoCloseable {
  private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem actors;
  private final SQSRestServer server;
  private final int port;
  /** Null in memory. */
  private final SqsMessageStore store;

  private EmbeddedSqs(ActorSystem actors, SQSRestServer server, int port, SqsMessageStore store) {
    this.actors = actors;
    this.server = server;
    this.port = port;
    this.store = store;
  }

  /** {@code port} 0 picks a free one; {@link #port()} tells which. */
  static EmbeddedSqs inMemory(String host, int port, String region) {
    return start(host, port, region, null);
  }

  /** Like {@link #inMemory}, with the queues and their messages kept in {@code file} (an H2 {@code .mv.db}). */
  static EmbeddedSqs persistent(String host, int port, String region, Path file) {
    SqsMessageStore store = SqsMessageStore.open(file);
    try {
      return start(host, port, region, store);
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
  }

  private static EmbeddedSqs start(String host, int port, String region, SqsMessageStore store) {
    // Our own actor system, not ElasticMQ's: when the bind fails, stopAndWait() rethrows the bind
    // error and never terminates the system ElasticMQ created, whose non-daemon threads would then
    // keep the JVM from exiting.
    // Pekko would also stop it from a JVM shutdown hook of its own, racing ours, which lets the
    // worker finish its in-flight batches (and delete their messages) before the stack stops.
    ActorSystem actors = ActorSystem.create("elasticmq", ConfigFactory
        .parseString("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
        .withFallback(ConfigFactory.load()));
    try {
      TheSQSRestServerBuilder builder =
          (port == 0 ? SQSRestServerBuilder.withDynamicPort() : SQSRestServerBuilder.withPort(port))
              .withActorSystem(actors).withInterface(host).withAWSRegion(region);
      if (store != null) {
        builder = builder.withQueueManagerActor(restoredQueueManager(actors, store, builder.sqsLimits()));
      }
      SQSRestServer server = builder.start();
      int bound = server.waitUntilStarted().localAddress().getPort();
      return new EmbeddedSqs(actors, server, bound, store);
    } catch (Exception e) { // Scala's Await throws checked exceptions undeclared
      terminate(actors, e);
      if (e instanceof EnrichException enrich) {
        throw enrich;
      }
      if (PortInUseException.isBindFailure(e)) {
        throw new PortInUseException("SQS, ElasticMQ", port, "--sqs-port", e);
      }
      throw new RemoteServiceException("ElasticMQ (the local SQS server) did not start on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * The wiring of ElasticMQ's own server (ElasticMQServer.scala): a queue manager that reports
   * every change to the store, and the stored queues and messages back in it before the SQS API
   * is bound, so that no request sees a half-restored queue.
   */
  private static ActorRef restoredQueueManager(ActorSystem actors, SqsMessageStore store, Limits limits)
      throws Exception {
    ActorRef storeActor = actors.actorOf(store.persistenceActor(), "message-store");
    ActorRef manager = actors.actorOf(
        Props.create(QueueManagerActor.class, new NowProvider(), limits, Option.apply(storeActor)), "queue-manager");
    // A restore that fails is only logged by ElasticMQ and never answered: the timeout reports it.
    Object restored;
    try {
      restored = Patterns.ask(storeActor, new QueueEvent.Restore(manager), RESTORE_TIMEOUT)
          .toCompletableFuture().get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new RemoteServiceException("ElasticMQ did not restore the queues of " + store + " within "
          + RESTORE_TIMEOUT.toSeconds() + " s; move the file away to start with empty queues", e);
    }
    if (restored instanceof Either<?, ?> result && result.isLeft()) {
      throw new RemoteServiceException("ElasticMQ could not restore the queues of " + store + ": "
          + result.left().get() + "; move the file away to start with empty queues");
    }
    return manager;
  }

  int port() {
    return port;
  }

  /** Stops the server and the actors, then closes the store: what was answered is in the file. */
  @Override
  public void close() {
    try {
      try {
        server.stopAndWait();
      } catch (Exception e) { // as above: undeclared checked exceptions from Await
        terminate(actors, e);
        throw new IllegalStateException("ElasticMQ did not stop cleanly: " + e.getMessage(), e);
      }
      terminate(actors, null);
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  private static void terminate(ActorSystem actors, Exception failure) {
    actors.terminate();
    try {
      actors.getWhenTerminated().toCompletableFuture().get(TERMINATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      IllegalStateException stuck = new IllegalStateException("ElasticMQ's actor system did not terminate", e);
      if (failure == null) {
        throw stuck;
      }
      failure.addSuppressed(stuck);
    }
  }
}
