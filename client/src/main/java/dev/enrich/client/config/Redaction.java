package dev.enrich.client.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is printed, two ways: by form (the user information of any
 * URI, a {@code key=} query parameter) and, for an instance, by value (the configured Keepa key and
 * MongoDB password, raw and URL-encoded), so a secret is cut even from a message that quotes it
 * out of its URI, or from a malformed URI whose user information has characters it should not.
 */
public final class Redaction {
  /** Up to the last {@code @} of the run of non-blank characters: a password may hold an unencoded {@code @} or {@code /}. */
  private static final Pattern URI_CREDENTIALS = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^\\s'\"<>]*@");
  private static final Pattern KEY_PARAMETER = Pattern.compile("(?i)([?&]key=)[^&\\s]+");
  /** Shorter values are not searched for: they would cut ordinary words out of messages. */
  private static final int MIN_SECRET_LENGTH = 4;
  private static final String MASK = "***";

  private final List<String> secrets;

  private Redaction(Collection<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SECRET_LENGTH).distinct()
        // The longest first, so that a secret holding another is cut whole.
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** Redaction of these values, in every form they may be printed in, and of the forms {@link #redact} knows. */
  public static Redaction of(Collection<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
      }
    }
    return new Redaction(forms);
  }

  /**
   * The secrets this process was given: {@code KEEPA_API_KEY} and the password of {@code MONGODB_URI}
   * from {@code env}, and the passwords of {@code mongoUris} (the flag, the profile's), any of them null.
   */
  public static Redaction fromEnvironment(Map<String, String> env, String... mongoUris) {
    List<String> secrets = new ArrayList<>();
    secrets.add(env.get("KEEPA_API_KEY"));
    secrets.addAll(passwords(env.get("MONGODB_URI")));
    for (String uri : mongoUris) {
      secrets.addAll(passwords(uri));
    }
    return of(secrets);
  }

  /**
   * The password of a connection string, as written and URL-decoded; none when it has no user
   * information. Tolerant of malformed strings: those are the ones whose errors must not show it.
   */
  static List<String> passwords(String uri) {
    if (uri == null) {
      return List.of();
    }
    String text = uri.strip();
    int scheme = text.indexOf("://");
    int at = text.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return List.of();
    }
    String userInfo = text.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    if (colon < 0) {
      return List.of();
    }
    String raw = userInfo.substring(colon + 1);
    List<String> out = new ArrayList<>(List.of(raw));
    try {
      out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformed) {
      // An invalid %-escape: the raw form is what would be printed.
    }
    return out;
  }

  /** Cuts this instance's secrets, then whatever {@link #redact(String)} cuts. */
  public String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return redact(out);
  }

  /** Cuts the user information of URIs and {@code key=} query parameters. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = URI_CREDENTIALS.matcher(text).replaceAll("$1" + MASK + "@");
    return KEY_PARAMETER.matcher(out).replaceAll("$1" + MASK);
  }
}
