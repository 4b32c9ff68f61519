package dev.enrich.client.catalog;

import dev.enrich.client.EnrichException;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Follows the quoting of a delimited catalog as its text streams past, by the rules the CSV parser
 * reads it with (RFC 4180: a value is quoted when its first character, after spaces, is {@code "};
 * {@code ""} inside stands for one quote; spaces before the quote are skipped), to report the two
 * kinds of damage the parser cannot place:
 *
 * <ul>
 *   <li>a quote that opens and never closes: the parser would read the rest of the file as one
 *       value, so the whole read stops with an error naming the line the quote opened on, at the end
 *       of the file or as soon as the value grows past {@link Limits#maxQuotedLines()} lines or
 *       {@link Limits#maxQuotedChars()} characters;
 *   <li>text after a closing quote ({@code "bad"x,}): the parser glues it onto the value; the row it
 *       is in is looked up with {@link #trailingTextIn} and rejected.
 * </ul>
 *
 * <p>It sees each character once and keeps a few counters, so it costs no memory per record.
 */
final class QuoteTracker {
  private static final int EXCERPT_CHARS = 24;

  private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_CLOSE, TRAILING }

  /** Text found after a closing quote: on {@code line}, in the 0-based {@code column} of its row. */
  record TrailingText(long line, int column, StringBuilder excerpt) {}

  private final char delimiter;
  private final String source;
  private final Limits limits;
  private final ArrayDeque<TrailingText> trailing = new ArrayDeque<>();
  private State state = State.FIELD_START;
  private long line = 1;
  private boolean lastWasCr;
  private int column;
  private long openLine;
  private long openChars;
  private int spacesAfterClose;
  private final StringBuilder quotedHead = new StringBuilder(EXCERPT_CHARS);
  private TrailingText current;

  QuoteTracker(char delimiter, String source, Limits limits) {
    this.delimiter = delimiter;
    this.source = source;
    this.limits = limits;
  }

  /** Follows {@code len} more characters of the text, in order. */
  void accept(char[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      boolean lineBreak = c == '\r' || c == '\n';
      switch (state) {
        case FIELD_START -> fieldStart(c, lineBreak);
        case UNQUOTED -> {
          if (c == delimiter || lineBreak) {
            endField(lineBreak);
          }
        }
        case QUOTED -> quoted(c);
        case QUOTE_IN_QUOTED -> {
          if (c == '"') {
            state = State.QUOTED; // "" is one quote in the value
            appendHead('"');
            appendHead('"');
          } else {
            spacesAfterClose = 0;
            afterClose(c, lineBreak); // the quote before this one closed the value
          }
        }
        case AFTER_CLOSE -> afterClose(c, lineBreak);
        case TRAILING -> {
          if (c == delimiter || lineBreak) {
            current = null;
            endField(lineBreak);
          } else if (current.excerpt().length() < 2 * EXCERPT_CHARS) {
            current.excerpt().append(c);
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
      countLine(c);
    }
  }

  /** The text has ended: a value still open now was never closed. */
  void end() {
    if (state == State.QUOTED) {
      throw EnrichException.invalidInput(String.format(Locale.ROOT,
          "%s:%d: a quoted value opened on line %d is never closed (a missing \" ?)", source, openLine, openLine));
    }
  }

  /**
   * The first text after a closing quote on lines {@code firstLine} to {@code lastLine} (one row, as
   * the parser read it), or null; what lies before {@code lastLine} is forgotten, since the parser
   * has moved past it.
   */
  TrailingText trailingTextIn(long firstLine, long lastLine) {
    TrailingText found = null;
    while (!trailing.isEmpty() && trailing.peekFirst().line() <= lastLine) {
      TrailingText t = trailing.pollFirst();
      if (found == null && t.line() >= firstLine) {
        found = t;
      }
    }
    return found;
  }

  private void fieldStart(char c, boolean lineBreak) {
    if (c == '"') {
      state = State.QUOTED;
      openLine = line;
      openChars = 0;
      quotedHead.setLength(0);
    } else if (c == delimiter || lineBreak) {
      endField(lineBreak);
    } else if (!Character.isWhitespace(c)) {
      state = State.UNQUOTED; // a quote later in an unquoted value is an ordinary character
    }
  }

  private void quoted(char c) {
    if (c == '"') {
      state = State.QUOTE_IN_QUOTED;
      return;
    }
    appendHead(c);
    if (++openChars > limits.maxQuotedChars()) {
      throw stillOpen(String.format(Locale.ROOT, "%,d characters", limits.maxQuotedChars()));
    }
    // The line is counted after this character: a break here starts the next line of the value.
    if (line - openLine + 1 >= limits.maxQuotedLines() && isBreak(c)) {
      throw stillOpen(String.format(Locale.ROOT, "%,d lines", limits.maxQuotedLines()));
    }
  }

  private boolean isBreak(char c) {
    return c == '\r' || c == '\n' && !lastWasCr;
  }

  private void afterClose(char c, boolean lineBreak) {
    if (c == delimiter || lineBreak) {
      endField(lineBreak);
    } else if (Character.isWhitespace(c)) {
      state = State.AFTER_CLOSE;
      spacesAfterClose++;
    } else {
      StringBuilder excerpt = new StringBuilder(3 * EXCERPT_CHARS).append('"').append(quotedHead);
      if (openChars > quotedHead.length()) {
        excerpt.append("...");
      }
      excerpt.append('"').append(" ".repeat(Math.min(spacesAfterClose, 3))).append(c);
      current = new TrailingText(line, column, excerpt);
      trailing.addLast(current);
      state = State.TRAILING;
    }
  }

  private void endField(boolean lineBreak) {
    state = State.FIELD_START;
    column = lineBreak ? 0 : column + 1;
  }

  private void appendHead(char c) {
    if (quotedHead.length() < EXCERPT_CHARS) {
      quotedHead.append(c == '\n' || c == '\r' ? ' ' : c);
    }
  }

  /** Counts line breaks as the CSV parser does: CRLF, LF, and a lone CR. */
  private void countLine(char c) {
    if (isBreak(c)) {
      line++;
    }
    lastWasCr = c == '\r';
  }

  private EnrichException stillOpen(String limit) {
    return EnrichException.invalidInput(String.format(Locale.ROOT,
        "%s:%d: a quoted value opened on line %d is not closed within %s (a missing \" ?)",
        source, openLine, openLine, limit));
  }
}
