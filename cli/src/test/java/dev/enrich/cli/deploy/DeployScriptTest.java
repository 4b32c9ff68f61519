package dev.enrich.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.config.Settings;
import dev.enrich.client.config.SettingsResolver;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/deploy_lambda.sh with a PATH of our making: the system tools it needs, and stubs for
 * java, mvn, sam and aws that record how they were called (and answer as the AWS CLI would), so the
 * commands, the prerequisite checks and the profile it writes are checked without AWS or SAM.
 */
class DeployScriptTest {
  private static final Path HOME = Path.of(System.getProperty("enrich.home", "..")).toAbsolutePath().normalize();
  /** What the script needs from the system besides the tools it checks for. */
  private static final List<String> SYSTEM_TOOLS =
      List.of("bash", "dirname", "awk", "sed", "mkdir", "mktemp", "cat", "rm", "cp", "cut");
  private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/enrich-dev-batches";
  private static final Pattern REVISION = Pattern.compile("ConfigRevision=([0-9a-f]{16})\\b");

  @TempDir Path dir;
  private Path repo;
  private Path bin;
  private Path log;
  private Path config;
  private Path outputs;

  record Run(int exit, String out, String err, List<String> calls) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err + "--- calls\n" + String.join("\n", calls);
    }
  }

  @BeforeEach
  void layOut() throws Exception {
    // A copy of the files the script uses, so the stubbed build writes into the temporary directory.
    repo = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(repo.resolve("scripts"));
    Files.copy(HOME.resolve("template.yaml"), repo.resolve("template.yaml"));
    Files.copy(HOME.resolve("scripts/deploy_lambda.sh"), repo.resolve("scripts/deploy_lambda.sh"),
        StandardCopyOption.COPY_ATTRIBUTES);
    bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : SYSTEM_TOOLS) {
      Files.createSymbolicLink(bin.resolve(tool), which(tool).orElseThrow(() -> new AssertionError(tool + " not found on PATH")));
    }
    Optional<Path> sha = which("sha256sum").or(() -> which("shasum"));
    Files.createSymbolicLink(bin.resolve(sha.orElseThrow().getFileName().toString()), sha.orElseThrow());
    log = dir.resolve("calls.log");
    config = dir.resolve("home/.enrich/config");
    outputs = dir.resolve("stack-outputs.tsv");
    try (InputStream in = DeployScriptTest.class.getResourceAsStream("/deploy/stack-outputs.tsv")) {
      Files.copy(in, outputs);
    }
  }

  private static Optional<Path> which(String tool) {
    return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
        .map(d -> Path.of(d, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** A stub that records its arguments, then runs {@code body} (POSIX sh). */
  private void stub(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\necho \"" + name + " $*\" >> \"$STUB_LOG\"\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** java, mvn (which leaves a shaded jar as Maven would) and sam. */
  private void buildStubs() throws IOException {
    stub("java", "");
    stub("mvn", "mkdir -p lambda/target && : > lambda/target/enrich-lambda-9.9.9-aws.jar");
    stub("sam", "");
  }

  /** The AWS CLI: an account when credentials work, a version id per secret, the stack's outputs. */
  private void awsStub(boolean credentials, String secretVersion) throws IOException {
    stub("aws", String.join("\n",
        "case \"$1 $2\" in",
        "  'sts get-caller-identity') " + (credentials ? "echo 123456789012"
            : "echo 'Unable to locate credentials' >&2; exit 255") + " ;;",
        "  'secretsmanager list-secret-version-ids') echo \"" + secretVersion + "-$4\" ;;",
        "  'cloudformation describe-stacks') cat \"$OUTPUTS_FIXTURE\" ;;",
        "esac"));
  }

  private Run run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  private Run run(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(repo.resolve("scripts/deploy_lambda.sh").toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.clear(); // no AWS_* variables, no ~/.aws: no credentials of any kind
    env.put("PATH", bin.toString());
    env.put("HOME", dir.resolve("home").toString());
    env.put("STUB_LOG", log.toString());
    env.put("OUTPUTS_FIXTURE", outputs.toString());
    env.put("ENRICH_CONFIG_FILE", config.toString());
    env.putAll(extraEnv);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "deploy_lambda.sh did not finish in 60 s");
    List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
    Files.deleteIfExists(log);
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err), calls);
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void dryRun_printsTheExactCommands_andExits0_withoutSamOrCredentials() throws Exception {
    stub("java", "");
    stub("mvn", "");
    awsStub(false, "v1");

    Run run = run("dev", "us-east-1", "--dry-run");

    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(), run.calls(), "a dry run runs nothing");
    assertTrue(run.err().contains("sam is not installed"), run.toString());
    String query = "\"Versions[?contains(VersionStages, 'AWSCURRENT')].VersionId | [0]\"";
    assertEquals(List.of(
        "cd " + repo,
        "aws sts get-caller-identity --region us-east-1 --query Account --output text",
        "mvn -B -q -pl lambda -am clean package -DskipTests",
        "cp lambda/target/enrich-lambda-VERSION-aws.jar lambda/target/enrich-lambda-aws.jar",
        "aws secretsmanager list-secret-version-ids --secret-id enrich/dev/mongodb-uri --region us-east-1 --query "
            + query + " --output text",
        "aws secretsmanager list-secret-version-ids --secret-id enrich/dev/keepa-api-key --region us-east-1 --query "
            + query + " --output text",
        "# DIGEST: the first 16 hex digits of the SHA-256 of the parameters below and the version ids above",
        "sam build --template-file template.yaml --build-dir .aws-sam/build",
        "sam deploy --template-file .aws-sam/build/template.yaml --stack-name enrich-dev --region us-east-1"
            + " --capabilities CAPABILITY_IAM --resolve-s3 --no-confirm-changeset --no-fail-on-empty-changeset"
            + " --tags project=enrich environment=dev --parameter-overrides Environment=dev"
            + " MongoDbUriSecret=enrich/dev/mongodb-uri KeepaApiKeySecret=enrich/dev/keepa-api-key ConfigRevision=DIGEST",
        "aws cloudformation describe-stacks --stack-name enrich-dev --region us-east-1"
            + " --query \"Stacks[0].Outputs[].[OutputKey,OutputValue]\" --output text",
        "# then: [profile enrich-dev] in " + config + " from those outputs (--profile-from-outputs does only this)"),
        lines(run.out()));
    assertFalse(Files.exists(config), "a dry run writes no profile");
  }

  @Test
  void dryRun_withTheMockProvider_resolvesNoKeepaKey_andQuotesEmptyValuesForSam() throws Exception {
    Run run = run("staging", "eu-west-1", "--dry-run", "--param", "Provider=mock", "--param", "MaxConcurrency=4");

    assertEquals(0, run.exit(), run.toString());
    assertFalse(run.out().contains("keepa-api-key"), run.out());
    assertTrue(run.out().contains("--parameter-overrides Environment=staging MongoDbUriSecret=enrich/staging/mongodb-uri"
        + " 'KeepaApiKeySecret=\"\"' Provider=mock MaxConcurrency=4 ConfigRevision=DIGEST"), run.out());
    for (String tool : List.of("java", "mvn", "sam", "aws")) {
      assertTrue(run.err().contains("note: " + tool + " is not installed"), run.err());
    }
  }

  @Test
  void withoutSam_aRealRunSaysSo_andRunsNothing() throws Exception {
    stub("java", "");
    stub("mvn", "");
    awsStub(true, "v1");

    Run run = run("dev", "us-east-1");

    assertEquals(2, run.exit(), run.toString());
    assertTrue(run.err().contains("sam is not installed or not on PATH: install the AWS SAM CLI"), run.err());
    assertEquals(List.of(), run.calls(), "nothing runs before the prerequisites are there");
  }

  @Test
  void withoutCredentials_aRealRunStopsBeforeTheBuild() throws Exception {
    buildStubs();
    awsStub(false, "v1");

    Run run = run("dev", "us-east-1");

    assertEquals(2, run.exit(), run.toString());
    assertTrue(run.err().contains("no usable AWS credentials for us-east-1"), run.err());
    assertEquals(List.of("aws sts get-caller-identity --region us-east-1 --query Account --output text"), run.calls());
  }

  @Test
  void realRun_buildsDeploysInOrder_andWritesAProfileTheCliResolves() throws Exception {
    buildStubs();
    awsStub(true, "v1");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "[profile other]\nregion = eu-west-1\nqueue = other-queue\n");

    Run run = run("dev", "us-east-1", "--param", "LambdaMemory=2048");

    assertEquals(0, run.exit(), run.toString());
    List<String> calls = run.calls();
    assertEquals(7, calls.size(), run.toString());
    assertTrue(calls.get(0).startsWith("aws sts get-caller-identity"), calls.get(0));
    assertEquals("mvn -B -q -pl lambda -am clean package -DskipTests", calls.get(1));
    assertTrue(calls.get(2).startsWith("aws secretsmanager list-secret-version-ids --secret-id enrich/dev/mongodb-uri"));
    assertTrue(calls.get(3).startsWith("aws secretsmanager list-secret-version-ids --secret-id enrich/dev/keepa-api-key"));
    assertEquals("sam build --template-file template.yaml --build-dir .aws-sam/build", calls.get(4));
    assertTrue(calls.get(5).startsWith("sam deploy --template-file .aws-sam/build/template.yaml --stack-name enrich-dev"
        + " --region us-east-1 --capabilities CAPABILITY_IAM"), calls.get(5));
    assertTrue(calls.get(5).contains("--parameter-overrides Environment=dev MongoDbUriSecret=enrich/dev/mongodb-uri"
        + " KeepaApiKeySecret=enrich/dev/keepa-api-key LambdaMemory=2048 ConfigRevision="), calls.get(5));
    assertTrue(REVISION.matcher(calls.get(5)).find(), calls.get(5));
    assertTrue(calls.get(6).startsWith("aws cloudformation describe-stacks --stack-name enrich-dev --region us-east-1"));
    assertTrue(Files.exists(repo.resolve("lambda/target/enrich-lambda-aws.jar")), "the jar under the name template.yaml uses");

    SettingsResolver resolver = new SettingsResolver(Map.of("ENRICH_CONFIG_FILE", config.toString()), dir);
    Settings settings = resolver.resolve("enrich-dev", Map.of());
    assertEquals("us-east-1", settings.region());
    assertEquals(QUEUE, settings.queue());
    assertEquals("enrich-dev-status", settings.table());
    assertFalse(settings.local(), "against AWS: no endpoints");
    assertEquals("other-queue", resolver.resolve("other", Map.of()).queue(), "other profiles stay as they were");
  }

  @Test
  void configRevision_changesWithAParameterOrASecretVersion_only() throws Exception {
    buildStubs();
    awsStub(true, "v1");
    String first = revision(run("dev", "us-east-1"));
    assertEquals(first, revision(run("dev", "us-east-1")), "the same inputs give the same revision: no new version");
    assertNotEquals(first, revision(run("dev", "us-east-1", "--param", "LambdaTimeout=300")));
    awsStub(true, "v2");
    assertNotEquals(first, revision(run("dev", "us-east-1")), "a changed secret publishes a new version");
  }

  private static String revision(Run run) {
    assertEquals(0, run.exit(), run.toString());
    String deploy = run.calls().stream().filter(c -> c.startsWith("sam deploy")).findFirst().orElseThrow();
    Matcher m = REVISION.matcher(deploy);
    assertTrue(m.find(), deploy);
    return m.group(1);
  }

  @Test
  void profileFromOutputs_replacesItsOwnSection_andLeavesTheRestOfTheFile() throws Exception {
    Files.createDirectories(config.getParent());
    Files.writeString(config, String.join("\n",
        "[default]",
        "region = eu-central-1",
        "",
        "[profile enrich-dev]",
        "# from an earlier deploy",
        "region = us-east-1",
        "queue = old-queue",
        "table = old-table",
        "",
        "[profile other]",
        "; kept",
        "queue = other-queue",
        ""));

    for (int i = 0; i < 2; i++) {
      Run run = run("dev", "us-east-1", "--profile-from-outputs", outputs.toString());
      assertEquals(0, run.exit(), run.toString());
      assertEquals(List.of(), run.calls(), "only the profile: no tool runs");
    }

    String text = Files.readString(config, StandardCharsets.UTF_8);
    assertEquals(1, text.split("\\[profile enrich-dev]", -1).length - 1, text);
    assertFalse(text.contains("old-queue"), text);
    assertTrue(text.contains("[profile other]\n; kept\nqueue = other-queue"), text);
    assertTrue(text.contains("# dead-letter queue: " + QUEUE + "-dlq"), text);
    assertTrue(text.contains("enrich submit --batch-size 20"), text);
    assertTrue(text.contains("only watch (status, list, export, queue stats, dlq peek, doctor): "
        + "arn:aws:iam::123456789012:policy/enrich-dev-ReadOnlyPolicy-1A2B3C4D5E6F"), text);

    SettingsResolver resolver = new SettingsResolver(Map.of("ENRICH_CONFIG_FILE", config.toString()), dir);
    Settings settings = resolver.resolve("enrich-dev", Map.of());
    assertEquals("us-east-1", settings.region());
    assertEquals(QUEUE, settings.queue());
    assertEquals("enrich-dev-status", settings.table());
    assertEquals("other-queue", resolver.resolve("other", Map.of()).queue());
    assertEquals("eu-central-1", resolver.resolve("default", Map.of()).region());
  }

  @Test
  void outputsFixture_hasEveryOutputOfTheTemplate() throws Exception {
    List<String> keys = Files.readAllLines(outputs).stream().map(l -> l.split("\t", 2)[0]).sorted().toList();
    assertEquals(CfnTemplate.load().section("Outputs").keySet().stream().sorted().toList(), keys);
  }

  @Test
  void badArguments_areUsageErrors_thatSayWhatIsWrong() throws Exception {
    Map<List<String>, String> cases = new HashMap<>();
    cases.put(List.of("Qa", "us-east-1"), "must start with a lowercase letter");
    cases.put(List.of("qa_1", "us-east-1"), "only lowercase letters, digits and hyphens");
    cases.put(List.of("e" + "x".repeat(48), "us-east-1"), "at most 48 characters");
    cases.put(List.of("dev"), "expected ENV and REGION");
    cases.put(List.of("dev", "useast1"), "is not an AWS region");
    cases.put(List.of("dev", "us-east-1", "--param", "Provider"), "--param needs Key=Value");
    cases.put(List.of("dev", "us-east-1", "--bogus"), "unknown option --bogus");
    cases.put(List.of("dev", "eu-west-1", "--profile-from-outputs", outputs.toString()), "are from us-east-1, not eu-west-1");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      Run run = run(c.getKey().toArray(String[]::new));
      assertEquals(2, run.exit(), c.getKey() + "\n" + run);
      assertTrue(run.err().contains(c.getValue()), c.getKey() + "\n" + run);
    }
  }
}
