package dev.enrich.cli.local;

import dev.enrich.cli.EnrichException;
import dev.enrich.cli.ExitCodes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;

/** ElasticMQ serving the SQS API in this JVM. Queues live in memory only. */
final class EmbeddedSqs implements AutoCloseable {
  private static final Duration TERMINATION_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem actors;
  private final SQSRestServer server;
  private final int port;

  private EmbeddedSqs(ActorSystem actors, SQSRestServer server, int port) {
    this.actors = actors;
    this.server = server;
    this.port = port;
  }

  /** {@code port} 0 picks a free one; {@link #port()} tells which. */
  static EmbeddedSqs start(String host, int port, String region) {
    // Our own actor system, not ElasticMQ's: when the bind fails, stopAndWait() rethrows the bind
    // error and never terminates the system ElasticMQ created, whose non-daemon threads would then
    // keep the JVM from exiting.
    ActorSystem actors = ActorSystem.create("elasticmq");
    try {
      TheSQSRestServerBuilder builder =
          port == 0 ? SQSRestServerBuilder.withDynamicPort() : SQSRestServerBuilder.withPort(port);
      SQSRestServer server = builder.withActorSystem(actors).withInterface(host).withAWSRegion(region).start();
      int bound = server.waitUntilStarted().localAddress().getPort();
      return new EmbeddedSqs(actors, server, bound);
    } catch (Exception e) { // Scala's Await throws checked exceptions undeclared
      terminate(actors, e);
      if (PortInUseException.isBindFailure(e)) {
        throw new PortInUseException("SQS, ElasticMQ", port, "--sqs-port", e);
      }
      throw new EnrichException(ExitCodes.REMOTE,
          "ElasticMQ (the local SQS server) did not start on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.stopAndWait();
    } catch (Exception e) { // as above: undeclared checked exceptions from Await
      terminate(actors, e);
      throw new IllegalStateException("ElasticMQ did not stop cleanly: " + e.getMessage(), e);
    }
    terminate(actors, null);
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
