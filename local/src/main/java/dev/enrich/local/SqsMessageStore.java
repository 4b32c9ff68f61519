package dev.enrich.local;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Props;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.DB;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.h2.jdbcx.JdbcConnectionPool;
import scalikejdbc.ConnectionPool;
import scalikejdbc.ConnectionPool$;
import scalikejdbc.DataSourceConnectionPool;
import scalikejdbc.DataSourceConnectionPoolSettings;

/**
 * ElasticMQ's own message persistence ({@code elasticmq-persistence-sql}) in one H2 file: queues
 * with their attributes, and every message with its receive count and next visibility.
 *
 * <p>ElasticMQ answers a send, receive, visibility change or delete only after this store has
 * written it. Two H2 settings make that hold against kill -9:
 *
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: each commit goes to the file at once. With H2's default, within
 *       500 ms, a kill right after 40 answered sends lost 15 to 23 of them.
 *   <li>{@code RETENTION_TIME=0}: with writes that frequent, the 45 s that H2 keeps dead chunks
 *       let the file grow to 300-400 MB for a few thousand messages; now about 15 MB for 1000
 *       messages of 2 KB, with no growth under send-and-delete traffic. H2 keeps those chunks so
 *       that a power cut cannot reorder writes under it: this store does not fsync, and is made for
 *       a killed process, not for a crashed machine.
 * </ul>
 *
 * <p>H2 does not close the database at JVM exit ({@code DB_CLOSE_ON_EXIT=FALSE}): that would race
 * the shutdown hook that is still stopping the stack, and nothing is left unwritten anyway.
 *
 * <p>ElasticMQ reaches the database through scalikejdbc's JVM-wide default pool, so a JVM holds
 * one open store at a time; this class points that pool at its file and closes it again.
 */
final class SqsMessageStore implements AutoCloseable {
  private static final AtomicBoolean OPEN = new AtomicBoolean();
  private static final String MV_SUFFIX = ".mv.db";

  private final Path file;
  private final SqlQueuePersistenceConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqsMessageStore(Path file, SqlQueuePersistenceConfig config) {
    this.file = file;
    this.config = config;
  }

  /** Opens or creates {@code file}, which must end in {@code .mv.db}, H2's own suffix. */
  static SqsMessageStore open(Path file) {
    Path fileName = file.getFileName();
    String name = fileName == null ? "" : fileName.toString();
    if (!name.endsWith(MV_SUFFIX)) {
      throw new IllegalArgumentException("the SQS data file must end in " + MV_SUFFIX + ": " + file);
    }
    String base = file.toAbsolutePath().toString();
    if (base.contains(";")) {
      throw EnrichException.invalidInput("the local SQS data file " + file
          + " has a ';' in its path, which H2 reads as a setting: choose another --data-dir");
    }
    if (!OPEN.compareAndSet(false, true)) {
      throw new IllegalStateException("a persistent ElasticMQ is already running in this JVM: close it first");
    }
    try {
      String url = "jdbc:h2:file:" + base.substring(0, base.length() - MV_SUFFIX.length())
          + ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE";
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "", "");
      try (Connection probe = pool.getConnection()) {
        // Opens the file now, so that a locked or damaged one fails here with its name.
      } catch (SQLException e) {
        pool.dispose();
        throw new InvalidInputException("cannot open the local SQS data file " + file
            + " (is another 'enrich local up' using this data dir?): " + e.getMessage(), e);
      }
      SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "", false);
      try {
        // ElasticMQ sets the default pool up once per JVM, at its first use; do that now, then
        // replace its pool with this one, which close() can dispose of.
        DB.initializeSingleton(config);
        ConnectionPool.singleton(new DataSourceConnectionPool(pool, new DataSourceConnectionPoolSettings(null),
            pool::dispose));
      } catch (RuntimeException | Error e) {
        pool.dispose();
        throw e;
      }
      return new SqsMessageStore(file, config);
    } catch (RuntimeException | Error e) {
      OPEN.set(false);
      throw e;
    }
  }

  /** The actor ElasticMQ's queues report their changes to, and restores them from the file. */
  Props persistenceActor() {
    return Props.create(StoreActor.class, config);
  }

  /** Closes the database; call it once ElasticMQ's actors have stopped. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        // The static forwarder is shadowed by ConnectionPool#close(): call the Scala object.
        ConnectionPool$.MODULE$.close(ConnectionPool.DEFAULT_NAME());
      } finally {
        OPEN.set(false);
      }
    }
  }

  @Override
  public String toString() {
    return "SQS message store " + file;
  }

  /**
   * ElasticMQ's store actor, stopped instead of restarted when a write fails. A restarted one
   * forgets which queues it stores and from then on answers their changes as stored without
   * storing them; once it is stopped, every SQS call that changes a message fails (HTTP 503 after
   * ElasticMQ's 21 s request timeout, as ElasticMQ answers only after the store has).
   */
  static final class StoreActor extends SqlQueuePersistenceActor {
    StoreActor(SqlQueuePersistenceConfig config) {
      super(config, scala.collection.immutable.List$.MODULE$.<CreateQueueMetadata>empty());
    }

    @Override
    public void postRestart(Throwable reason) {
      context().stop(self());
    }
  }
}
