package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import dev.enrich.local.LocalStackConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStackConfigTest {
  private final Path dir = Path.of("data");

  @Test
  void defaults_matchTheLocalProfile() {
    LocalStackConfig c = LocalStackConfig.defaults(dir);

    assertEquals("127.0.0.1", c.host());
    assertEquals(9324, c.sqsPort());
    assertEquals(4567, c.dynamoPort());
    assertEquals(27018, c.mongoPort());
    assertFalse(c.ephemeral());
    assertEquals("us-east-1", c.region());
    assertEquals("enrich-batches", c.queueName());
    assertEquals("enrich-batches-dlq", c.dlqName());
    assertEquals(5, c.maxReceiveCount());
    assertEquals(60, c.visibilityTimeoutSeconds());
    assertEquals("enrich-status", c.tableName());
    assertEquals("enrich", c.mongoDatabase());
    assertEquals(dir.resolve("local-stack.json"), c.stateFile());
    assertEquals(dir.resolve("mongo.mv.db"), c.mongoFile());
    assertEquals(dir.resolve("dynamodb"), c.dynamoDir());
  }

  @Test
  void with_changesOnlyItsOwnFields() {
    LocalStackConfig c = LocalStackConfig.defaults(dir).withPorts(0, 1, 2).withEphemeral(true).withMaxReceiveCount(9);

    assertEquals(LocalStackConfig.defaults(dir), c.withPorts(9324, 4567, 27018).withEphemeral(false).withMaxReceiveCount(5));
    assertEquals(0, c.sqsPort());
    assertEquals(1, c.dynamoPort());
    assertEquals(2, c.mongoPort());
    assertTrue(c.ephemeral());
    assertEquals(9, c.maxReceiveCount());
  }

  @Test
  void outOfRangeValues_areUsageErrorsNamingTheOption() {
    EnrichException port = assertThrows(EnrichException.class,
        () -> LocalStackConfig.defaults(dir).withPorts(0, 70_000, 0));
    EnrichException count = assertThrows(EnrichException.class,
        () -> LocalStackConfig.defaults(dir).withMaxReceiveCount(0));

    assertInstanceOf(InvalidInputException.class, port);
    assertTrue(port.getMessage().startsWith("--dynamodb-port must be between 0"), port.getMessage());
    assertInstanceOf(InvalidInputException.class, count);
    assertTrue(count.getMessage().startsWith("max receive count must be between 1 and 1000"), count.getMessage());
  }
}
