package dev.enrich.client.s3;

import static dev.enrich.cli.Samples.sample;
import static dev.enrich.cli.Samples.skus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.Await;
import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.chaos.CatalogOutcome;
import dev.enrich.cli.local.MotoS3;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.client.CatalogSource;
import dev.enrich.client.EnrichClient;
import dev.enrich.client.NotFoundException;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.SubmitResult;
import dev.enrich.client.submit.Submitter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code enrich submit s3://...} and {@code validate s3://...} against moto_server's S3, the local
 * stack and the real handler: an object reads as the same file on disk would (format, content
 * hash, derived id), its catalog completes exactly, a re-run resumes, and a missing object or
 * bucket is one line naming it, exit 3.
 */
class S3SubmitIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "seller-uploads";
  @RegisterExtension
  static final StackExtension stack = new StackExtension();
  private static MotoS3 s3;
  private static LocalWorker worker;

  @BeforeAll
  static void start() throws Exception {
    s3 = MotoS3.start();
    s3.createBucket(BUCKET);
    s3.put(BUCKET, "2026/kitchen-12.csv", Files.readAllBytes(sample("kitchen-12.csv")));
    // No extension: the format comes from the content, as for a file.
    s3.put(BUCKET, "drop/outdoor-80", Files.readAllBytes(sample("outdoor-80.json")));
    worker = stack.fixture().worker(4);
    worker.start();
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
    s3.close();
  }

  private static CliRun cli(String... head) {
    List<String> args = new ArrayList<>(Arrays.asList(stack.args(head)));
    args.add("--s3-endpoint");
    args.add(s3.endpoint().toString());
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void submit_fromS3_completesExactly_asTheSameFileWould_andAReRunResumes() throws Exception {
    CliRun local = CliRun.of("validate", sample("kitchen-12.csv").toString(), "-o", "json");
    CliRun remote = cli("validate", "s3://" + BUCKET + "/2026/kitchen-12.csv", "-o", "json");
    assertEquals(ExitCodes.OK, remote.exitCode(), remote.toString());
    JsonNode fromS3 = JSON.readTree(remote.out());
    JsonNode fromFile = JSON.readTree(local.out());
    assertEquals(fromFile.get("content_hash"), fromS3.get("content_hash"), "the hash is of the object's bytes");
    assertEquals(fromFile.get("products"), fromS3.get("products"));
    assertEquals("s3://" + BUCKET + "/2026/kitchen-12.csv", fromS3.get("file").asText());

    CliRun submit = cli("submit", "s3://" + BUCKET + "/2026/kitchen-12.csv", "-o", "json");
    assertEquals(ExitCodes.OK, submit.exitCode(), submit.toString());
    JsonNode sent = JSON.readTree(submit.out());
    String catalogId = sent.get("catalog_id").asText();
    assertEquals(Submitter.deriveCatalogId("kitchen-12.csv", fromFile.get("content_hash").asText()), catalogId,
        "the id a file of the same name and content gets");
    assertEquals(12, sent.get("products").asLong());

    Await.catalogTerminal(stack.fixture(), catalogId, Duration.ofSeconds(120));
    CatalogOutcome.assertExact(stack.fixture(), catalogId, skus("kitchen-12.csv"));

    CliRun again = cli("submit", "s3://" + BUCKET + "/2026/kitchen-12.csv", "-o", "json");
    assertEquals(ExitCodes.OK, again.exitCode(), again.toString());
    JsonNode resumed = JSON.readTree(again.out());
    assertEquals(catalogId, resumed.get("catalog_id").asText());
    assertEquals(0, resumed.get("sent").asInt(), "every batch was already queued: " + again);
    assertTrue(resumed.get("resumed").asBoolean(), again.toString());
  }

  /** A service submits an S3 object through the client library, as the command does. */
  @Test
  void theClientLibrary_submitsAnS3Object_likeTheCommand() throws Exception {
    try (EnrichClient client = EnrichClient.builder().settings(stack.fixture().settings()).build();
        S3Client s3Client = s3.client()) {
      SubmitResult result = client.submit(SubmitRequest.defaults("seller-s3").withCatalogId("from-s3-library"),
          CatalogSource.s3(s3Client, "s3://" + BUCKET + "/drop/outdoor-80"));
      assertEquals(80, result.products());
      Await.catalogTerminal(stack.fixture(), "from-s3-library", Duration.ofSeconds(120));
      CatalogOutcome.assertExact(stack.fixture(), "from-s3-library", skus("outdoor-80.json"));
      NotFoundException missing = assertThrows(NotFoundException.class, () -> client.submit(
          SubmitRequest.defaults("seller-s3"), CatalogSource.s3(s3Client, "s3://" + BUCKET + "/drop/none.csv")));
      assertEquals("s3://" + BUCKET + "/drop/none.csv: no such object", missing.getMessage());
    }
  }

  @Test
  void validate_keyWithoutExtension_takesTheFormatFromTheContent() throws Exception {
    CliRun run = cli("validate", "s3://" + BUCKET + "/drop/outdoor-80", "-o", "json");
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode validated = JSON.readTree(run.out());
    assertEquals(80, validated.get("products").asLong(), run.toString());
    assertTrue(validated.get("format").asText().toLowerCase(java.util.Locale.ROOT).contains("json"), run.toString());
  }

  @Test
  void missingObject_orBucket_isOneLineNamingIt_exit3() {
    CliRun key = cli("submit", "s3://" + BUCKET + "/2026/missing.csv");
    assertEquals(ExitCodes.NOT_FOUND, key.exitCode(), key.toString());
    assertEquals("enrich: s3://" + BUCKET + "/2026/missing.csv: no such object\n", key.err());
    assertEquals("", key.out());

    CliRun bucket = cli("validate", "s3://no-such-bucket-here/kitchen.csv");
    assertEquals(ExitCodes.NOT_FOUND, bucket.exitCode(), bucket.toString());
    assertTrue(bucket.err().startsWith("enrich: s3://no-such-bucket-here/kitchen.csv: "), bucket.err());
    assertEquals(1, bucket.err().lines().count(), bucket.err());
  }

  @Test
  void objectOverTheSizeLimit_isRefusedByItsSize_beforeItIsRead() {
    CliRun run = cli("validate", "s3://" + BUCKET + "/2026/kitchen-12.csv", "--max-catalog-size", "1K");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("enrich: s3://" + BUCKET + "/2026/kitchen-12.csv: "), run.err());
    assertTrue(run.err().contains("is over the catalog size limit of 1KiB"), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }
}
