package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enrich.client.track.StatusReader;
import dev.enrich.lambda.ConsumerWiring;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar that goes to Lambda, run alone in a fresh JVM on a fixture against a local stack, wired
 * only from environment variables as on Lambda. A class left out of the shaded jar fails here
 * rather than in production.
 */
class ShadedJarIT {
  @RegisterExtension
  static final StackExtension stack = new StackExtension();

  @TempDir Path dir;

  @Test
  void theLambdaJar_enrichesAFixture_withNothingButItsOwnClasses() throws Exception {
    LambdaJar.registerDuplicateDeliveryCatalog(stack.fixture());

    LambdaJar.Run run = LambdaJar.run(LambdaJar.duplicateDeliveryEvent(), Map.of(
        ConsumerWiring.ENV_TABLE, stack.fixture().stack.config().tableName(),
        ConsumerWiring.ENV_MONGODB_URI, stack.fixture().stack.mongoUri(),
        ConsumerWiring.ENV_MONGO_DATABASE, stack.fixture().stack.config().mongoDatabase(),
        ConsumerWiring.ENV_PROVIDER, "mock",
        ConsumerWiring.ENV_DYNAMODB_ENDPOINT, stack.fixture().stack.dynamoEndpoint().toString(),
        ConsumerWiring.ENV_SQS_ENDPOINT, stack.fixture().stack.sqsEndpoint().toString(),
        "AWS_REGION", stack.fixture().stack.config().region()), dir);
    String log = run.log();
    String response = run.response();

    assertEquals(0, run.exit(), log);
    assertEquals("{\"batchItemFailures\":[]}", response, log);
    assertEquals(1, log.split("\"outcome\":\"COMPLETED\"", -1).length - 1, log);
    assertEquals(2, log.split("\"outcome\":\"DUPLICATE\"", -1).length - 1, log);
    assertEquals(4, stack.fixture().mongoCount("fixture-duplicates"));
    assertEquals(4, new StatusReader(stack.fixture().stack.dynamoClient(), stack.fixture().stack.config().tableName())
        .read("fixture-duplicates").productsDone());
  }
}
