package dev.enrich.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private final MessageCodec codec = new MessageCodec();

  private static BatchMessage sample() {
    Product p = new Product("SKU-1", "B000000001", "036000291452", null, null, "Pan, 10\"", "Acme", "24.99", 2,
        Map.of("color", "red"));
    return BatchMessage.of("cat-1", StatusTable.batchId(1), "u1", Instant.parse("2026-11-29T10:00:00Z"),
        Map.of("keepa_domain", "1"), List.of(p));
  }

  @Test
  void roundTrip_keepsEveryField() {
    BatchMessage message = sample();
    assertEquals(message, codec.read(codec.write(message)));
  }

  @Test
  void write_fromPreEncodedProducts_isByteForByteTheSameBody() {
    Product other = new Product("SKU-2", null, null, "4006381333931", null, "Café \"crème\"", null, null, 3, Map.of());
    for (Map<String, String> options : List.of(Map.<String, String>of(), Map.of("keepa_domain", "3"))) {
      BatchMessage full = BatchMessage.of("cat-1", StatusTable.batchId(7), "u1",
          Instant.parse("2026-11-29T10:00:00.123456789Z"), options, List.of(sample().products().get(0), other));
      BatchMessage envelope = BatchMessage.of(full.catalogId(), full.batchId(), full.userId(), full.submittedAt(),
          options, List.of());
      String assembled = codec.write(envelope, full.products().stream().map(codec::productJson).toList());
      assertEquals(codec.write(full), assembled);
      assertEquals(full, codec.read(assembled));
    }
  }

  @Test
  void write_usesSnakeCaseAndDecimalStringPrice() {
    String body = codec.write(sample());
    assertTrue(body.contains("\"schema_version\":\"1.0\""), body);
    assertTrue(body.contains("\"catalog_id\":\"cat-1\""), body);
    assertTrue(body.contains("\"price\":\"24.99\""), body);
    assertTrue(body.contains("\"submitted_at\":\"2026-11-29T10:00:00Z\""), body);
  }

  @Test
  void read_acceptsNewerMinorWithUnknownFields() {
    String body = codec.write(sample()).replace("\"schema_version\":\"1.0\"", "\"schema_version\":\"1.7\",\"future\":{\"x\":1}");
    assertEquals("cat-1", codec.read(body).catalogId());
  }

  @Test
  void read_rejectsUnknownMajorVersion() {
    String body = codec.write(sample()).replace("\"schema_version\":\"1.0\"", "\"schema_version\":\"2.0\"");
    ContractException e = assertThrows(ContractException.class, () -> codec.read(body));
    assertTrue(e.getMessage().contains("2.0 is not supported"), e.getMessage());
  }

  @Test
  void read_rejectsMalformedAndIncompleteBodies() {
    assertThrows(ContractException.class, () -> codec.read("{not json"));
    assertThrows(ContractException.class, () -> codec.read(""));
    assertThrows(ContractException.class, () -> codec.read("{\"schema_version\":\"1.0\",\"batch_id\":\"B#000001\"}"));
    assertThrows(ContractException.class, () -> codec.read("{\"catalog_id\":\"c\",\"batch_id\":\"B#000001\"}"));
    ContractException noSku = assertThrows(ContractException.class, () -> codec.read(
        "{\"schema_version\":\"1.0\",\"catalog_id\":\"c\",\"batch_id\":\"B#000001\",\"products\":[{\"asin\":\"B000000001\"}]}"));
    assertTrue(noSku.getMessage().contains("sku"), noSku.getMessage());
  }
}
