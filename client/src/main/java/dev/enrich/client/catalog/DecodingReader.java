package dev.enrich.client.catalog;

import dev.enrich.client.EnrichException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Locale;

/**
 * Decodes a catalog's bytes strictly: an invalid byte sequence is an error naming the line it is on,
 * never a replacement character. It also skips a UTF-8 byte order mark and refuses a record that
 * grows past the record limit, so a runaway value is an error rather than an OutOfMemoryError. In a
 * delimited catalog it shows every character to a {@link QuoteTracker}, which reports a quote that
 * never closes by the line it opened on.
 */
final class DecodingReader extends Reader {
  /** How far past the limit the parser may read ahead in its own buffer before we call it runaway. */
  private static final int READ_AHEAD = 64 * 1024;

  private final InputStream in;
  private final CharsetDecoder decoder;
  private final String source;
  private final long maxRecordChars;
  private final QuoteTracker quotes;
  private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
  private final CharBuffer chars = CharBuffer.allocate(64 * 1024).flip();
  private boolean eof;
  private boolean started;
  private boolean lastWasCr;
  private boolean flushed;
  private long decodedLine = 1;
  private long bytesRead;
  private long delivered;
  private long recordStart;
  private long recordStartLine = 1;

  /** {@code quotes} follows the quoting of a delimited catalog; null for JSON. */
  DecodingReader(InputStream in, Charset charset, String source, long maxRecordChars, QuoteTracker quotes) {
    this.in = in;
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.source = source;
    this.maxRecordChars = maxRecordChars;
    this.quotes = quotes;
  }

  /** The parser finished a record that started on {@code line}; the next one starts here. */
  void recordBoundary(long nextRecordLine) {
    recordStart = delivered;
    recordStartLine = nextRecordLine;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!chars.hasRemaining() && !fill()) {
      if (quotes != null) {
        quotes.end();
      }
      return -1;
    }
    int n = Math.min(len, chars.remaining());
    chars.get(buf, off, n);
    if (quotes != null) {
      quotes.accept(buf, off, n);
    }
    delivered += n;
    if (delivered - recordStart > maxRecordChars + READ_AHEAD) {
      throw EnrichException.invalidInput(String.format(Locale.ROOT,
          "%s:%d: record is longer than %,d characters (an unclosed quote, or a cell far too large)",
          source, recordStartLine, maxRecordChars));
    }
    return n;
  }

  private boolean fill() throws IOException {
    if (flushed) {
      return false; // readers ask again after the end; a flushed decoder must not decode again
    }
    chars.clear();
    try {
      while (chars.position() == 0) {
        if (!bytes.hasRemaining() && !eof) {
          readBytes();
        }
        int before = chars.position();
        CoderResult result = decoder.decode(bytes, chars, eof);
        countLines(before);
        if (result.isError()) {
          throw invalid(result);
        }
        if (result.isUnderflow()) {
          if (eof) {
            CoderResult tail = decoder.flush(chars);
            if (tail.isError()) {
              throw invalid(tail);
            }
            flushed = true;
            break;
          }
          readBytes();
        }
      }
    } finally {
      chars.flip();
    }
    if (!started && chars.hasRemaining()) {
      started = true;
      if (chars.get(chars.position()) == '\uFEFF') {
        chars.get();
      }
    }
    return chars.hasRemaining() || !flushed && fill();
  }

  private void readBytes() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
      bytesRead += n;
    }
    bytes.flip();
  }

  /** Counts line breaks as CSV readers do: CRLF, LF, and a lone CR (old Mac exports). */
  private void countLines(int from) {
    for (int i = from; i < chars.position(); i++) {
      char c = chars.get(i);
      if (c == '\n' && !lastWasCr || c == '\r') {
        decodedLine++;
      }
      lastWasCr = c == '\r';
    }
  }

  private EnrichException invalid(CoderResult result) {
    long offset = bytesRead - bytes.remaining();
    int b = bytes.hasRemaining() ? bytes.get(bytes.position()) & 0xff : -1;
    String charset = decoder.charset().name();
    String what = result.isMalformed() ? "not valid " + charset : "a character " + charset + " cannot map";
    return EnrichException.invalidInput(String.format(Locale.ROOT,
        "%s:%d: %s (byte 0x%02X at offset %,d); if the file is in another encoding, pass --encoding (e.g. --encoding windows-1252)",
        source, decodedLine, what, b, offset));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
