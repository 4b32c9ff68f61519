package dev.enrich.client.aws;

import dev.enrich.client.RemoteServiceException;
import java.io.Console;

/** Where the code of an MFA device comes from when a role profile has {@code mfa_serial}. */
@FunctionalInterface
public interface MfaCodeSource {
  /** @param profile the AWS profile, for the prompt and messages; @param serial its {@code mfa_serial} */
  String code(String profile, String serial);

  /** The terminal of this run; without one, an error that says so (a code cannot be read from a pipe). */
  static MfaCodeSource terminal() {
    return (profile, serial) -> {
      Console console = System.console();
      if (console == null) {
        throw new RemoteServiceException("AWS profile " + profile + " needs an MFA code (mfa_serial) "
            + "and reading it needs a terminal: run enrich in a terminal, or use a profile without mfa_serial");
      }
      String code = console.readLine("MFA code for %s: ", serial);
      if (code == null || code.isBlank()) {
        throw new RemoteServiceException("no MFA code given for AWS profile " + profile);
      }
      return code.strip();
    };
  }
}
