package dev.enrich.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.client.EnrichException;
import dev.enrich.client.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file on its own; {@code LocalStackIT} covers recovery with real processes to stop. */
class StateFileTest {
  @TempDir Path dir;

  @Test
  void write_thenRead_roundTripsWithSnakeCaseFields() throws IOException {
    StateFile file = new StateFile(dir.resolve("local-stack.json"));
    StateFile.Entry entry = new StateFile.Entry(11, 12, 9324, 4567, 27018, Instant.parse("2025-01-02T03:04:05Z"));

    file.write(entry);

    assertEquals(Optional.of(entry), file.read());
    JsonNode json = new ObjectMapper().readTree(file.path().toFile());
    assertEquals(11, json.get("owner_pid").asLong());
    assertEquals(12, json.get("dynalite_pid").asLong());
    assertEquals(9324, json.get("sqs_port").asInt());
    assertEquals(4567, json.get("dynamo_port").asInt());
    assertEquals(27018, json.get("mongo_port").asInt());
    assertEquals("2025-01-02T03:04:05Z", json.get("started_at").asText());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file.path()), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void clearLeftover_withoutAFile_doesNothing() {
    List<String> notices = new ArrayList<>();

    new StateFile(dir.resolve("local-stack.json")).clearLeftover(notices::add);

    assertTrue(notices.isEmpty());
  }

  @Test
  void clearLeftover_ofAnUnreadableFile_refusesAndKeepsIt() throws IOException {
    Path path = Files.writeString(dir.resolve("local-stack.json"), "not json");

    EnrichException e = assertThrows(EnrichException.class,
        () -> new StateFile(path).clearLeftover(notice -> { }));

    assertInstanceOf(InvalidInputException.class, e);
    assertTrue(e.getMessage().contains("is not a local stack state file"), e.getMessage());
    assertTrue(Files.exists(path));
  }

  @Test
  void clearLeftover_ofAFileOlderThanItsOwnerPid_treatsThePidAsReused() {
    StateFile file = new StateFile(dir.resolve("local-stack.json"));
    long me = ProcessHandle.current().pid();
    // This JVM started after the file was written: the pid was reused, the stack is gone.
    file.write(new StateFile.Entry(me, me, 1, 2, 3, Instant.parse("2000-01-01T00:00:00Z")));
    List<String> notices = new ArrayList<>();

    file.clearLeftover(notices::add);

    assertEquals(List.of("an earlier local stack (pid " + me + ") ended without stopping; nothing was left running"),
        notices);
    assertFalse(Files.exists(file.path()));
  }
}
