package dev.enrich.client.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enrich.client.EnrichException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Streams the records of a catalog, one {@link RawRecord} at a time, in constant memory, and
 * hashes the bytes it reads so a resumed submit can tell it is the same file.
 */
public final class CatalogReader {
  private CatalogReader() {}

  /** Reads every record into {@code sink}; returns the SHA-256 of the file's bytes, hex. */
  public static String read(CatalogInput input, Layout layout, Limits limits, RecordSink sink) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
    boolean delimited = layout.format() == CatalogFormat.CSV || layout.format() == CatalogFormat.TSV;
    QuoteTracker quotes = delimited ? new QuoteTracker(layout.delimiter(), input.displayName(), limits) : null;
    try (InputStream raw = new DigestInputStream(input.openStream(), sha);
        DecodingReader in = new DecodingReader(raw, input.charset(), input.displayName(), limits.maxRecordChars(),
            quotes)) {
      switch (layout.format()) {
        case CSV, TSV -> readDelimited(input, layout.delimiter(), in, quotes, sink);
        case JSON -> readJson(input, layout.wrapped(), limits, in, sink);
        case NDJSON -> readNdjson(input, limits, in, sink);
        default -> throw new IllegalArgumentException(layout.format().name());
      }
      raw.transferTo(java.io.OutputStream.nullOutputStream()); // hash the tail a parser did not need
    } catch (UncheckedIOException e) {
      throw unreadable(input, e.getCause());
    } catch (IOException e) {
      throw unreadable(input, e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static EnrichException unreadable(CatalogInput input, IOException e) {
    if (e.getCause() instanceof EnrichException enrich) {
      return enrich;
    }
    return EnrichException.invalidInput(input.displayName() + ": cannot read: "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
  }

  private static void readDelimited(CatalogInput input, char delimiter, DecodingReader in, QuoteTracker quotes,
      RecordSink sink) throws IOException {
    // Strict RFC 4180, with the quote tracker to say where damage is: a quote still open at the end
    // of the file stops the read (naming the line it opened on) rather than swallowing the rows after
    // it; text after a closing quote is kept by the parser (trailing data) only so that the tracker can
    // reject that one row, rather than the parser failing the whole file at it.
    CSVFormat format = CSVFormat.RFC4180.builder()
        .setDelimiter(delimiter)
        .setHeader().setSkipHeaderRecord(true)
        .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
        .setAllowMissingColumnNames(true)
        .setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(true)
        .setTrailingData(true)
        .setLenientEof(false)
        .get();
    CSVParser parser;
    try {
      parser = CSVParser.parse(in, format);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw notCsv(input, 1, e);
    }
    List<String> header = new ArrayList<>();
    for (String name : parser.getHeaderNames()) {
      header.add(name == null ? "" : name.trim());
    }
    if (header.stream().allMatch(String::isEmpty)) {
      throw EnrichException.invalidInput(input.displayName() + ":1: the header line names no columns");
    }
    long lastLine = parser.getCurrentLineNumber();
    QuoteTracker.TrailingText inHeader = quotes.trailingTextIn(1, lastLine);
    if (inHeader != null) {
      throw EnrichException.invalidInput(input.displayName() + ":" + inHeader.line()
          + ": text after the closing quote of a column name: " + inHeader.excerpt()
          + " (quote the whole name, and double each \" inside it)");
    }
    sink.header(header);
    in.recordBoundary(lastLine + 1);
    try {
      for (CSVRecord record : parser) {
        long end = parser.getCurrentLineNumber();
        long start = end - lineBreaksIn(record);
        lastLine = end;
        QuoteTracker.TrailingText trailing = quotes.trailingTextIn(start, end);
        if (record.size() > header.size()) {
          sink.record(RawRecord.unreadable(start, "(row)", String.format(Locale.ROOT,
              "%d values but the header has %d columns (an unquoted '%s' in a value?)",
              record.size(), header.size(), delimiter == '\t' ? "\\t" : String.valueOf(delimiter))));
        } else {
          Map<String, String> fields = new LinkedHashMap<>();
          for (int i = 0; i < record.size(); i++) {
            String name = header.get(i);
            if (!name.isEmpty()) {
              fields.putIfAbsent(name, record.get(i));
            }
          }
          sink.record(trailing == null ? new RawRecord(start, fields) : afterClosingQuote(start, header, trailing, fields));
        }
        in.recordBoundary(end + 1);
      }
    } catch (IllegalStateException | UncheckedIOException e) {
      throw notCsv(input, lastLine + 1, e);
    }
  }

  private static RawRecord afterClosingQuote(long start, List<String> header, QuoteTracker.TrailingText trailing,
      Map<String, String> fields) {
    String column = trailing.column() < header.size() && !header.get(trailing.column()).isEmpty()
        ? header.get(trailing.column()) : "(column " + (trailing.column() + 1) + ")";
    String where = trailing.line() == start ? "" : " on line " + trailing.line();
    String reason = "text after the closing quote" + where + ": " + trailing.excerpt()
        + " (quote the whole value, and double each \" inside it)";
    return new RawRecord(start, fields, new Rejection(start, column, reason, fields));
  }

  private static EnrichException notCsv(CatalogInput input, long line, RuntimeException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    if (cause instanceof EnrichException enrich) {
      return enrich;
    }
    if (cause.getCause() instanceof EnrichException enrich) {
      return enrich;
    }
    return EnrichException.invalidInput(input.displayName() + ":" + line + ": not valid CSV: " + cause.getMessage());
  }

  private static int lineBreaksIn(CSVRecord record) {
    int breaks = 0;
    for (String value : record) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '\n' || c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n')) {
          breaks++;
        }
      }
    }
    return breaks;
  }

  private static JsonFactory jsonFactory(Limits limits) {
    return JsonFactory.builder()
        // The reader belongs to read(), which still hashes the bytes after the parser is done.
        .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(limits.maxRecordChars())
            .maxNestingDepth(64)
            .build())
        .build();
  }

  private static void readJson(CatalogInput input, boolean wrapped, Limits limits, DecodingReader in, RecordSink sink)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper(jsonFactory(limits));
    try (JsonParser parser = mapper.createParser(in)) {
      try {
        readJsonRecords(input, wrapped, parser, mapper, in, sink);
      } catch (JsonProcessingException e) {
        // Constraint violations (a string too long, nesting too deep) carry no location of their own.
        long line = e.getLocation() != null ? e.getLocation().getLineNr() : parser.currentLocation().getLineNr();
        throw EnrichException.invalidInput(input.displayName() + ":" + line
            + ": not valid JSON: " + oneLine(e.getOriginalMessage()));
      }
    }
  }

  private static void readJsonRecords(CatalogInput input, boolean wrapped, JsonParser parser, ObjectMapper mapper,
      DecodingReader in, RecordSink sink) throws IOException {
    JsonToken first = parser.nextToken();
    if (wrapped) {
      if (first != JsonToken.START_OBJECT || !seekProducts(parser)) {
        throw EnrichException.invalidInput(input.displayName()
            + ": a JSON object catalog must hold a \"products\" array (or give an array of products)");
      }
    } else if (first != JsonToken.START_ARRAY) {
      throw EnrichException.invalidInput(input.displayName()
          + ":1: a JSON catalog must be an array of product objects, or an object with a \"products\" array");
    }
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw EnrichException.invalidInput(input.displayName() + ": the JSON ends before its products array is closed");
      }
      long line = parser.currentTokenLocation().getLineNr();
      in.recordBoundary(line);
      if (token != JsonToken.START_OBJECT) {
        parser.skipChildren();
        sink.record(RawRecord.unreadable(line, "(record)", "expected a product object, found " + describe(token)));
      } else {
        sink.record(new RawRecord(line, readObject(parser, mapper)));
      }
    }
    if (wrapped) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        parser.nextToken();
        parser.skipChildren();
      }
    }
    // Anything after the catalog (a second array, stray text) would be products silently lost.
    if (parser.nextToken() != null) {
      throw EnrichException.invalidInput(input.displayName() + ":" + parser.currentTokenLocation().getLineNr()
          + ": unexpected content after the products; a catalog is one JSON array or object");
    }
  }

  /** Moves to the start of the top-level {@code products} array, skipping other fields. */
  private static boolean seekProducts(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("products".equals(name) && value == JsonToken.START_ARRAY) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  private static void readNdjson(CatalogInput input, Limits limits, DecodingReader in, RecordSink sink)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper(jsonFactory(limits));
    BufferedReader lines = new BufferedReader(in, 64 * 1024);
    String text;
    long line = 0;
    while ((text = lines.readLine()) != null) {
      line++;
      in.recordBoundary(line + 1);
      if (text.isBlank()) {
        continue;
      }
      try (JsonParser parser = mapper.createParser(text)) {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.START_OBJECT) {
          sink.record(RawRecord.unreadable(line, "(record)", "expected a product object, found " + describe(token)));
          continue;
        }
        Map<String, String> fields = readObject(parser, mapper);
        if (parser.nextToken() != null) {
          sink.record(RawRecord.unreadable(line, "(record)", "more than one JSON value on the line"));
          continue;
        }
        sink.record(new RawRecord(line, fields));
      } catch (JsonProcessingException e) {
        sink.record(RawRecord.unreadable(line, "(record)", "not valid JSON: " + oneLine(e.getOriginalMessage())));
      }
    }
  }

  private static Map<String, String> readObject(JsonParser parser, ObjectMapper mapper) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        fields.putIfAbsent(name, null);
      } else if (value.isScalarValue()) {
        fields.putIfAbsent(name, parser.getText());
      } else {
        // Nested values travel as their JSON text; the catalog's flat fields are what we map.
        fields.putIfAbsent(name, mapper.writeValueAsString(parser.readValueAsTree()));
      }
    }
    return fields;
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  private static String oneLine(String message) {
    String m = message == null ? "" : message.replaceAll("\\[Source:[^\\]]*\\]", "").replace("(start marker at )", "")
        .replaceAll("\\s+", " ").trim();
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
