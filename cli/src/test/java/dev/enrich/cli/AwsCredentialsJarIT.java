package dev.enrich.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user without working AWS credentials sees from the real jar, and that the jar carries the
 * SDK modules the credential sources load by class name (a missing one fails only at run time).
 */
class AwsCredentialsJarIT {
  @TempDir Path dir;

  @Test
  void theShadedJar_containsTheStsSsoAndSsoOidcClients() throws IOException {
    try (JarFile jar = new JarFile(JarRun.jar().toFile())) {
      for (String name : List.of(
          "software/amazon/awssdk/services/sts/StsClient.class",
          "software/amazon/awssdk/services/sts/internal/StsProfileCredentialsProviderFactory.class",
          "software/amazon/awssdk/services/sso/SsoClient.class",
          "software/amazon/awssdk/services/sso/auth/SsoProfileCredentialsProviderFactory.class",
          "software/amazon/awssdk/services/ssooidc/SsoOidcClient.class",
          "software/amazon/awssdk/services/ssooidc/SsoOidcProfileTokenProviderFactory.class")) {
        assertNotNull(jar.getEntry(name), name + " in " + JarRun.jar());
      }
    }
  }

  @Test
  void noCredentialsAtAll_atMostTwoLinesOnStderr_exit4() throws IOException {
    Path home = Files.createDirectories(dir.resolve("empty-home"));
    JarRun run = JarRun.run("no-credentials", dir, bareEnvironment(home, "default"), "queue", "stats");
    assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
    List<String> lines = run.err().lines().toList();
    assertTrue(lines.size() <= 2, "at most two lines: " + run);
    assertTrue(lines.get(0).contains("no AWS credentials found (profile default)"), run.toString());
    assertTrue(lines.get(0).contains("aws configure"), run.toString());
    assertTrue(!run.err().contains("ProviderChain") && !run.err().contains("\tat "), "no chain, no trace: " + run);
  }

  @Test
  void anSsoProfileWithoutAValidSession_saysRunAwsSsoLoginForIt() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path aws = Files.createDirectories(home.resolve(".aws"));
    Files.writeString(aws.resolve("config"), String.join("\n",
        "[profile corp-dev]",
        "sso_session = corp",
        "sso_account_id = 123456789012",
        "sso_role_name = Developer",
        "region = eu-west-1",
        "[sso-session corp]",
        "sso_start_url = https://example.awsapps.com/start",
        "sso_region = eu-west-1",
        ""));
    JarRun run = JarRun.run("sso-expired", dir, bareEnvironment(home, "corp-dev"), "queue", "stats");
    assertEquals(ExitCodes.REMOTE, run.exitCode(), run.toString());
    assertEquals(1, run.err().lines().count(), "one line: " + run);
    assertTrue(run.err().contains("run: aws sso login --profile corp-dev"), run.toString());
  }

  /**
   * An environment that names only an AWS profile: no keys, no AWS files but the test's, no instance
   * metadata to wait for. (JarRun starts from the test's environment; these override what matters.)
   */
  private static Map<String, String> bareEnvironment(Path home, String profile) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
    env.put("AWS_PROFILE", profile);
    env.put("AWS_REGION", "eu-west-1");
    env.put("AWS_ACCESS_KEY_ID", "");
    env.put("AWS_SECRET_ACCESS_KEY", "");
    env.put("AWS_SESSION_TOKEN", "");
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", "");
    env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
    env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }
}
