package dev.enrich.cli.catalog;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.cli.EnrichException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Streams the records of a catalog file, one {@link RawRecord} at a time. */
public final class CatalogReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogReader() {}

  public static void read(Path file, CatalogFormat format, Consumer<RawRecord> sink) {
    try {
      switch (format) {
        case CSV -> readCsv(file, sink);
        case JSON -> readJson(file, sink);
        default -> throw new IllegalArgumentException(format.name());
      }
    } catch (NoSuchFileException e) {
      throw EnrichException.invalidInput(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw EnrichException.invalidInput(file + ": not valid UTF-8");
    } catch (UncheckedIOException e) {
      throw EnrichException.invalidInput(file + ": " + rootMessage(e));
    } catch (IOException e) {
      throw EnrichException.invalidInput(file + ": cannot read: " + rootMessage(e));
    }
  }

  private static void readCsv(Path file, Consumer<RawRecord> sink) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder()
        .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(skipBom(in), format)) {
      long lastEnd = 1; // the header line
      for (CSVRecord record : parser) {
        long start = lastEnd + 1;
        lastEnd = parser.getCurrentLineNumber();
        Map<String, String> fields = new LinkedHashMap<>();
        record.toMap().forEach((k, v) -> {
          if (k != null && !k.isBlank()) {
            fields.put(k.trim(), v);
          }
        });
        sink.accept(new RawRecord(start, fields));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw EnrichException.invalidInput(file + ": not a valid CSV catalog: " + e.getMessage());
    }
  }

  private static BufferedReader skipBom(BufferedReader in) throws IOException {
    in.mark(1);
    if (in.read() != '\uFEFF') {
      in.reset();
    }
    return in;
  }

  private static void readJson(Path file, Consumer<RawRecord> sink) throws IOException {
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw EnrichException.invalidInput(file + ": a JSON catalog must be an array of product objects");
      }
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        long line = parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
          throw EnrichException.invalidInput(file + ":" + line + ": expected a product object, found " + token);
        }
        sink.accept(new RawRecord(line, readObject(parser, file)));
      }
    } catch (JsonParseException e) {
      throw EnrichException.invalidInput(
          file + ":" + e.getLocation().getLineNr() + ": invalid JSON: " + e.getOriginalMessage());
    }
  }

  private static Map<String, String> readObject(JsonParser parser, Path file) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value.isScalarValue()) {
        fields.put(name, value == JsonToken.VALUE_NULL ? null : parser.getText());
      } else {
        // Nested values travel as their JSON text; the catalog's flat fields are what we map.
        fields.put(name, JSON.writeValueAsString(parser.readValueAsTree()));
      }
    }
    return fields;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
