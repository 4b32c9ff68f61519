package dev.enrich.cli.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * mongo-java-server with one user that must authenticate by SCRAM-SHA-256, as a MongoDB with
 * authorization enabled. mongo-java-server 1.47.0 has no authentication at all (it answers
 * {@code saslStart} with "no such command", so a driver given credentials cannot connect): this
 * adds the server side of RFC 5802/7677 over its command handler, so the real driver runs its real
 * SCRAM conversation, a wrong password fails with MongoDB's code 18, and a connection that has not
 * authenticated gets code 13 for anything but the handshake.
 */
public final class AuthenticatingMongo implements AutoCloseable {
  private static final int ITERATIONS = 4096;
  private static final Set<String> OPEN_COMMANDS =
      Set.of("hello", "ismaster", "saslstart", "saslcontinue", "ping", "buildinfo", "endsessions", "getnonce");

  private final Backend backend;
  private final int port;
  private MongoServer server;

  public AuthenticatingMongo(String user, String password) {
    backend = new Backend(user, password);
    server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    port = server.getLocalAddress().getPort();
  }

  public int port() {
    return port;
  }

  /** Drops every connection and stops listening, as a server that went away; the data stays for {@link #start}. */
  public synchronized void stop() {
    server.shutdownNow();
  }

  /** Listens again on the same port, with the same data and user; every client must authenticate again. */
  public synchronized void start() {
    server = new MongoServer(backend);
    server.bind("127.0.0.1", port);
  }

  /** The user's new password, for the connections made from now on (a rotation). */
  public void password(String password) {
    backend.password(password);
  }

  /** A URI with the user and {@code password}, which is URL-encoded here. */
  public String uri(String user, String password) {
    return "mongodb://" + user + ":" + java.net.URLEncoder.encode(password, UTF_8) + "@127.0.0.1:" + port()
        + "/?authSource=admin";
  }

  @Override
  public synchronized void close() {
    server.shutdownNow();
    backend.release();
  }

  private static final class Backend extends MemoryBackend {
    private final String user;
    private final byte[] salt = new byte[16];
    private volatile byte[] storedKey;
    private volatile byte[] serverKey;
    private final Map<Channel, Conversation> conversations = new ConcurrentHashMap<>();
    private final Set<Channel> authenticated = ConcurrentHashMap.newKeySet();

    Backend(String user, String password) {
      this.user = user;
      new SecureRandom().nextBytes(salt);
      password(password);
    }

    void password(String password) {
      byte[] salted = pbkdf2(password, salt);
      storedKey = sha256(hmac(salted, "Client Key"));
      serverKey = hmac(salted, "Server Key");
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      String name = command.toLowerCase(java.util.Locale.ROOT);
      if (name.equals("saslstart")) {
        return saslStart(channel, query);
      }
      if (name.equals("saslcontinue")) {
        return saslContinue(channel, query);
      }
      if (!OPEN_COMMANDS.contains(name) && !authenticated.contains(channel)) {
        throw new MongoServerError(13, "Unauthorized", "command " + command + " requires authentication");
      }
      Document answer = super.handleCommand(channel, database, command, query);
      if (name.equals("hello") || name.equals("ismaster")) {
        answer.put("saslSupportedMechs", List.of("SCRAM-SHA-256"));
      }
      return answer;
    }

    /** A server's shutdown closes its backend: this one outlives a stop, until {@link #release}. */
    @Override
    public void close() {
    }

    void release() {
      super.close();
    }

    @Override
    public void handleClose(Channel channel) {
      conversations.remove(channel);
      authenticated.remove(channel);
      super.handleClose(channel);
    }

    private Document saslStart(Channel channel, Document query) {
      if (!"SCRAM-SHA-256".equals(query.get("mechanism"))) {
        throw authFailed();
      }
      String clientFirst = new String(payload(query), UTF_8);
      if (!clientFirst.startsWith("n,,")) {
        throw authFailed();
      }
      String bare = clientFirst.substring(3);
      Map<String, String> fields = fields(bare);
      if (!user.equals(fields.get("n"))) {
        throw authFailed();
      }
      byte[] nonce = new byte[18];
      new SecureRandom().nextBytes(nonce);
      String combined = fields.get("r") + Base64.getEncoder().encodeToString(nonce);
      String serverFirst = "r=" + combined + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS;
      conversations.put(channel, new Conversation(bare, serverFirst, combined, skipsEmptyExchange(query)));
      return reply(false, serverFirst);
    }

    private Document saslContinue(Channel channel, Document query) {
      Conversation c = conversations.get(channel);
      if (c == null) {
        throw authFailed();
      }
      String clientFinal = new String(payload(query), UTF_8);
      if (c.finished) {
        // The empty last step of a driver that does not skip it.
        conversations.remove(channel);
        return reply(true, "");
      }
      int proofAt = clientFinal.lastIndexOf(",p=");
      if (proofAt < 0) {
        throw authFailed();
      }
      String withoutProof = clientFinal.substring(0, proofAt);
      Map<String, String> fields = fields(withoutProof);
      if (!c.nonce.equals(fields.get("r"))) {
        throw authFailed();
      }
      byte[] proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
      String authMessage = c.clientFirstBare + "," + c.serverFirst + "," + withoutProof;
      byte[] signature = hmac(storedKey, authMessage);
      if (proof.length != signature.length) {
        throw authFailed();
      }
      byte[] clientKey = new byte[proof.length];
      for (int i = 0; i < proof.length; i++) {
        clientKey[i] = (byte) (proof[i] ^ signature[i]);
      }
      if (!MessageDigest.isEqual(sha256(clientKey), storedKey)) {
        conversations.remove(channel);
        throw authFailed();
      }
      authenticated.add(channel);
      c.finished = true;
      String serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
      return reply(c.skipEmptyExchange, serverFinal);
    }

    /** Drivers ask to end with the server's signature rather than one more, empty, round. */
    private static boolean skipsEmptyExchange(Document query) {
      return query.get("options") instanceof Document o && Boolean.TRUE.equals(o.get("skipEmptyExchange"));
    }

    private static Document reply(boolean done, String payload) {
      Document d = new Document();
      d.put("conversationId", 1);
      d.put("done", done);
      d.put("payload", new BinData(payload.getBytes(UTF_8)));
      d.put("ok", 1.0);
      return d;
    }

    private static byte[] payload(Document query) {
      Object p = query.get("payload");
      if (p instanceof BinData b) {
        return b.getData();
      }
      if (p instanceof byte[] b) {
        return b;
      }
      if (p instanceof String s) {
        return s.getBytes(UTF_8);
      }
      throw authFailed();
    }

    private static MongoServerError authFailed() {
      return new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
    }

    private static Map<String, String> fields(String message) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String part : message.split(",")) {
        int eq = part.indexOf('=');
        if (eq == 1) {
          out.put(part.substring(0, 1), part.substring(2));
        }
      }
      return out;
    }

    private static byte[] pbkdf2(String password, byte[] salt) {
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] hmac(byte[] key, String text) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] sha256(byte[] bytes) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final class Conversation {
    final String clientFirstBare;
    final String serverFirst;
    final String nonce;
    final boolean skipEmptyExchange;
    volatile boolean finished;

    Conversation(String clientFirstBare, String serverFirst, String nonce, boolean skipEmptyExchange) {
      this.clientFirstBare = clientFirstBare;
      this.serverFirst = serverFirst;
      this.nonce = nonce;
      this.skipEmptyExchange = skipEmptyExchange;
    }
  }
}
