package dev.enrich.lambda.store;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import dev.enrich.lambda.enrich.EnrichmentResult;
import dev.enrich.lambda.secrets.RuntimeSecret;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A product store whose connection string is a {@link RuntimeSecret}: when MongoDB refuses the
 * credentials (the password was rotated), it reads the secret again and, if the connection string
 * changed, connects anew and tries the write once more. A refusal with an unchanged secret is an
 * ordinary store failure: the batch comes back later.
 */
public final class RotatingProductStore implements ProductStore {
  /** A connection and the store on it. */
  public interface Connection extends AutoCloseable {
    ProductStore store();

    @Override
    void close();
  }

  /** MongoDB's error code for a failed authentication. */
  private static final int AUTHENTICATION_FAILED = 18;

  private final RuntimeSecret uri;
  private final Function<String, Connection> connect;
  private volatile Connection current;

  /** Connects with the secret's current value now; {@code connect} makes a connection for a URI. */
  public RotatingProductStore(RuntimeSecret uri, Function<String, Connection> connect) {
    this.uri = uri;
    this.connect = connect;
    this.current = connect.apply(uri.value());
  }

  @Override
  public void upsert(String catalogId, String batchId, List<EnrichmentResult> results) {
    upsert(catalogId, batchId, Map.of(), results);
  }

  @Override
  public void upsert(String catalogId, String batchId, Map<String, String> options, List<EnrichmentResult> results) {
    Connection used = current;
    try {
      used.store().upsert(catalogId, batchId, options, results);
    } catch (StoreUnavailableException e) {
      if (!refused(e) || !reconnect(used)) {
        throw e;
      }
      current.store().upsert(catalogId, batchId, options, results);
    }
  }

  /** True when there is a new connection to try: another thread made one, or the secret changed. */
  private synchronized boolean reconnect(Connection refused) {
    if (current != refused) {
      return true;
    }
    if (!uri.refresh()) {
      return false;
    }
    current = connect.apply(uri.value());
    refused.close();
    return true;
  }

  /** Whether MongoDB refused the credentials, as opposed to being unreachable. */
  static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MongoSecurityException
          || t instanceof MongoCommandException c && c.getErrorCode() == AUTHENTICATION_FAILED) {
        return true;
      }
    }
    return false;
  }
}
