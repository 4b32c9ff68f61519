package dev.enrich.local;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import dev.enrich.client.InvalidInputException;
import dev.enrich.client.RemoteServiceException;
import java.nio.file.Path;

/**
 * mongo-java-server serving the MongoDB wire protocol in this JVM: in memory, or in one H2
 * (MVStore) file whose lock the OS releases when the process dies, even by kill -9.
 */
final class EmbeddedMongo implements AutoCloseable {
  private final MongoServer server;
  private final int port;

  private EmbeddedMongo(MongoServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static EmbeddedMongo inMemory(String host, int port) {
    return bind(new MemoryBackend(), host, port);
  }

  static EmbeddedMongo persistent(String host, int port, Path file) {
    H2Backend backend;
    try {
      backend = new CommittingH2Backend(file.toAbsolutePath().toString());
    } catch (RuntimeException e) {
      // Typically "file is locked": another process has this data dir open.
      throw new InvalidInputException("cannot open the local MongoDB data file " + file
          + " (is another 'enrich local up' using this data dir?): " + e.getMessage(), e);
    }
    return bind(backend, host, port);
  }

  private static EmbeddedMongo bind(MongoBackend backend, String host, int port) {
    MongoServer server = new MongoServer(backend);
    try {
      server.bind(host, port);
    } catch (Exception e) { // Netty rethrows the JDK's BindException undeclared
      // bind() has already shut the server and its backend down.
      if (PortInUseException.isBindFailure(e)) {
        throw new PortInUseException("MongoDB, mongo-java-server", port, "--mongo-port", e);
      }
      throw new RemoteServiceException("mongo-java-server (the local MongoDB) did not start on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new EmbeddedMongo(server, server.getLocalAddress().getPort());
  }

  int port() {
    return port;
  }

  /**
   * H2's MVStore writes committed changes to its file only every second by default, so a JVM
   * killed with -9 lost the last second of acknowledged writes (measured: 40 acknowledged inserts,
   * 0 found after a kill at once). Committing after every command makes an acknowledged write
   * survive the process; a commit with nothing to write costs nothing. The driver sends every
   * command as an OP_MSG message, which arrives here.
   */
  private static final class CommittingH2Backend extends H2Backend {
    CommittingH2Backend(String fileName) {
      super(fileName);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
      Document result = super.handleMessage(message);
      commit();
      return result;
    }
  }

  /** Drops client connections, stops the threads and closes the backend (H2 commits on close). */
  @Override
  public void close() {
    server.shutdownNow();
  }
}
