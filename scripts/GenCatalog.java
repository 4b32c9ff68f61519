import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic seller catalogs for benchmarks and tests. Run with the JDK source launcher
 * ({@code scripts/gen-catalog}); no build needed.
 *
 * <p>Rows stream straight to the output, so memory stays flat however many rows are asked for.
 * Every row is a pure function of (seed, row number): the same seed gives the same bytes, and
 * turning on {@code --errors} changes only the rows it breaks. SKUs, ASINs, UPCs and EANs are
 * unique because each comes from a keyed permutation of the row number, not from a random draw.
 */
public final class GenCatalog {
  static final String USAGE = "usage: gen-catalog --rows N --format "
      + "csv|tsv|semicolon|json|json-object|ndjson|shopify|amazon "
      + "[--errors RATE] [--seed S] [--out FILE]";

  static final int EXIT_IO = 1;
  static final int EXIT_USAGE = 2;
  /** What a shell reports for a process killed by SIGPIPE: the reader went away, e.g. `| head`. */
  static final int EXIT_BROKEN_PIPE = 141;

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (UsageException e) {
      System.err.println("gen-catalog: " + e.getMessage() + " (" + USAGE + ")");
      System.exit(EXIT_USAGE);
      return;
    }
    if (options == null) {
      System.out.print(help());
      return;
    }
    String target = options.out() == null ? "standard output" : options.out().toString();
    try (Writer out = open(options.out())) {
      Defects defects = new Defects(options.errorsNumerator(), options.errorsDenominator(), options.seed());
      Products products = new Products(options.seed());
      options.format().writer(out, products, defects).write(options.rows());
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      if (options.out() == null && String.valueOf(cause.getMessage()).contains("Broken pipe")) {
        System.exit(EXIT_BROKEN_PIPE);
      }
      System.err.println("gen-catalog: cannot write " + target + ": " + describe(cause));
      System.exit(EXIT_IO);
    }
  }

  private static Writer open(Path out) throws IOException {
    OutputStream stream = out == null ? new FileOutputStream(FileDescriptor.out) : Files.newOutputStream(out);
    return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "the directory does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static String help() {
    return USAGE + "\n\n"
        + "Writes a synthetic product catalog of made-up products (invented brands, unique SKUs,\n"
        + "ASINs, UPC-A / EAN-13 with correct check digits) to FILE or standard output.\n\n"
        + "  --rows N        products to write (shopify: variant rows)\n"
        + "  --format F      csv        RFC 4180, header sku,asin,upc,ean,title,brand,price,color\n"
        + "                  tsv        same columns, tab-separated\n"
        + "                  semicolon  European spreadsheet export: ';', decimal comma, UTF-8 BOM\n"
        + "                  json       array of objects, one per line\n"
        + "                  json-object  {\"products\": [...]}\n"
        + "                  ndjson     one object per line\n"
        + "                  shopify    Shopify product CSV export (1-4 variant rows per handle)\n"
        + "                  amazon     Amazon All Listings report (tab-separated)\n"
        + "  --errors RATE   fraction of rows to make invalid, 0 to 1 (default 0); the kinds cycle:\n"
        + "                  missing SKU, duplicate SKU, no identifier, 9-character ASIN,\n"
        + "                  UPC with a wrong check digit, 12-digit EAN, price \"abc\", negative price;\n"
        + "                  the broken identifier is the row's only one, and the first row stays valid\n"
        + "  --seed S        any integer (default 1); the same seed gives the same file\n"
        + "  --out FILE      write to FILE instead of standard output\n\n"
        + "Exit codes: 0 written; 1 the output could not be written; 2 usage error;\n"
        + "141 standard output was closed early (as by `| head`).\n";
  }
}

/** A command line that cannot be run; its message names the option and what it accepts. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}

/** The parsed command line. */
record Options(long rows, Format format, long errorsNumerator, long errorsDenominator, long seed, Path out) {
  private static final int MAX_ERROR_DECIMALS = 6;

  /** The options, or null when help was asked for. */
  static Options parse(String[] args) throws UsageException {
    String rows = null;
    String format = null;
    String errors = null;
    String seed = null;
    String out = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        return null;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!List.of("--rows", "--format", "--errors", "--seed", "--out").contains(name)) {
        throw new UsageException(arg.startsWith("-")
            ? "unknown option \"" + arg + "\""
            : "unexpected argument \"" + arg + "\"");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--rows" -> rows = once(name, rows, value);
        case "--format" -> format = once(name, format, value);
        case "--errors" -> errors = once(name, errors, value);
        case "--seed" -> seed = once(name, seed, value);
        default -> out = once(name, out, value);
      }
    }
    if (rows == null) {
      throw new UsageException("--rows is required");
    }
    if (format == null) {
      throw new UsageException("--format is required");
    }
    BigDecimal rate = errors == null ? BigDecimal.ZERO : rate(errors);
    return new Options(
        rowCount(rows), Format.of(format),
        rate.movePointRight(MAX_ERROR_DECIMALS).longValueExact(), pow10(MAX_ERROR_DECIMALS),
        seed == null ? 1 : seedOf(seed),
        out == null || out.equals("-") ? null : Path.of(out));
  }

  private static String once(String name, String previous, String value) throws UsageException {
    if (previous != null) {
      throw new UsageException(name + " is given twice");
    }
    if (value.isEmpty()) {
      throw new UsageException(name + " needs a value");
    }
    return value;
  }

  private static long rowCount(String value) throws UsageException {
    try {
      long n = Long.parseLong(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted form
    }
    throw new UsageException("--rows must be a whole number of 0 or more (got \"" + value + "\")");
  }

  private static BigDecimal rate(String value) throws UsageException {
    try {
      BigDecimal rate = new BigDecimal(value).stripTrailingZeros();
      if (rate.signum() >= 0 && rate.compareTo(BigDecimal.ONE) <= 0 && rate.scale() <= MAX_ERROR_DECIMALS) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted form
    }
    throw new UsageException("--errors must be a number from 0 to 1 with at most "
        + MAX_ERROR_DECIMALS + " decimals (got \"" + value + "\")");
  }

  private static long seedOf(String value) throws UsageException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--seed must be a whole number (got \"" + value + "\")");
    }
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }
}

/** The output formats and the writer for each. */
enum Format {
  CSV("csv"), TSV("tsv"), SEMICOLON("semicolon"), JSON("json"), JSON_OBJECT("json-object"),
  NDJSON("ndjson"), SHOPIFY("shopify"), AMAZON("amazon");

  final String label;

  Format(String label) {
    this.label = label;
  }

  static Format of(String name) throws UsageException {
    List<String> names = new ArrayList<>();
    for (Format f : values()) {
      if (f.label.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
      names.add(f.label);
    }
    throw new UsageException("--format must be one of " + String.join(", ", names) + " (got \"" + name + "\")");
  }

  CatalogWriter writer(Writer out, Products products, Defects defects) {
    return switch (this) {
      case CSV -> new DelimitedWriter(out, products, defects, ',', "\r\n", false);
      case TSV -> new DelimitedWriter(out, products, defects, '\t', "\n", false);
      // Excel's "CSV UTF-8" in a comma-decimal locale: semicolons, decimal commas, a BOM, CRLF.
      case SEMICOLON -> new DelimitedWriter(out, products, defects, ';', "\r\n", true);
      case JSON -> new JsonWriter(out, products, defects, "[\n", "\n]\n", "  ");
      case JSON_OBJECT -> new JsonWriter(out, products, defects, "{\"products\": [\n", "\n]}\n", "  ");
      case NDJSON -> new JsonWriter(out, products, defects, "", "", null);
      case SHOPIFY -> new ShopifyWriter(out, products, defects);
      case AMAZON -> new AmazonWriter(out, products, defects);
    };
  }
}

/** Writes {@code rows} rows of one format. */
interface CatalogWriter {
  void write(long rows) throws IOException;
}

/** One row of the flat formats. Mutable so that a {@link Defects.Kind} can break it in place. */
final class Row {
  String sku;
  String asin;
  String upc;
  String ean;
  String title;
  String brand;
  String price;
  String color;
}

/**
 * SplitMix64: tiny, fast and good enough for made-up data. A fresh instance per row keeps each row
 * independent of every other, which is what makes a row depend on the seed and its number only.
 */
final class Rng {
  private long state;

  Rng(long seed, long stream, long index) {
    state = mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L + index));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long next() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Uniform in [0, bound). */
  int below(int bound) {
    return (int) (((next() >>> 32) * bound) >>> 32);
  }

  int between(int min, int max) {
    return min + below(max - min + 1);
  }

  boolean chance(int percent) {
    return below(100) < percent;
  }

  <T> T pick(T[] items) {
    return items[below(items.length)];
  }
}

/** GS1 check digits: weights 3 and 1 alternating from the rightmost data digit, mod 10. */
final class Gs1 {
  private Gs1() {}

  static int checkDigit(CharSequence body) {
    int sum = 0;
    int weight = 3;
    for (int i = body.length() - 1; i >= 0; i--) {
      sum += (body.charAt(i) - '0') * weight;
      weight = 4 - weight;
    }
    return (10 - sum % 10) % 10;
  }

  static String withCheckDigit(String body) {
    return body + (char) ('0' + checkDigit(body));
  }

  static boolean valid(String code) {
    return code.chars().allMatch(c -> c >= '0' && c <= '9')
        && checkDigit(code.substring(0, code.length() - 1)) == code.charAt(code.length() - 1) - '0';
  }
}

/**
 * Unique identifiers from row numbers: a keyed bijection on k-bit numbers, walked until it lands
 * inside the domain (cycle walking), is a permutation of the domain, so distinct rows never share
 * an ASIN, a UPC or an EAN, while the values still look random.
 */
final class Identifiers {
  private static final char[] ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final long ASIN_DOMAIN = 2_821_109_907_456L; // 36^8
  private static final long BODY_DOMAIN = 10_000_000_000L;
  /** UPC-A number-system digits of ordinary retail goods. */
  private static final char[] UPC_SYSTEMS = {'0', '0', '6', '7', '8', '8'};
  /** GS1 prefixes of European member organisations (DE, FR, UK, IT, ES, NL, CH, PL, SE, AT). */
  private static final String[] EAN_PREFIXES = {"40", "41", "42", "30", "37", "50", "80", "84", "87", "76", "59", "73", "90"};

  private final long asinKey;
  private final long gtinKey;

  Identifiers(long seed) {
    asinKey = Rng.mix(seed ^ 0xA51AL);
    gtinKey = Rng.mix(seed ^ 0x6715L);
  }

  String asin(long n) {
    long x = permute(n % ASIN_DOMAIN, ASIN_DOMAIN, 42, asinKey);
    char[] c = new char[10];
    c[0] = 'B';
    c[1] = '0';
    for (int i = 9; i >= 2; i--) {
      c[i] = ALPHANUMERIC[(int) (x % 36)];
      x /= 36;
    }
    return new String(c);
  }

  String upc(long n) {
    StringBuilder body = new StringBuilder(12);
    long x = permute(n % BODY_DOMAIN, BODY_DOMAIN, 34, gtinKey);
    body.append(UPC_SYSTEMS[(int) Math.floorMod(x ^ gtinKey, UPC_SYSTEMS.length)]);
    appendDigits(body, x, 10);
    return Gs1.withCheckDigit(body.toString());
  }

  /** An EAN-13 with a European prefix; never the {@code 0}-prefixed form of a UPC. */
  String ean(long n) {
    StringBuilder body = new StringBuilder(13);
    long x = permute(n % BODY_DOMAIN, BODY_DOMAIN, 34, gtinKey ^ 0x5EEDL);
    body.append(EAN_PREFIXES[(int) Math.floorMod(Rng.mix(x), EAN_PREFIXES.length)]);
    appendDigits(body, x, 10);
    return Gs1.withCheckDigit(body.toString());
  }

  private static void appendDigits(StringBuilder sb, long x, int width) {
    String digits = Long.toString(x);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(digits);
  }

  private static long permute(long n, long domain, int bits, long key) {
    long mask = (1L << bits) - 1;
    long x = n;
    do {
      x = scramble(x, bits, mask, key);
    } while (x >= domain);
    return x;
  }

  /** Each step (xor, add, odd multiply, xorshift, all mod 2^bits) is invertible, so the whole is. */
  private static long scramble(long x, int bits, long mask, long key) {
    int half = bits / 2;
    x = (x ^ key) & mask;
    x = (x * 0x9E3779B97F4A7C15L + (key >>> 7)) & mask;
    x ^= x >>> half;
    x = (x * 0xC2B2AE3D27D4EB4FL) & mask;
    x ^= x >>> (half + 1);
    x = (x * 0x165667B19E3779F9L) & mask;
    x ^= x >>> half;
    return x;
  }
}

/**
 * Which rows are invalid and how. Row r (counting from 0) is invalid when the running count
 * floor((r + 1) * rate) steps up there, which spreads exactly floor(rows * rate) bad rows evenly;
 * the kind is the count modulo the kinds. Row 0 is always valid so that a duplicate SKU always
 * has an earlier SKU to repeat.
 */
final class Defects {
  enum Kind {
    MISSING_SKU, DUPLICATE_SKU, NO_IDENTIFIER, SHORT_ASIN, UPC_BAD_CHECK, EAN_12_DIGITS, PRICE_NOT_A_NUMBER,
    NEGATIVE_PRICE
  }

  private static final Kind[] KINDS = Kind.values();
  private static final int RECENT = 64;

  private final long numerator;
  private final long denominator;
  private final Identifiers ids;
  private final String[] recentSkus = new String[RECENT];
  private long skusSeen;

  Defects(long numerator, long denominator, long seed) {
    this.numerator = numerator;
    this.denominator = denominator;
    this.ids = new Identifiers(seed ^ 0xBADL);
  }

  /** The defect for row {@code r}, or null when the row stays valid. */
  Kind kindOf(long r) {
    if (r == 0 || numerator == 0) {
      return null;
    }
    long before = Math.floorDiv(r * numerator, denominator);
    long upTo = Math.floorDiv((r + 1) * numerator, denominator);
    if (upTo == before) {
      return null;
    }
    long ordinal = upTo - Math.floorDiv(numerator, denominator) - 1; // row 0 never counts
    return KINDS[(int) (ordinal % KINDS.length)];
  }

  /** Remembers a valid row's SKU as a candidate for a later duplicate. */
  void remember(String sku) {
    recentSkus[(int) (skusSeen++ % RECENT)] = sku;
  }

  /** One of the last valid SKUs, for a duplicate-SKU row. */
  String earlierSku(Rng rng) {
    int available = (int) Math.min(skusSeen, RECENT);
    return recentSkus[(int) ((skusSeen - 1 - rng.below(available)) % RECENT)];
  }

  /**
   * Breaks row {@code r}. The broken identifier is the row's only identifier, so the row is
   * invalid whether a reader rejects the row or just drops the bad field.
   */
  void apply(Kind kind, long r, Row row, Rng rng) {
    switch (kind) {
      case MISSING_SKU -> row.sku = null;
      case DUPLICATE_SKU -> row.sku = earlierSku(rng);
      case NO_IDENTIFIER -> onlyIdentifier(row, null, null, null);
      case SHORT_ASIN -> onlyIdentifier(row, ids.asin(r).substring(0, 9), null, null);
      case UPC_BAD_CHECK -> onlyIdentifier(row, null, wrongCheckDigit(ids.upc(r), rng), null);
      case EAN_12_DIGITS -> onlyIdentifier(row, null, null, twelveDigitEan(r));
      case PRICE_NOT_A_NUMBER -> row.price = "abc";
      case NEGATIVE_PRICE -> row.price = "-" + row.price;
    }
  }

  private static void onlyIdentifier(Row row, String asin, String upc, String ean) {
    row.asin = asin;
    row.upc = upc;
    row.ean = ean;
  }

  static String wrongCheckDigit(String code, Rng rng) {
    int right = code.charAt(code.length() - 1) - '0';
    int wrong = (right + 1 + rng.below(9)) % 10;
    return code.substring(0, code.length() - 1) + (char) ('0' + wrong);
  }

  /** An EAN-13 missing its check digit, and not by chance a valid UPC-A either. */
  private String twelveDigitEan(long r) {
    String twelve = ids.ean(r).substring(0, 12);
    if (Gs1.valid(twelve)) {
      int last = twelve.charAt(11) - '0';
      twelve = twelve.substring(0, 11) + (char) ('0' + (last + 5) % 10);
    }
    return twelve;
  }
}

/** A product line: its name, the specs it comes in, its price range and whether it has colours or sizes. */
record Item(String name, String[] specs, int minCents, int maxCents, boolean coloured, boolean sized) {
  /** Parses {@code name|spec;spec|min-max|flags}, flags {@code c} (colours) and {@code s} (sizes). */
  static Item of(String line) {
    String[] p = line.split("\\|", -1);
    String[] range = p[2].split("-");
    return new Item(p[0], p[1].isEmpty() ? new String[0] : p[1].split(";"),
        Integer.parseInt(range[0]) * 100, Integer.parseInt(range[1]) * 100,
        p[3].contains("c"), p[3].contains("s"));
  }
}

/** A shop category: SKU prefix, Shopify product type, invented brands, selling points, product lines. */
record Category(String code, String type, String[] brands, String[] features, Item[] items) {
  static Category of(String code, String type, String brands, String features, String... items) {
    Item[] parsed = new Item[items.length];
    for (int i = 0; i < items.length; i++) {
      parsed[i] = Item.of(items[i]);
    }
    return new Category(code, type, brands.split(";"), features.split(";"), parsed);
  }
}

/** The word lists. Every brand is invented. */
final class Words {
  private Words() {}

  static final String[] COLOURS = {
      "Black", "White", "Charcoal", "Slate Grey", "Navy", "Forest Green", "Sage", "Sand", "Cream",
      "Burnt Orange", "Terracotta", "Dusty Rose", "Mustard", "Ocean Blue", "Red", "Olive"};
  static final String[] SIZES = {"XS", "S", "M", "L", "XL", "XXL"};

  static final Category[] CATEGORIES = {
      Category.of("KIT", "Kitchen",
          "Hollbrook Cutlery;Ironvale;Copperleigh;Marlow & Finch;Greenbough Home;Kiyomizu Forge",
          "Dishwasher Safe;Oven Safe to 500°F;Induction Compatible;BPA-Free;Pre-Seasoned;Stay-Cool Handle;"
              + "Hand Wash Only;Tri-Ply Stainless",
          "Chef's Knife|6\";8\";10\"|24-89|", "Santoku Knife|5\";7\"|29-79|", "Paring Knife|3.5 Inch;4 Inch|8-24|",
          "Cast Iron Skillet|8 Inch;10 Inch;12 Inch|19-49|", "Nonstick Frying Pan|8\";10\";12\"|22-59|c",
          "Stainless Steel Saucepan with Lid|1.5 Qt;2 Qt;3 Qt|29-69|",
          "Enameled Dutch Oven|4.5 Qt;5.5 Qt;7.25 Qt|59-189|c", "Bamboo Cutting Board|Small;Medium;Large|14-39|",
          "Silicone Spatula Set|Set of 3;Set of 4;Set of 6|9-24|c", "Stainless Steel Whisk|10 Inch;12 Inch|6-14|",
          "Stockpot with Glass Lid|8 Qt;12 Qt;16 Qt|39-99|", "Glass Mixing Bowl Set|3-Piece;5-Piece|19-44|",
          "Olive Wood Spoon Set|3 Pieces;5 Pieces|14-29|", "Digital Kitchen Scale|11 lb;22 lb|15-35|c",
          "French Press Coffee Maker|12 oz;34 oz;50 oz|19-49|c", "Crème Brûlée Ramekins|4-Pack;6-Pack|14-29|c",
          "Glass Food Storage Containers|10-Piece;18-Piece|24-54|", "Knife Block|5-Slot;7-Slot|29-69|c"),
      Category.of("HOM", "Home Decor",
          "Linden & Loom;Maison Lévrier;Hearthwell;Quillby Home;Norrland Living;Casa Veranda",
          "Machine Washable;Set of 2;Hand-Woven;OEKO-TEX Certified;Easy Assembly;Hypoallergenic",
          "Cotton Throw Blanket|50\" x 60\";60\" x 80\"|29-69|c", "Linen Duvet Cover Set|Twin;Queen;King|69-189|c",
          "Velvet Throw Pillow Cover|18\" x 18\";20\" x 20\"|12-29|c",
          "Blackout Curtain Panels|52\" x 63\";52\" x 84\";52\" x 96\"|24-59|c",
          "Jute Area Rug|2' x 3';4' x 6';5' x 8'|29-249|", "Ceramic Table Lamp|18 Inch;24 Inch|39-119|c",
          "Round Wall Mirror|20 Inch;24 Inch;30 Inch|45-159|c", "Scented Soy Candle|8 oz;14 oz|14-32|",
          "Bath Towel Set|4-Piece;6-Piece;8-Piece|29-79|c", "Woven Storage Basket|Small;Medium;Large|18-44|",
          "Stoneware Vase|8 Inch;12 Inch|19-54|c", "Picture Frame Set|7-Piece;10-Piece|29-64|c",
          "Memory Foam Pillow|Standard;Queen;King|29-69|", "Cotton Bath Mat|20\" x 32\";24\" x 40\"|14-34|c"),
      Category.of("GAR", "Garden",
          "Fernhollow;Greenstead Tools;Mossgate;Bramblecroft;Sunmeadow Garden;Hedgerow & Co.",
          "Rust-Resistant;Weatherproof;UV-Stabilized;Ergonomic Handle;Drainage Holes;Solar Powered",
          "Stainless Steel Hand Trowel||9-19|", "Bypass Pruning Shears|8 Inch|14-39|",
          "Expandable Garden Hose|50 ft;75 ft;100 ft|24-69|c", "Hose Nozzle Sprayer|8-Pattern;10-Pattern|8-19|",
          "Terracotta Plant Pot with Saucer|6 Inch;8 Inch;10 Inch|9-34|",
          "Galvanized Raised Garden Bed|4 x 2 ft;6 x 3 ft;8 x 4 ft|49-159|",
          "Solar Pathway Lights|6-Pack;8-Pack;12-Pack|19-49|", "Hanging Bird Feeder||14-34|c",
          "Garden Kneeler and Seat||29-49|", "Leaf Rake|Adjustable;Steel Tine|14-34|",
          "Organic Potting Mix|8 qt;16 qt;1.5 cu ft|6-24|", "Heirloom Tomato Seeds|Variety Pack|4-12|",
          "Compost Bin|80 Gallon;Countertop|19-119|", "Cordless Hedge Trimmer|20V;40V|69-179|",
          "Watering Can|1 Gallon;2 Gallon|14-39|c"),
      Category.of("ELE", "Electronics",
          "Voltaris;Kestrel Audio;Lumora;Nexacore;Brightwave;Ohmline",
          "Bluetooth 5.3;USB-C;Fast Charging;Noise Cancelling;2-Year Warranty;Wall Mountable",
          "Wireless Earbuds||24-129|c", "Over-Ear Headphones|Active Noise Cancelling|49-249|c",
          "USB-C Charging Cable|3 ft;6 ft;10 ft|8-19|c", "USB-C Wall Charger|20W;30W;65W|14-49|c",
          "Portable Power Bank|10000mAh;20000mAh;26800mAh|19-69|c", "Bluetooth Speaker|Waterproof IPX7|29-149|c",
          "HDMI 2.1 Cable|3 ft;6 ft;10 ft|9-24|", "Wireless Mouse|2.4GHz|14-49|c",
          "Mechanical Keyboard|Tenkeyless;Full Size|49-149|c", "1080p Webcam|with Microphone|29-89|",
          "Smart LED Bulb|A19 4-Pack;BR30 2-Pack|19-49|", "Surge Protector Power Strip|6 Outlet;12 Outlet|14-44|",
          "Portable SSD|500GB;1TB;2TB|59-219|c", "Fitness Tracker|Heart Rate Monitor|39-129|c",
          "4K Monitor|27\";32\"|249-499|", "Tablet Stand|Adjustable Aluminum|14-34|c"),
      Category.of("TOY", "Toys & Games",
          "Puddlejump;Tinker Owl;Brickwell;Little Comet;Wobblewood;Starfable",
          "Ages 3+;Ages 6+;Ages 8+;Montessori;Non-Toxic Paint;Rechargeable",
          "Wooden Building Blocks|50 Pieces;100 Pieces|19-49|", "Magnetic Tiles Set|60 Pieces;100 Pieces|34-89|",
          "Plush Teddy Bear|12 Inch;18 Inch|14-34|c", "Remote Control Car|1:16 Scale;1:18 Scale|29-79|c",
          "Jigsaw Puzzle|500 Pieces;1000 Pieces|12-24|", "Wooden Train Set|52 Pieces;80 Pieces|39-99|",
          "Kids Art Easel|Double-Sided|44-99|", "Stacking Rings Toy||9-19|",
          "Dollhouse with Furniture|3-Story|69-159|", "STEM Robot Kit|12-in-1|34-69|",
          "Play Kitchen Set||89-199|", "Family Card Game||9-19|", "Balance Bike|12 Inch|49-99|c",
          "Modeling Clay Set|24 Colors;36 Colors|12-29|", "Water Blaster|2-Pack|14-29|c"),
      Category.of("APP", "Apparel",
          "Harbor & Pine;Northcastle Knitwear;Ridgeline Supply;Wren & Ash;Coastline Basics;Fjellvik",
          "Organic Cotton;Relaxed Fit;Slim Fit;Moisture-Wicking;Pre-Shrunk;Merino Wool",
          "Crew Neck T-Shirt||14-34|cs", "Merino Wool Sweater||69-139|cs", "Pullover Hoodie||39-79|cs",
          "Slim Chino Pants||39-79|cs", "Denim Jacket||59-119|cs", "Quilted Puffer Vest||49-99|cs",
          "Oxford Button-Down Shirt||34-69|cs", "Wool Beanie||14-29|c", "Athletic Joggers||29-59|cs",
          "Rain Shell Jacket||79-169|cs", "Linen Shirt||39-74|cs", "Crew Socks 6-Pack||12-24|cs",
          "Flannel Shirt||29-59|cs", "Fleece Quarter-Zip||39-79|cs"),
      Category.of("OUT", "Outdoor",
          "Alder & Stone;Summit Hollow;Cairnway;Timberline Gear Co.;Bluewater Basecamp",
          "Waterproof;Ultralight;Packable;3-Season;With Carry Bag",
          "Dome Tent|2-Person;4-Person;6-Person|79-299|c", "Mummy Sleeping Bag|20°F;30°F;40°F|49-179|c",
          "Inflatable Camping Pillow||14-29|c", "Backpacking Stove|Canister|29-79|", "Trekking Poles|Pair|29-89|c",
          "Insulated Water Bottle|24 oz;32 oz;40 oz|19-44|c", "Headlamp|350 Lumen;600 Lumen|14-39|c",
          "Camping Hammock|Single;Double|24-59|c", "Daypack|20L;28L;35L|39-119|c", "Folding Camp Chair||29-79|c",
          "Camping Lantern|Rechargeable|19-49|", "Self-Inflating Sleeping Pad|Regular;Long|49-129|c"),
      Category.of("PET", "Pet Supplies",
          "Barkley & Bean;Whiskerwood;Tailbright;Muddy Paws Co.;Furrow & Field",
          "Machine Washable Cover;Non-Slip;Chew Resistant;Unscented;Vet Recommended",
          "Orthopedic Dog Bed|Medium;Large;X-Large|39-119|c", "Stainless Steel Pet Bowls|2-Pack|12-24|",
          "Reflective Dog Leash|5 ft;6 ft|12-24|c", "No-Pull Dog Harness|Small;Medium;Large|19-39|c",
          "Cat Scratching Post|24 Inch;32 Inch|24-54|c", "Catnip Mouse Toys|6-Pack;12-Pack|7-14|",
          "Slicker Brush||12-22|", "Dog Poop Bags|240 Count;360 Count|9-19|",
          "Clumping Cat Litter|20 lb;40 lb|14-29|", "Rope Tug Toy|3-Pack|9-17|",
          "Pet Water Fountain|2L;3L|24-44|c", "Cat Tree|52 Inch;72 Inch|59-149|c"),
      Category.of("OFF", "Office",
          "Inkwell & Co.;Deskmere;Paperlark;Ledgerline;Quarto Works",
          "Acid-Free Paper;Refillable;Dot Grid;College Ruled;Non-Slip Base",
          "Hardcover Notebook|A5;B5|12-24|c", "Gel Ink Pens|12-Pack;24-Pack|9-19|",
          "Desk Organizer|5-Compartment|19-39|c", "Ergonomic Office Chair|Mesh Back|149-329|c",
          "Standing Desk Converter|32 Inch;36 Inch|119-249|c", "Monitor Riser|Bamboo|24-49|",
          "Stapler|25-Sheet;60-Sheet|12-29|c", "Letter Tray|3-Tier|19-34|c",
          "Sticky Notes|3\" x 3\", 12 Pads|8-16|", "LED Desk Lamp|Dimmable|29-69|c",
          "Magnetic Whiteboard|24\" x 36\";36\" x 48\"|34-119|", "Paper Shredder|8-Sheet;12-Sheet|49-129|")};
}

/** Makes the made-up products: flat listings for most formats, styles with variants for Shopify. */
final class Products {
  static final long LISTING_STREAM = 1;
  static final long STYLE_STREAM = 2;
  static final long VARIANT_STREAM = 3;
  /** Apparel variants start at S, M or L, so a handle's sizes read like a shop's (S-XL, M-XXL). */
  private static final int SIZE_START_MAX = 3;

  final long seed;
  final Identifiers ids;

  Products(long seed) {
    this.seed = seed;
    this.ids = new Identifiers(seed);
  }

  Rng rng(long stream, long index) {
    return new Rng(seed, stream, index);
  }

  /** The listing of row {@code r}; {@code alwaysAsin} for Amazon, where every listing has one. */
  Row listing(long r, Rng rng, boolean alwaysAsin) {
    Category category = rng.pick(Words.CATEGORIES);
    Item item = rng.pick(category.items());
    Row row = new Row();
    row.sku = sku(category.code(), r + 1, 7);
    row.brand = rng.pick(category.brands());
    StringBuilder title = new StringBuilder(64).append(item.name());
    if (item.specs().length > 0) {
      title.append(' ').append(rng.pick(item.specs()));
    }
    if (rng.chance(35)) {
      title.append(", ").append(rng.pick(category.features()));
    }
    if (item.coloured() && rng.chance(70)) {
      row.color = rng.pick(Words.COLOURS);
      title.append(" - ").append(row.color);
    }
    if (item.sized()) {
      title.append(row.color == null ? " - " : ", ").append(Words.SIZES[rng.between(1, 5)]);
    }
    row.title = title.toString();
    row.price = Money.format(Money.price(item, rng), '.');
    identify(row, r, rng, alwaysAsin);
    return row;
  }

  private void identify(Row row, long r, Rng rng, boolean alwaysAsin) {
    int roll = rng.below(100);
    if (roll < 80 || alwaysAsin) {
      row.asin = ids.asin(r);
    }
    if (roll < 45 || (roll >= 80 && roll < 92)) {
      row.upc = ids.upc(r);
      if (rng.chance(25)) {
        row.ean = "0" + row.upc; // the EAN-13 form of a UPC-A, as many exports carry both
      }
    } else if (roll < 65 || roll >= 92) {
      row.ean = ids.ean(r);
    }
  }

  static String sku(String prefix, long n, int width) {
    StringBuilder sb = new StringBuilder(prefix.length() + width + 1).append(prefix).append('-');
    String digits = Long.toString(n);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits).toString();
  }

  /** A Shopify product (handle) with at most {@code maxVariants} variants. */
  Style style(long p, int maxVariants) {
    Rng rng = rng(STYLE_STREAM, p);
    Category category = rng.pick(Words.CATEGORIES);
    Item item = rng.pick(category.items());
    String brand = rng.pick(category.brands());
    String feature = rng.pick(category.features());
    String option;
    String[] values;
    boolean specInTitle = false;
    if (item.sized()) {
      option = "Size";
      values = Words.SIZES;
    } else if (item.coloured()) {
      option = "Color";
      values = Words.COLOURS;
      specInTitle = true;
    } else if (item.specs().length > 1) {
      option = "Size";
      values = item.specs();
    } else {
      option = "Title";
      values = new String[] {"Default Title"};
      specInTitle = true;
    }
    int count = Math.min(Math.min(rng.between(1, 4), values.length), maxVariants);
    int first = values == Words.SIZES ? rng.between(1, SIZE_START_MAX) : rng.below(values.length);
    if (values != Words.COLOURS) {
      first = Math.min(first, values.length - count); // sizes and specs stay in their natural order
    }
    List<String> chosen = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      chosen.add(values[(first + i) % values.length]);
    }
    if (count == 1 && !option.equals("Title") && rng.chance(50)) {
      option = "Title";
      chosen.set(0, "Default Title");
    }
    StringBuilder title = new StringBuilder(item.name());
    if (specInTitle && item.specs().length > 0) {
      title.append(' ').append(rng.pick(item.specs()));
    }
    if (rng.chance(30)) {
      title.append(", ").append(feature);
    }
    String handle = Slug.of(title) + "-" + (p + 1);
    return new Style(handle, title.toString(), Html.body(title, brand, feature, category, rng), brand,
        category.type(), category.type() + ", " + brand + ", " + feature.toLowerCase(Locale.ROOT),
        !rng.chance(5), option, chosen, Money.price(item, rng), sku(category.code(), p + 1, 6), rng.chance(30) ? rng.between(1, 2) : 0);
  }
}

/** A Shopify product as its export lays it out. */
record Style(String handle, String title, String bodyHtml, String vendor, String type, String tags,
    boolean published, String optionName, List<String> optionValues, int priceCents, String skuStem,
    int extraImages) {}

/** Prices: whole dollars from the item's range with the usual retail endings. */
final class Money {
  private static final int[] ENDINGS = {99, 99, 99, 95, 95, 49, 0, 0, 50, 89};

  private Money() {}

  static int price(Item item, Rng rng) {
    int dollars = rng.between(item.minCents() / 100, Math.max(item.minCents(), item.maxCents() - 100) / 100);
    return dollars * 100 + ENDINGS[rng.below(ENDINGS.length)];
  }

  static String format(int cents, char decimal) {
    int rest = cents % 100;
    return new StringBuilder(12).append(cents / 100).append(decimal)
        .append((char) ('0' + rest / 10)).append((char) ('0' + rest % 10)).toString();
  }
}

/** Shopify handles: lower case, ASCII letters and digits, words joined by hyphens. */
final class Slug {
  private Slug() {}

  static String of(CharSequence text) {
    String plain = ascii(text) ? text.toString() : Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(plain.length());
    boolean hyphen = false;
    for (int i = 0; i < plain.length(); i++) {
      char c = Character.toLowerCase(plain.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (hyphen && sb.length() > 0) {
          sb.append('-');
        }
        sb.append(c);
        hyphen = false;
      } else if (Character.getType(c) != Character.NON_SPACING_MARK && c != '\'') {
        hyphen = true;
      }
    }
    return sb.toString();
  }

  private static boolean ascii(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }
}

/** Product descriptions as sellers paste them: a paragraph, sometimes a list over several lines. */
final class Html {
  private Html() {}

  static String body(CharSequence title, String brand, String feature, Category category, Rng rng) {
    StringBuilder sb = new StringBuilder(160);
    switch (rng.below(3)) {
      case 0 -> sb.append("<p>The ").append(title).append(" from ").append(brand)
          .append(", made for everyday use.</p>");
      case 1 -> sb.append("<p>").append(feature).append(". Designed by ").append(brand)
          .append(" and backed by a one-year warranty.</p>");
      default -> sb.append("<p>Our ").append(title).append(": ").append(feature.toLowerCase(Locale.ROOT))
          .append(", \"built to last\".</p>");
    }
    if (rng.chance(25)) {
      sb.append("\n<ul>");
      int first = rng.below(category.features().length);
      for (int i = 0; i < 3; i++) {
        sb.append("\n<li>").append(category.features()[(first + i) % category.features().length]).append("</li>");
      }
      sb.append("\n</ul>");
    }
    return sb.toString();
  }
}

/** Quoting and escaping for the text formats. */
final class Text {
  private Text() {}

  /** RFC 4180: quote a field holding the separator, a quote or a line break; double inner quotes. */
  static void delimited(StringBuilder sb, String value, char separator) {
    if (value == null) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == separator || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      sb.append(value);
      return;
    }
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  static void json(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}

/** The formats with one product per row; subclasses lay a row out. */
abstract class FlatWriter implements CatalogWriter {
  private final Writer out;
  private final Products products;
  private final Defects defects;
  private final boolean alwaysAsin;
  protected final StringBuilder line = new StringBuilder(256);

  FlatWriter(Writer out, Products products, Defects defects, boolean alwaysAsin) {
    this.out = out;
    this.products = products;
    this.defects = defects;
    this.alwaysAsin = alwaysAsin;
  }

  @Override
  public void write(long rows) throws IOException {
    out.write(header());
    for (long r = 0; r < rows; r++) {
      Rng rng = products.rng(Products.LISTING_STREAM, r);
      Row row = products.listing(r, rng, alwaysAsin);
      Defects.Kind kind = defects.kindOf(r);
      if (kind == null) {
        defects.remember(row.sku);
      } else {
        defects.apply(kind, r, row, rng);
      }
      line.setLength(0);
      layOut(r, row, rng);
      out.append(line);
    }
    out.write(footer(rows));
  }

  abstract String header();

  abstract void layOut(long r, Row row, Rng rng);

  String footer(long rows) {
    return "";
  }
}

/** CSV, TSV and the semicolon export with decimal commas. */
final class DelimitedWriter extends FlatWriter {
  private final char separator;
  private final String newline;
  private final boolean european;

  DelimitedWriter(Writer out, Products products, Defects defects, char separator, String newline, boolean european) {
    super(out, products, defects, false);
    this.separator = separator;
    this.newline = newline;
    this.european = european;
  }

  @Override
  String header() {
    String s = String.valueOf(separator);
    return (european ? "\uFEFF" : "") + String.join(s, "sku", "asin", "upc", "ean", "title", "brand", "price", "color")
        + newline;
  }

  @Override
  void layOut(long r, Row row, Rng rng) {
    String price = european && row.price != null ? row.price.replace('.', ',') : row.price;
    field(row.sku).field(row.asin).field(row.upc).field(row.ean).field(row.title).field(row.brand).field(price);
    Text.delimited(line, row.color, separator);
    line.append(newline);
  }

  private DelimitedWriter field(String value) {
    Text.delimited(line, value, separator);
    line.append(separator);
    return this;
  }
}

/** JSON array, JSON object with a {@code products} array, and NDJSON: one object per line. */
final class JsonWriter extends FlatWriter {
  private final String open;
  private final String close;
  private final String indent;

  JsonWriter(Writer out, Products products, Defects defects, String open, String close, String indent) {
    super(out, products, defects, false);
    this.open = open;
    this.close = close;
    this.indent = indent;
  }

  @Override
  String header() {
    return open;
  }

  @Override
  void layOut(long r, Row row, Rng rng) {
    if (indent != null) {
      line.append(r == 0 ? "" : ",\n").append(indent);
    }
    line.append('{');
    boolean first = true;
    first = member("sku", row.sku, first);
    first = member("asin", row.asin, first);
    first = member("upc", row.upc, first);
    first = member("ean", row.ean, first);
    first = member("title", row.title, first);
    first = member("brand", row.brand, first);
    first = member("price", row.price, first);
    member("color", row.color, first);
    line.append('}');
    if (indent == null) {
      line.append('\n');
    }
  }

  private boolean member(String name, String value, boolean first) {
    if (value == null) {
      return first;
    }
    if (!first) {
      line.append(", ");
    }
    line.append('"').append(name).append("\": ");
    Text.json(line, value);
    return false;
  }

  @Override
  String footer(long rows) {
    // An empty array closes on the line it opened on.
    return rows == 0 && indent != null ? close.substring(1) : close;
  }
}

/**
 * The Amazon "All Listings" report, cut to the columns a catalog needs. product-id is the
 * identifier the listing was created with; product-id-type says which: 1 ASIN, 3 UPC, 4 EAN.
 */
final class AmazonWriter extends FlatWriter {
  AmazonWriter(Writer out, Products products, Defects defects) {
    super(out, products, defects, true);
  }

  @Override
  String header() {
    return "item-name\tseller-sku\tprice\tquantity\tasin1\tproduct-id\tproduct-id-type\n";
  }

  @Override
  void layOut(long r, Row row, Rng rng) {
    String id = row.upc != null ? row.upc : row.ean != null ? row.ean : row.asin;
    String type = row.upc != null ? "3" : row.ean != null ? "4" : row.asin != null ? "1" : "";
    if (row.upc != null && row.ean != null && row.ean.startsWith("0") && rng.chance(50)) {
      id = row.ean; // listed by the EAN-13 form of its UPC
      type = "4";
    }
    int quantity = rng.chance(10) ? 0 : rng.between(1, 250);
    line.append(row.brand).append(' ').append(row.title).append('\t')
        .append(row.sku == null ? "" : row.sku).append('\t')
        .append(row.price).append('\t')
        .append(quantity).append('\t')
        .append(row.asin == null ? "" : row.asin).append('\t')
        .append(id == null ? "" : id).append('\t')
        .append(type).append('\n');
  }
}

/**
 * The Shopify product export: one row per variant, the product's own columns on its first row
 * only, and extra images as rows holding nothing but the handle and the image.
 */
final class ShopifyWriter implements CatalogWriter {
  private static final String HEADER = "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,"
      + "Option1 Value,Variant SKU,Variant Price,Variant Barcode,Image Src\n";
  private static final String IMAGE_HOST = "https://cdn.example.com/products/";

  private final Writer out;
  private final Products products;
  private final Defects defects;
  private final StringBuilder line = new StringBuilder(512);

  ShopifyWriter(Writer out, Products products, Defects defects) {
    this.out = out;
    this.products = products;
    this.defects = defects;
  }

  @Override
  public void write(long rows) throws IOException {
    out.write(HEADER);
    long r = 0;
    for (long p = 0; r < rows; p++) {
      Style style = products.style(p, (int) Math.min(4, rows - r));
      List<String> values = style.optionValues();
      for (int v = 0; v < values.size(); v++, r++) {
        Rng rng = products.rng(Products.VARIANT_STREAM, r);
        Row row = variant(style, v, r, rng);
        Defects.Kind kind = defects.kindOf(r);
        if (kind == null) {
          defects.remember(row.sku);
        } else {
          defects.apply(kind, r, row, rng);
        }
        line.setLength(0);
        boolean first = v == 0;
        cell(style.handle()).cell(first ? style.title() : null).cell(first ? style.bodyHtml() : null)
            .cell(first ? style.vendor() : null).cell(first ? style.type() : null)
            .cell(first ? style.tags() : null).cell(first ? String.valueOf(style.published()) : null)
            .cell(first ? style.optionName() : null).cell(values.get(v)).cell(row.sku).cell(row.price)
            .cell(row.upc != null ? row.upc : row.ean != null ? row.ean : row.asin)
            .last(first ? image(style, 1) : null);
        out.append(line);
      }
      for (int i = 0; i < style.extraImages(); i++) {
        line.setLength(0);
        line.append(style.handle()).append(",,,,,,,,,,,,").append(image(style, i + 2)).append('\n');
        out.append(line);
      }
    }
  }

  private Row variant(Style style, int v, long r, Rng rng) {
    Row row = new Row();
    String value = style.optionValues().get(v);
    row.sku = style.optionValues().size() == 1 && style.optionName().equals("Title")
        ? style.skuStem()
        : style.skuStem() + "-" + code(style.optionName(), value, v);
    int cents = style.priceCents();
    if (value.equals("XXL") || (style.optionName().equals("Size") && !isApparelSize(value))) {
      cents += (value.equals("XXL") ? 1 : v) * 500;
    }
    row.price = Money.format(cents, '.');
    if (rng.chance(70)) {
      row.upc = products.ids.upc(r);
    } else {
      row.ean = products.ids.ean(r);
    }
    return row;
  }

  /** A variant's SKU suffix: the size, or the colour's first three letters (unique in the list). */
  private static String code(String option, String value, int v) {
    if (isApparelSize(value)) {
      return value;
    }
    if (option.equals("Color")) {
      return value.substring(0, 3).toUpperCase(Locale.ROOT);
    }
    return "V" + (v + 1);
  }

  private static boolean isApparelSize(String value) {
    for (String s : Words.SIZES) {
      if (s.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String image(Style style, int n) {
    return IMAGE_HOST + style.handle() + "-" + n + ".jpg";
  }

  private ShopifyWriter cell(String value) {
    Text.delimited(line, value, ',');
    line.append(',');
    return this;
  }

  private void last(String value) {
    Text.delimited(line, value, ',');
    line.append('\n');
  }
}
