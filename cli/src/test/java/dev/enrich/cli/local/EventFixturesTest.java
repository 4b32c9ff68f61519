package dev.enrich.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.ContractException;
import dev.enrich.contract.MessageAttributeNames;
import dev.enrich.contract.MessageCodec;
import dev.enrich.lambda.sqs.SqsEventJson;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed fixtures stay true to the contract: real MD5s, decodable bodies, matching attributes. */
class EventFixturesTest {
  private static final Path EVENTS = Path.of(System.getProperty("enrich.home", "..")).resolve("events");
  /** Fixtures whose bodies are meant not to decode. */
  private static final Set<String> BROKEN_ON_PURPOSE = Set.of("malformed-body.json", "unknown-version.json");

  private static List<Path> fixtures() throws Exception {
    try (Stream<Path> files = Files.list(EVENTS)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static SQSEvent read(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return SqsEventJson.read(in);
    }
  }

  @Test
  void everyFixture_isAnSqsEvent_withTrueMd5s_andAttributesThatRepeatTheBody() throws Exception {
    List<Path> files = fixtures();
    assertTrue(files.size() >= 5, files.toString());
    MessageCodec codec = new MessageCodec();
    int decoded = 0;
    for (Path file : files) {
      SQSEvent event = read(file);
      assertFalse(event.getRecords().isEmpty(), file.toString());
      for (SQSEvent.SQSMessage r : event.getRecords()) {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
            .digest(r.getBody().getBytes(StandardCharsets.UTF_8)));
        assertEquals(md5, r.getMd5OfBody(), file + " " + r.getMessageId());
        assertEquals("aws:sqs", r.getEventSource());
        assertTrue(r.getEventSourceArn().startsWith("arn:aws:sqs:"), r.getEventSourceArn());
        if (BROKEN_ON_PURPOSE.contains(file.getFileName().toString())
            && (r.getMessageAttributes().isEmpty() || !r.getBody().contains("\"schema_version\":\"1.0\""))) {
          assertThrows(ContractException.class, () -> codec.read(r.getBody()), file.toString());
          continue;
        }
        BatchMessage message = codec.read(r.getBody());
        decoded++;
        assertEquals(message.catalogId(), r.getMessageAttributes().get(MessageAttributeNames.CATALOG_ID).getStringValue());
        assertEquals(message.batchId(), r.getMessageAttributes().get(MessageAttributeNames.BATCH_ID).getStringValue());
        assertEquals(r.getBody(), codec.write(message), "the body is what the encoder writes: " + file);
      }
    }
    assertTrue(decoded >= 7, "the valid fixtures decoded: " + decoded);
  }
}
