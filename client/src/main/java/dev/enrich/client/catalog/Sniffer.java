package dev.enrich.client.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.client.EnrichException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.util.Optional;

/**
 * Decides a catalog's layout: {@code --format} first, then the extension, then the content. JSON
 * starts with '[' or '{'; NDJSON has a whole object on its first line; anything else is delimited,
 * split by whichever of comma, tab, semicolon or pipe the header line has most of.
 */
final class Sniffer {
  private static final int SAMPLE_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Sniffer() {}

  static Layout layout(CatalogInput input) {
    String sample = sample(input);
    Optional<CatalogFormat> declared = input.format().or(() -> CatalogFormat.ofFileName(input.sourceName()));
    String text = sample.stripLeading();
    if (text.isEmpty() && input.size() <= SAMPLE_BYTES) {
      throw EnrichException.invalidInput(input.displayName() + ": the catalog is empty");
    }
    if (declared.isPresent()) {
      return switch (declared.get()) {
        case TSV -> new Layout(CatalogFormat.TSV, '\t', false);
        case CSV -> new Layout(CatalogFormat.CSV, delimiter(sample), false);
        case NDJSON -> new Layout(CatalogFormat.NDJSON, ',', false);
        case JSON -> text.startsWith("{") && isObjectPerLine(text)
            ? new Layout(CatalogFormat.NDJSON, ',', false)
            : new Layout(CatalogFormat.JSON, ',', text.startsWith("{"));
      };
    }
    if (text.startsWith("[")) {
      return new Layout(CatalogFormat.JSON, ',', false);
    }
    if (text.startsWith("{")) {
      return isObjectPerLine(text) ? new Layout(CatalogFormat.NDJSON, ',', false) : new Layout(CatalogFormat.JSON, ',', true);
    }
    char delimiter = delimiter(sample);
    return new Layout(delimiter == '\t' ? CatalogFormat.TSV : CatalogFormat.CSV, delimiter, false);
  }

  /** True when the first line is one complete JSON object that is not a {@code products} wrapper. */
  private static boolean isObjectPerLine(String text) {
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    try {
      JsonNode node = JSON.readTree(first);
      return node != null && node.isObject() && !node.path("products").isArray();
    } catch (IOException notOneLine) {
      return false;
    }
  }

  /** The candidate separator found most often outside quotes on the header line; comma on a tie. */
  static char delimiter(String sample) {
    int comma = 0;
    int tab = 0;
    int semicolon = 0;
    int pipe = 0;
    boolean quoted = false;
    for (int i = 0; i < sample.length(); i++) {
      char c = sample.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        break;
      } else if (!quoted) {
        switch (c) {
          case ',' -> comma++;
          case '\t' -> tab++;
          case ';' -> semicolon++;
          case '|' -> pipe++;
          default -> { }
        }
      }
    }
    int best = Math.max(Math.max(comma, tab), Math.max(semicolon, pipe));
    if (best == 0 || comma == best) {
      return ',';
    }
    return tab == best ? '\t' : semicolon == best ? ';' : '|';
  }

  /** The start of the file decoded leniently: only its shape matters here; strict decoding comes later. */
  private static String sample(CatalogInput input) {
    byte[] head;
    try (InputStream in = input.openStream()) {
      head = in.readNBytes(SAMPLE_BYTES);
    } catch (IOException e) {
      throw EnrichException.invalidInput(input.displayName() + ": cannot read: " + e.getMessage());
    }
    try {
      String text = input.charset().newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(head)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }
}
