package dev.enrich.local;

import dev.enrich.client.InvalidInputException;
import java.net.BindException;

/** A local server could not bind its port: say which, and how to get out of the way. */
final class PortInUseException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  PortInUseException(String server, int port, String option, Throwable cause) {
    super(
        "port " + port + " (" + server + ") is already in use: another 'enrich local up' may be running;"
            + " stop it, or choose another port with " + option + " (0 picks a free one)",
        cause);
  }

  /** Netty and Pekko wrap (or sneak out, undeclared) the JDK's BindException: look down the chain. */
  static boolean isBindFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }
}
