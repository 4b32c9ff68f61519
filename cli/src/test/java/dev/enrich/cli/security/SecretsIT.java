package dev.enrich.cli.security;

import static dev.enrich.cli.Await.until;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.enrich.cli.JarRun;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.lambda.keepa.KeepaStandIn;
import dev.enrich.lambda.store.MongoProductStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Secrets never reach output: a full run with the real jar, the real Keepa client against the
 * Keepa stand-in and a MongoDB that authenticates by SCRAM-SHA-256 ({@link AuthenticatingMongo}),
 * then every stdout and stderr of every process, the consumer's JSON log, and what the DLQ tools
 * show (DLQ bodies, the status table's items, the stored products) are searched for the Keepa key,
 * the MongoDB password and their URL-encoded forms, on the happy path and on the error paths where
 * leaks happen: a refused key, MongoDB unreachable, a wrong password, a malformed URI, MongoDB
 * failing under a running worker, each with and without {@code --stacktrace}.
 */
class SecretsIT {
  private static final String USER = "enrich";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Keepa keys are 64 characters of [a-z0-9]. */
  private final String key = token(64, "abcdefghijklmnopqrstuvwxyz0123456789");
  private final String wrongKey = token(64, "abcdefghijklmnopqrstuvwxyz0123456789");
  /**
   * A random core that appears nowhere else, between characters a URI must encode: unencoded, the
   * {@code /} ends a URI's authority early and the {@code @} ends its user information early.
   */
  private final String passwordCore = token(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
  private final String password = "p/" + passwordCore + "@:%+!";
  private final String wrongPasswordCore = token(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
  private final String wrongPassword = wrongPasswordCore + "#?/";

  @TempDir Path dir;
  private StackFixture fixture;
  private KeepaStandIn keepa;
  private AuthenticatingMongo mongo;
  private final List<Process> started = new ArrayList<>();
  /** Everything any process printed, and what the DLQ tools read, by where it came from. */
  private final Map<String, String> outputs = new LinkedHashMap<>();

  @BeforeEach
  void start() throws IOException {
    fixture = new StackFixture(c -> c.withVisibilityTimeoutSeconds(3).withMaxReceiveCount(3));
    keepa = KeepaStandIn.builder().key(key).initialTokens(10_000).refillRate(1_000).start();
    mongo = new AuthenticatingMongo(USER, password);
  }

  @AfterEach
  void stop() throws IOException {
    started.forEach(Process::destroyForcibly);
    if (mongo != null) {
      mongo.close();
    }
    if (keepa != null) {
      keepa.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private static String token(int length, String alphabet) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String encoded(String s) {
    return URLEncoder.encode(s, UTF_8);
  }

  private String mongoUri(String pw, String extra) {
    return "mongodb://" + USER + ":" + encoded(pw) + "@127.0.0.1:" + mongo.port() + "/?authSource=admin"
        + "&serverSelectionTimeoutMS=2000" + extra;
  }

  /** The stack's endpoints as flags; MongoDB comes from the environment, as docs/configuration.md advises. */
  private List<String> stackFlags() {
    return List.of("--sqs-endpoint", fixture.stack.sqsEndpoint().toString(),
        "--dynamodb-endpoint", fixture.stack.dynamoEndpoint().toString(),
        "--queue", fixture.stack.queueUrl(), "--table", fixture.stack.config().tableName());
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("MONGODB_URI", mongoUri(password, ""));
    env.put("KEEPA_API_KEY", key);
    env.put("ENRICH_PROVIDER", "keepa");
    env.put("ENRICH_KEEPA_ENDPOINT", keepa.uri().toString());
    env.put("ENRICH_USER_ID", "secrets-it");
    return env;
  }

  private JarRun run(String name, Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(stackFlags());
    all.addAll(List.of(args));
    JarRun r = JarRun.run(name, dir, env, null, Duration.ofSeconds(180), all);
    record(r);
    return r;
  }

  private JarRun run(String name, String... args) {
    return run(name, env(), args);
  }

  private void record(JarRun r) {
    outputs.put(r.name() + " (stdout)", r.out());
    outputs.put(r.name() + " (stderr)", r.err());
  }

  private Process startWorker(String name, Map<String, String> env) {
    List<String> args = new ArrayList<>(stackFlags());
    args.addAll(List.of("worker", "--concurrency", "2", "--records", "2", "--poll-wait", "1"));
    Process p = JarRun.start(name, dir, env, args);
    started.add(p);
    return p;
  }

  /** SIGTERM, as a service manager stops it; the worker finishes the invocations it runs, then exits. */
  private JarRun stopWorker(String name, Process p) throws InterruptedException {
    p.destroy();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + " stops on SIGTERM");
    JarRun r = JarRun.finished(name, dir, p);
    record(r);
    return r;
  }

  private Path catalog(String prefix, int products) throws IOException {
    StringBuilder csv = new StringBuilder("sku,asin,title,price\n");
    for (int i = 1; i <= products; i++) {
      csv.append(String.format(Locale.ROOT, "%s-%03d,B0%08d,%s product %d,%d.99%n", prefix, i, i, prefix, i, i));
    }
    return Files.writeString(dir.resolve(prefix.toLowerCase(Locale.ROOT) + ".csv"), csv);
  }

  private List<Map<String, AttributeValue>> items(String catalogId) {
    return fixture.stack.dynamoClient().query(b -> b.tableName(fixture.stack.config().tableName())
        .keyConditionExpression("catalog_id = :c")
        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(catalogId)))).items();
  }

  private boolean anyBatchFailedOnce(String catalogId) {
    return items(catalogId).stream().anyMatch(i -> i.containsKey("last_error"));
  }

  @Test
  void keepaKeyAndMongoPasswordAppearInNoOutputOfAFullRunOrItsErrors() throws Exception {
    Path a = catalog("ALPHA", 12);
    Path b = catalog("BRAVO", 6);
    Path c = catalog("CHARLIE", 9);

    // The happy path: submit, a worker with the real Keepa client and an authenticated MongoDB.
    assertEquals(0, run("submit-a", "submit", a.toString(), "--catalog-id", "sec-a", "--batch-size", "5").exitCode());
    Map<String, String> workerEnv = env();
    workerEnv.put("ENRICH_LOG_LEVEL", "debug"); // the libraries' own logs too: SDK, driver
    Process worker = startWorker("worker-good-key", workerEnv);
    JarRun waitA = run("status-a-wait", "status", "sec-a", "--wait", "--interval", "1", "--output", "json");
    assertEquals(0, waitA.exitCode(), waitA.toString());
    assertTrue(waitA.out().contains("\"COMPLETED\""), waitA.toString());

    // MongoDB goes away under the running worker: its upserts fail, the batch records why, and it
    // completes once MongoDB is back (a new SCRAM conversation on every new connection).
    mongo.stop();
    assertEquals(0, run("submit-b", "submit", b.toString(), "--catalog-id", "sec-b", "--batch-size", "3",
        "--output", "json").exitCode());
    until(() -> anyBatchFailedOnce("sec-b"), Duration.ofSeconds(90), "a batch of sec-b to fail on MongoDB");
    mongo.start();
    JarRun waitB = run("status-b-wait", "status", "sec-b", "--wait", "--interval", "1", "--output", "json");
    assertEquals(0, waitB.exitCode(), waitB.toString());
    JarRun goodWorker = stopWorker("worker-good-key", worker);
    assertTrue(goodWorker.err().contains("MongoDB: upsert of batch"), "the worker logged the MongoDB failure");
    assertTrue(goodWorker.err().contains("DEBUG"), "library debug logs were on");

    // A key Keepa refuses: every delivery fails with 401 until the batches are in the DLQ.
    assertEquals(0, run("submit-c", "submit", c.toString(), "--catalog-id", "sec-c", "--batch-size", "3").exitCode());
    Map<String, String> wrongKeyEnv = env();
    wrongKeyEnv.put("KEEPA_API_KEY", wrongKey);
    Process refused = startWorker("worker-wrong-key", wrongKeyEnv);
    until(() -> fixture.messagesIn(fixture.stack.dlqUrl()) == 3, Duration.ofSeconds(120),
        "sec-c's 3 batches in the DLQ");
    JarRun wrongKeyWorker = stopWorker("worker-wrong-key", refused);
    assertTrue(wrongKeyWorker.err().contains("HTTP 401"), wrongKeyWorker.toString());

    // Every command that shows what happened, as text and JSON.
    run("status-a", "status", "sec-a");
    run("status-a-json", "status", "sec-a", "--output", "json");
    JarRun failures = run("status-c-failures", "status", "sec-c", "--failures");
    assertTrue(failures.out().contains("401"), "the reason is shown: " + failures);
    run("status-c-failures-json", "status", "sec-c", "--failures", "--output", "json");
    run("status-c-batches", "status", "sec-c", "--batches");
    run("list", "list");
    run("list-json", "list", "--output", "json");
    JarRun export = run("export-a", "export", "sec-a");
    assertEquals(0, export.exitCode(), export.toString());
    assertTrue(export.out().contains("ALPHA-012"), export.toString());
    run("export-a-json", "export", "sec-a", "--format", "json");
    JarRun peek = run("dlq-peek", "dlq", "peek");
    assertTrue(peek.out().contains("sec-c") && peek.out().contains("401"), peek.toString());
    run("dlq-peek-json", "dlq", "peek", "--output", "json");
    run("queue-stats", "queue", "stats");
    run("queue-stats-json", "queue", "stats", "--output", "json");
    run("redrive-dry-run", "redrive-dlq", "--dry-run");
    run("redrive-dry-run-json", "redrive-dlq", "--dry-run", "--output", "json");
    run("validate", "validate", a.toString());
    run("submit-dry-run", "submit", a.toString(), "--dry-run");

    // MongoDB unreachable, the URI carrying the password.
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Map<String, String> unreachable = env();
    unreachable.put("MONGODB_URI", "mongodb://" + USER + ":" + encoded(password) + "@127.0.0.1:" + closed
        + "/?serverSelectionTimeoutMS=1000");
    for (String trace : List.of("", "--stacktrace")) {
      JarRun r = run("export-unreachable" + trace, unreachable, args("export", "sec-a", trace));
      assertEquals(4, r.exitCode(), r.toString());
      r = run("failures-unreachable" + trace, unreachable, args("status", "sec-c", "--failures", trace));
      assertEquals(4, r.exitCode(), r.toString());
    }

    // A wrong password: the driver's authentication fails (with its debug log, the second time).
    Map<String, String> wrongPassword = env();
    wrongPassword.put("MONGODB_URI", mongoUri(this.wrongPassword, ""));
    for (String trace : List.of("", "--stacktrace")) {
      if (!trace.isEmpty()) {
        wrongPassword.put("ENRICH_LOG_LEVEL", "debug");
      }
      JarRun r = run("export-wrong-password" + trace, wrongPassword, args("export", "sec-a", trace));
      assertEquals(4, r.exitCode(), r.toString());
      assertTrue(r.err().contains("refused the credentials"), r.toString());
    }
    // The right password by flag instead of environment.
    Map<String, String> noUri = env();
    noUri.remove("MONGODB_URI");
    run("export-flag-uri", noUri, "--mongodb-uri", mongoUri(password, ""), "export", "sec-a", "--format", "json");

    // Malformed URIs holding the password, raw or encoded, by environment and by flag.
    List<String> malformed = List.of(
        "mongodb://" + USER + ":" + password + "@127.0.0.1:" + mongo.port() + "/",
        "mongodb://" + USER + ":" + encoded(password) + "@127.0.0.1:notaport/",
        "mongodb://" + USER + ":" + encoded(password) + "@127.0.0.1/?serverSelectionTimeoutMS=soon",
        "mongodb+srv://" + USER + ":" + encoded(password) + "@cluster0.example.net:27017/",
        "mongo://" + USER + ":" + encoded(password) + "@127.0.0.1/");
    for (int i = 0; i < malformed.size(); i++) {
      Map<String, String> bad = env();
      bad.put("MONGODB_URI", malformed.get(i));
      for (String trace : List.of("", "--stacktrace")) {
        JarRun r = run("export-malformed-" + i + trace, bad, args("export", "sec-a", trace));
        assertEquals(2, r.exitCode(), r.toString());
      }
      run("worker-malformed-" + i, bad, "worker", "--stacktrace");
      run("flag-malformed-" + i, noUri, "--mongodb-uri", malformed.get(i), "export", "sec-a", "--stacktrace");
      // A mistyped flag: picocli quotes what it could not match.
      run("typo-flag-" + i, noUri, "--mongodb-url", malformed.get(i), "export", "sec-a");
    }

    // local run: the whole pipeline in one process with the consumer's JSON log on stderr.
    JarRun local = run("local-run-keepa", env(), "local", "run", a.toString(), "--provider", "keepa", "--log");
    assertEquals(0, local.exitCode(), local.toString());

    // The Lambda function itself, when its MongoDB URI is malformed at start-up.
    outputs.putAll(lambdaInitError("mongodb://" + USER + ":" + password + "@127.0.0.1:notaport/"));

    // What the DLQ tools show comes from these: DLQ bodies, the status table, the stored products.
    outputs.put("DLQ message bodies", dlqBodies());
    outputs.put("status table items", fixture.stack.dynamoClient()
        .scan(s -> s.tableName(fixture.stack.config().tableName())).items().toString());
    outputs.put("stored products", storedProducts());
    assertTrue(outputs.get("status table items").contains("last_error"), "batches recorded their errors");

    assertNoSecretIn(outputs);
  }

  private static String[] args(String... args) {
    return java.util.Arrays.stream(args).filter(a -> !a.isEmpty()).toArray(String[]::new);
  }

  private String dlqBodies() {
    var messages = fixture.stack.sqsClient().receiveMessage(r -> r.queueUrl(fixture.stack.dlqUrl())
        .maxNumberOfMessages(10).visibilityTimeout(0).messageAttributeNames("All").attributeNamesWithStrings("All"))
        .messages();
    assertEquals(3, messages.size(), "the DLQ holds sec-c's batches");
    return messages.toString() + messages.stream().map(m -> m.body()).toList();
  }

  private String storedProducts() {
    try (MongoClient client = MongoClients.create(mongoUri(password, ""))) {
      List<String> docs = new ArrayList<>();
      client.getDatabase("enrich").getCollection(MongoProductStore.COLLECTION).find()
          .forEach(d -> docs.add(d.toJson()));
      assertTrue(!docs.isEmpty(), "products stored after MongoDB came back");
      return String.join("\n", docs);
    }
  }

  private Map<String, String> lambdaInitError(String uri) throws Exception {
    Path jar = Path.of(System.getProperty("lambda.jar", "../lambda/target/enrich-lambda-aws.jar"));
    assertTrue(Files.isRegularFile(jar), "the Lambda jar is built: " + jar);
    Path event = Files.writeString(dir.resolve("event.json"), "{\"Records\":[]}");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar.toString(), "dev.enrich.lambda.LocalRuntime", event.toString())
        .redirectOutput(dir.resolve("lambda.out").toFile()).redirectError(dir.resolve("lambda.err").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("ENRICH_"));
    builder.environment().putAll(Map.of("ENRICH_STATUS_TABLE", "t", "MONGODB_URI", uri, "ENRICH_PROVIDER", "keepa",
        "KEEPA_API_KEY", key, "ENRICH_KEEPA_ENDPOINT", keepa.uri().toString(), "AWS_REGION", "us-east-1",
        "ENRICH_DYNAMODB_ENDPOINT", fixture.stack.dynamoEndpoint().toString(),
        "ENRICH_SQS_ENDPOINT", fixture.stack.sqsEndpoint().toString()));
    Process p = builder.start();
    started.add(p);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = Files.readString(dir.resolve("lambda.err"));
    assertTrue(p.exitValue() != 0 && !err.isBlank(), "the function fails to start: " + err);
    return Map.of("lambda init (stdout)", Files.readString(dir.resolve("lambda.out")), "lambda init (stderr)", err);
  }

  /** Fails with every place a secret was found, the secret replaced by its name so the report itself is clean. */
  private void assertNoSecretIn(Map<String, String> texts) {
    Map<String, String> needles = new LinkedHashMap<>();
    needles.put(key, "<KEEPA KEY>");
    needles.put(wrongKey, "<WRONG KEEPA KEY>");
    needles.put(encoded(password), "<PASSWORD, URL-ENCODED>");
    needles.put(password, "<PASSWORD>");
    needles.put(passwordCore, "<PASSWORD CORE>");
    needles.put(encoded(wrongPassword), "<WRONG PASSWORD, URL-ENCODED>");
    needles.put(wrongPassword, "<WRONG PASSWORD>");
    needles.put(wrongPasswordCore, "<WRONG PASSWORD CORE>");
    List<String> hits = new ArrayList<>();
    long bytes = 0;
    for (Map.Entry<String, String> text : texts.entrySet()) {
      bytes += text.getValue().length();
      String[] lines = text.getValue().split("\n", -1);
      for (int n = 0; n < lines.length; n++) {
        String line = lines[n];
        if (needles.keySet().stream().anyMatch(line::contains)) {
          String shown = line;
          for (Map.Entry<String, String> needle : needles.entrySet()) {
            shown = shown.replace(needle.getKey(), needle.getValue());
          }
          hits.add(text.getKey() + " line " + (n + 1) + ": " + (shown.length() > 300 ? shown.substring(0, 300) + "..." : shown));
        }
      }
    }
    System.out.printf(Locale.ROOT, "secrets: searched %d outputs, %,d characters; %d hits%n", texts.size(), bytes, hits.size());
    assertTrue(hits.isEmpty(), hits.size() + " secret(s) in output:\n" + String.join("\n", hits));
  }
}
