package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.JarRun;
import dev.enrich.local.LocalStack;
import dev.enrich.local.LocalStackConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar against moto_server with credentials only from AWS config files, as in a company
 * account: a role profile ({@code role_arn} + {@code source_profile}, assumed through STS at
 * {@code AWS_ENDPOINT_URL_STS}) and a {@code credential_process} profile. SQS and DynamoDB are found
 * through {@code AWS_ENDPOINT_URL_SQS} and {@code AWS_ENDPOINT_URL_DYNAMODB}, with no endpoint of
 * enrich's own, so nothing falls back to the local stack's dummy keys.
 */
class AwsCredentialSourcesIT {
  private static final String HOST = "127.0.0.1";
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/enrich-operator";
  private static final String SESSION = "enrich-it-role-session";
  private static MotoServer moto;
  private static LocalStack stack;
  private static Path stackDir;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    stackDir = Files.createTempDirectory("enrich-creds-it-");
    moto = MotoServer.start(HOST);
    stack = LocalStack.startOn(LocalStackConfig.defaults(stackDir).withPorts(0, 0, 0).withEphemeral(true),
        moto.sqsEndpoint(), moto.dynamoEndpoint());
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (stack != null) {
        stack.close();
      }
    } finally {
      moto.close();
      try (var paths = Files.walk(stackDir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void roleProfileWithSourceProfile_assumesTheRoleThroughStsAndRunsSubmitStatusAndQueueStats() throws Exception {
    Files.writeString(dir.resolve("config"), String.join("\n",
        "[profile operator]",
        "role_arn = " + ROLE_ARN,
        "source_profile = base",
        "role_session_name = " + SESSION,
        ""));
    Files.writeString(dir.resolve("credentials"), String.join("\n",
        "[base]",
        "aws_access_key_id = AKIDBASEPROFILE00001",
        "aws_secret_access_key = base-secret",
        ""));
    Map<String, String> env = env("operator");

    runSubmitStatusStatsAndDoctor("role", env);

    assertAssumed(ROLE_ARN, SESSION);
  }

  /**
   * EKS service accounts and CI OIDC: a profile with {@code role_arn} and
   * {@code web_identity_token_file}, which the SDK turns into STS AssumeRoleWithWebIdentity.
   */
  @Test
  void webIdentityProfile_assumesTheRoleWithTheTokenAndRunsSubmitStatusAndQueueStats() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl");
    String session = "enrich-it-web-identity";
    Files.writeString(dir.resolve("config"), String.join("\n",
        "[profile ci]",
        "role_arn = " + ROLE_ARN,
        "web_identity_token_file = " + token,
        "role_session_name = " + session,
        ""));
    Files.writeString(dir.resolve("credentials"), "");

    runSubmitStatusStatsAndDoctor("web", env("ci"));

    assertAssumed(ROLE_ARN, session);
  }

  @Test
  void credentialProcessProfile_runsTheProcessAndRunsSubmitStatusAndQueueStats() throws Exception {
    Path marker = dir.resolve("process-ran");
    Path script = dir.resolve("credentials.sh");
    // The contract: JSON on stdout with Version 1 and the keys.
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html
    Files.writeString(script, String.join("\n",
        "#!/bin/sh",
        "echo ran >> '" + marker + "'",
        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS000000001\", \"SecretAccessKey\": \"process-secret\"}'",
        ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(dir.resolve("config"), "[profile process]\ncredential_process = " + script + "\n");
    Files.writeString(dir.resolve("credentials"), "");

    runSubmitStatusStatsAndDoctor("process", env("process"));

    assertTrue(Files.isRegularFile(marker), "the credential_process ran");
  }

  /** moto keeps every role it handed out: the CLI's calls asked STS for exactly this role and session. */
  private static void assertAssumed(String roleArn, String session) throws IOException, InterruptedException {
    JsonNode assumed = motoState().path("sts").path("AssumedRole");
    boolean found = false;
    for (JsonNode role : assumed) {
      found |= roleArn.equals(role.path("role_arn").asText()) && session.equals(role.path("session_name").asText());
    }
    assertTrue(found, "STS assumed " + roleArn + " as " + session + " in moto: " + assumed);
  }

  private void runSubmitStatusStatsAndDoctor(String name, Map<String, String> env) throws IOException {
    Path catalog = Files.writeString(dir.resolve("catalog.csv"),
        "sku,asin,title\n" + name + "-1,B000000001,One\n" + name + "-2,B000000002,Two\n");
    String id = "creds-" + name;
    String[] target = {"--queue", stack.queueUrl(), "--table", stack.config().tableName()};

    JarRun submit = JarRun.run(name + "-submit", dir, env, concat(target, "submit", catalog.toString(), "--catalog-id", id));
    assertEquals(0, submit.exitCode(), submit.toString());
    JarRun status = JarRun.run(name + "-status", dir, env, concat(target, "status", id, "--output", "json"));
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().contains(id), status.toString());
    JarRun stats = JarRun.run(name + "-stats", dir, env, concat(target, "queue", "stats"));
    assertEquals(0, stats.exitCode(), stats.toString());

    // doctor asks STS who the credentials are (GetCallerIdentity, through AWS_ENDPOINT_URL_STS);
    // with the mock provider and no MongoDB URI those two checks are skipped, not failed.
    Map<String, String> doctorEnv = new HashMap<>(env);
    doctorEnv.put("ENRICH_PROVIDER", "mock");
    JarRun doctor = JarRun.run(name + "-doctor", dir, doctorEnv, concat(target, "doctor", "--output", "json"));
    assertEquals(0, doctor.exitCode(), doctor.toString());
    assertTrue(doctor.out().contains("\"pass\"") || doctor.out().contains("\"ok\""), doctor.toString());
  }

  /** Only the AWS files and endpoints of the test: no key of the machine running it can stand in. */
  private Map<String, String> env(String profile) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
    env.put("AWS_PROFILE", profile);
    env.put("AWS_REGION", stack.config().region());
    env.put("AWS_ACCESS_KEY_ID", "");
    env.put("AWS_SECRET_ACCESS_KEY", "");
    env.put("AWS_SESSION_TOKEN", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    // moto_server answers every service on one port; the proxy in front of it forwards STS as is.
    env.put("AWS_ENDPOINT_URL_STS", moto.sqsEndpoint().toString());
    env.put("AWS_ENDPOINT_URL_SQS", moto.sqsEndpoint().toString());
    env.put("AWS_ENDPOINT_URL_DYNAMODB", moto.dynamoEndpoint().toString());
    return env;
  }

  private static JsonNode motoState() throws IOException, InterruptedException {
    URI uri = moto.sqsEndpoint().resolve("/moto-api/data.json");
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new ObjectMapper().readTree(response.body());
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = new String[first.length + rest.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }
}
