package dev.enrich.contract;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Amazon marketplace a catalog's products are looked up in, named by its domain suffix as
 * sellers know it ({@code de}) and numbered as Keepa's {@code domain} parameter takes it. The
 * numbers are Keepa's locale indices, as its "Request Products" documentation lists them and its
 * Java client sends them ({@code AmazonLocale.ordinal()}, 0 and 7 reserved):
 * https://github.com/keepacom/api_backend/blob/master/src/main/java/com/keepa/api/backend/structs/AmazonLocale.java
 *
 * <p>A batch message names its marketplace in the option {@link #OPTION}; a message without it gets
 * the consumer's configured default, as before this option existed.
 */
public enum Marketplace {
  COM("com", 1),
  CO_UK("co.uk", 2),
  DE("de", 3),
  FR("fr", 4),
  CO_JP("co.jp", 5),
  CA("ca", 6),
  IT("it", 8),
  ES("es", 9),
  IN("in", 10),
  COM_MX("com.mx", 11),
  COM_BR("com.br", 12);

  /** The message option (and catalog-item option) that carries the Keepa domain id. */
  public static final String OPTION = "keepa_domain";

  public static final Marketplace DEFAULT = COM;

  private final String code;
  private final int domain;

  Marketplace(String code, int domain) {
    this.code = code;
    this.domain = domain;
  }

  /** The domain suffix: {@code com}, {@code co.uk}, {@code de}. */
  public String code() {
    return code;
  }

  /** Keepa's {@code domain} parameter. */
  public int domain() {
    return domain;
  }

  /**
   * A marketplace from its suffix ({@code de}, {@code .de}, {@code amazon.de}, any case) or its
   * Keepa domain id ({@code 3}).
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static Marketplace parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("www.")) {
      v = v.substring(4);
    }
    if (v.startsWith("amazon.")) {
      v = v.substring("amazon.".length());
    } else if (v.startsWith(".")) {
      v = v.substring(1);
    }
    for (Marketplace m : values()) {
      if (m.code.equals(v) || String.valueOf(m.domain).equals(v)) {
        return m;
      }
    }
    String shown = value == null ? "" : value.trim();
    throw new IllegalArgumentException("\"" + shown + "\" is not a marketplace; use one of " + validValues());
  }

  /** The marketplace a Keepa domain id names, if any. */
  public static Optional<Marketplace> ofDomain(int domain) {
    return Arrays.stream(values()).filter(m -> m.domain == domain).findFirst();
  }

  /** The marketplace named by a message's or catalog's options, if they name a known one. */
  public static Optional<Marketplace> fromOptions(Map<String, String> options) {
    String domain = options.get(OPTION);
    if (domain == null || !domain.trim().matches("\\d{1,2}")) {
      return Optional.empty();
    }
    return ofDomain(Integer.parseInt(domain.trim()));
  }

  /** {@code options} with this marketplace's domain id in {@link #OPTION}. */
  public Map<String, String> into(Map<String, String> options) {
    Map<String, String> with = new HashMap<>(options);
    with.put(OPTION, String.valueOf(domain));
    return Map.copyOf(with);
  }

  /** For messages: {@code com (1), co.uk (2), ...}. */
  public static String validValues() {
    return Arrays.stream(values()).map(m -> m.code + " (" + m.domain + ")").collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return code;
  }
}
