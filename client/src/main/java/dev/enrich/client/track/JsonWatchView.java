package dev.enrich.client.track;

import dev.enrich.contract.output.StatusReport;
import java.io.PrintWriter;
import java.util.function.Function;

/** One JSON document per poll and one at the end (JSON lines), each in the status schema. */
public final class JsonWatchView implements StatusWatch.View {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Function<Object, String> json;

  public JsonWatchView(PrintWriter out, PrintWriter err, Function<Object, String> json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  @Override
  public void show(StatusReport report) {
    out.println(json.apply(report));
    out.flush();
  }

  @Override
  public void problem(String message) {
    err.println("status: " + message);
    err.flush();
  }

  @Override
  public void finish(StatusReport report) {
    show(report);
  }
}
