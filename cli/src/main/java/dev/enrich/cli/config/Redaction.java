package dev.enrich.cli.config;

import java.util.regex.Pattern;

/** Removes secrets from text before it is printed: URI credentials and Keepa keys in query strings. */
public final class Redaction {
  private static final Pattern URI_CREDENTIALS = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s:]+(:[^/@\\s]*)?@");
  private static final Pattern KEY_PARAMETER = Pattern.compile("(?i)([?&]key=)[^&\\s]+");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = URI_CREDENTIALS.matcher(text).replaceAll("$1***@");
    return KEY_PARAMETER.matcher(out).replaceAll("$1***");
  }
}
