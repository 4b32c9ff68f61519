package dev.enrich.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes and reads {@link BatchMessage} bodies (snake_case JSON). Thread-safe. */
public final class MessageCodec {
  private static final int SUPPORTED_MAJOR = 1;

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // Newer minor versions may add fields: a reader of the same major ignores them.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public String write(BatchMessage message) {
    try {
      return mapper.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise batch " + message.batchId(), e);
    }
  }

  /** One product as it appears inside a message body, UTF-8. */
  public byte[] productJson(Product product) {
    try {
      return mapper.writeValueAsBytes(product);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise product " + product.sku(), e);
    }
  }

  /**
   * The body {@link #write} gives for {@code envelope} with these products, from products already
   * encoded by {@link #productJson}: a submitter encodes each product once, when it checks it.
   * Products are the message's last field, so the body is the envelope without its closing brace,
   * then the products array.
   */
  public String write(BatchMessage envelope, List<byte[]> productJson) {
    if (!envelope.products().isEmpty()) {
      throw new IllegalArgumentException("the envelope must not carry products of its own");
    }
    String head = write(envelope);
    if (productJson.isEmpty()) {
      return head;
    }
    int size = head.length() + 16;
    for (byte[] p : productJson) {
      size += p.length + 1;
    }
    StringBuilder body = new StringBuilder(size);
    body.append(head, 0, head.length() - 1).append(",\"products\":[");
    for (int i = 0; i < productJson.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(new String(productJson.get(i), StandardCharsets.UTF_8));
    }
    return body.append("]}").toString();
  }

  public BatchMessage read(String body) {
    if (body == null || body.isBlank()) {
      throw new ContractException("message body is empty");
    }
    BatchMessage message;
    try {
      message = mapper.readValue(body, BatchMessage.class);
    } catch (JsonProcessingException e) {
      throw new ContractException(
          "message body is not a batch message: " + e.getOriginalMessage(), e);
    }
    checkVersion(message.schemaVersion());
    require(message.catalogId(), "catalog_id");
    require(message.batchId(), "batch_id");
    for (Product p : message.products()) {
      require(p.sku(), "products[].sku");
    }
    return message;
  }

  static void checkVersion(String version) {
    if (version == null) {
      throw new ContractException("message has no schema_version");
    }
    String major = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
    int parsed;
    try {
      parsed = Integer.parseInt(major);
    } catch (NumberFormatException e) {
      throw new ContractException("schema_version \"" + version + "\" is not a version number");
    }
    if (parsed != SUPPORTED_MAJOR) {
      throw new ContractException(
          "schema_version " + version + " is not supported (this consumer reads major "
              + SUPPORTED_MAJOR + ")");
    }
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ContractException("message has no " + field);
    }
  }
}
