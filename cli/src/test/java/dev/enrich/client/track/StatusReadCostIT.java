package dev.enrich.client.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.cli.CliRun;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.JsonSchemas;
import dev.enrich.cli.local.StackExtension;
import dev.enrich.cli.local.StackFixture;
import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.StatusTable;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The status of a 10,000-batch catalog costs one request that reads the catalog item and its
 * shards, never the batch items, however many there are.
 */
@Tag(StackFixture.AWS_API)
class StatusReadCostIT {
  private static final int BATCHES = 10_000;
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  @BeforeAll
  static void start() throws Exception {
    LargeCatalog.create(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName(), "big",
        new LargeCatalog.Shape(BATCHES, 20, 6_000, 10, 3));
  }

  /** Counts requests and the items they returned. */
  private static final class Counter implements ExecutionInterceptor {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger items = new AtomicInteger();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      requests.incrementAndGet();
      if (context.response() instanceof QueryResponse q) {
        items.addAndGet(q.count());
      }
    }
  }

  @Test
  void statusOfTenThousandBatches_isOneRequest_overTheShardsOnly() {
    Counter counter = new Counter();
    try (DynamoDbClient counted = DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(stack.fixture().stack.dynamoEndpoint())
        .region(Region.of(stack.fixture().stack.config().region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
        .build()) {
      CatalogStatus status = new StatusReader(counted, stack.fixture().stack.config().tableName()).read("big");
      assertEquals(1, counter.requests.get(), "one Query");
      assertEquals(1 + StatusTable.shardCountFor(BATCHES), counter.items.get(), "the catalog item and the shards");
      assertEquals(new BatchCounts(BATCHES - 6_013, 10, 6_000, 3, 0), status.batches());
      assertEquals(120_000, status.productsDone());
      assertEquals(CatalogState.IN_PROGRESS, status.state());
    }
  }

  @Test
  void theCommand_printsTheSameCounts_inItsSchema() {
    CliRun run = CliRun.of(stack.args("status", "big", "--output", "json"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    var json = JsonSchemas.assertMatches("status", run.out());
    assertEquals(3, json.get("batches").get("failing").asInt());
    assertEquals(60.0, json.get("percent_done").asDouble());
    assertTrue(json.get("eta_seconds").asLong() > 0, run.out());
  }
}
