package dev.enrich.cli;

import dev.enrich.client.track.StatusText;
import dev.enrich.client.track.StatusWatch;
import dev.enrich.contract.output.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * A status block redrawn in place on a terminal (jline's {@link Display} rewrites only the cells
 * that changed): state, a bar, counts, batches, rate and ETA. Colour unless {@code NO_COLOR}.
 */
public final class TerminalWatchView implements StatusWatch.View {
  private static final int BAR_WIDTH = 30;

  private final Terminal terminal;
  private final Display display;
  private final boolean color;
  private String problem;
  private StatusReport last;

  public TerminalWatchView(Terminal terminal, boolean color) {
    this.terminal = terminal;
    this.color = color;
    this.display = new Display(terminal, false);
    Size size = terminal.getSize();
    display.resize(Math.max(1, size.getRows()), size.getColumns() > 0 ? size.getColumns() : 100);
    terminal.puts(Capability.cursor_invisible);
  }

  @Override
  public void show(StatusReport r) {
    problem = null;
    last = r;
    draw(block(r));
  }

  @Override
  public void problem(String message) {
    problem = message;
    if (last != null) {
      draw(block(last));
    }
  }

  @Override
  public void finish(StatusReport r) {
    draw(block(r));
    close();
    terminal.writer().println();
    terminal.writer().print(StatusText.render(r));
    terminal.flush();
  }

  /** Leaves the terminal as it was: cursor visible, below the block. */
  public void close() {
    terminal.puts(Capability.cursor_visible);
    terminal.flush();
  }

  private void draw(List<AttributedString> lines) {
    Size size = terminal.getSize();
    if (size.getColumns() > 0) {
      display.resize(Math.max(lines.size(), size.getRows()), size.getColumns());
    }
    display.update(lines, -1);
    terminal.flush();
  }

  List<AttributedString> block(StatusReport r) {
    List<AttributedString> lines = new ArrayList<>();
    AttributedStringBuilder head = new AttributedStringBuilder();
    head.append(r.catalogId()).append("  ");
    head.style(stateStyle(r)).append(r.state().name()).style(AttributedStyle.DEFAULT);
    lines.add(head.toAttributedString());

    int filled = (int) Math.round(BAR_WIDTH * Math.min(100.0, r.percentDone()) / 100.0);
    AttributedStringBuilder bar = new AttributedStringBuilder().append("[");
    bar.style(color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN) : AttributedStyle.DEFAULT)
        .append("#".repeat(filled)).style(AttributedStyle.DEFAULT).append(".".repeat(BAR_WIDTH - filled));
    bar.append(String.format(Locale.ROOT, "] %5.1f%%  %,d / %,d products", r.percentDone(), r.productsDone(),
        r.totalProducts()));
    lines.add(bar.toAttributedString());
    lines.add(new AttributedString(String.format(Locale.ROOT, "succeeded %,d  failed %,d", r.succeeded(), r.failed())));
    lines.add(new AttributedString("batches " + StatusText.batches(r)));
    String rate = StatusText.rate(r);
    lines.add(new AttributedString((rate.isEmpty() ? "waiting for the first batch" : rate)
        + "  (" + StatusText.duration(r.elapsedSeconds()) + " elapsed)"));
    if (problem != null) {
      lines.add(new AttributedStringBuilder().style(color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)
          : AttributedStyle.DEFAULT).append(problem).toAttributedString());
    }
    return lines;
  }

  private AttributedStyle stateStyle(StatusReport r) {
    if (!color) {
      return AttributedStyle.BOLD;
    }
    return switch (r.state()) {
      case COMPLETED -> AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
      case COMPLETED_WITH_FAILURES, CANCELLED -> AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
      case FAILED -> AttributedStyle.BOLD.foreground(AttributedStyle.RED);
      default -> r.batches().failing() > 0 ? AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW)
          : AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
    };
  }
}
