package dev.enrich.client.submit;

import dev.enrich.client.ConflictException;
import dev.enrich.client.EnrichException;
import dev.enrich.client.catalog.Catalog;
import dev.enrich.client.catalog.CatalogScan;
import dev.enrich.client.catalog.Rejection;
import dev.enrich.contract.BatchMessage;
import dev.enrich.contract.BatchState;
import dev.enrich.contract.Marketplace;
import dev.enrich.contract.MessageAttributeNames;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.StatusTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Registers a catalog and queues its batches, resumably (docs/architecture.md section 4). Batch items
 * are written PENDING before their message is sent; after SQS accepts a round of messages a
 * receipt records them, and a re-run sends exactly the batches no receipt lists and the consumer
 * has not taken. A crash between send and receipt makes a duplicate message, which the consumer
 * absorbs. Rounds go out on parallel senders; memory holds only the rounds in flight. A batch
 * holds products of one marketplace: rows that name their own are batched apart and their messages
 * carry that marketplace's Keepa domain in the options; the others have the options' marketplace.
 */
public final class Submitter {
  /** Batches per round: one PENDING write of up to 50 items, five SendMessageBatch calls, one receipt. */
  static final int ROUND_BATCHES = 50;
  /** A round also closes at this many bytes, so rounds in flight stay small whatever the products. */
  static final long ROUND_BYTES = 4L * 1024 * 1024;

  private final SubmitLedger ledger;
  private final BatchQueue queue;
  private final MessageCodec codec;
  private final Clock clock;
  /** The stored products an incremental submit removes from; null where none is configured. */
  private final ProductHistory history;

  public Submitter(SubmitLedger ledger, BatchQueue queue, MessageCodec codec, Clock clock) {
    this(ledger, queue, codec, clock, null);
  }

  /** A submitter that can send incremental plans: it removes from {@code history} what they no longer have. */
  public Submitter(SubmitLedger ledger, BatchQueue queue, MessageCodec codec, Clock clock, ProductHistory history) {
    this.ledger = ledger;
    this.queue = queue;
    this.codec = codec;
    this.clock = clock;
    this.history = history;
  }

  /**
   * Refuses a catalog that may not be sent: one with no valid product, or, with {@code strict},
   * one with any invalid row.
   */
  public static void requireSendable(String source, CatalogScan scan, boolean strict) {
    if (scan.accepted() == 0) {
      throw EnrichException.invalidInput(source + ": no valid product"
          + (scan.rejected() > 0 ? String.format(Locale.ROOT, " (%,d invalid rows)", scan.rejected())
              : " (the catalog is empty)")
          + "; nothing sent");
    }
    if (strict && scan.rejected() > 0) {
      throw EnrichException.invalidInput(String.format(Locale.ROOT,
          "%s: %,d invalid rows and --strict: nothing sent", source, scan.rejected()));
    }
  }

  /** The checking pass and the plan, for {@code --dry-run}: nothing is kept for sending. */
  public static SubmitPlan plan(Catalog catalog, SubmitRequest options, MessageCodec codec,
      Consumer<Rejection> rejections) {
    return plan(catalog, options, codec, rejections, false);
  }

  /**
   * The checking pass and the plan. With {@code forSending}, the checked products are spooled,
   * encoded, for {@link #submit}; close the plan to delete them.
   */
  public static SubmitPlan plan(Catalog catalog, SubmitRequest options, MessageCodec codec,
      Consumer<Rejection> rejections, boolean forSending) {
    return plan(catalog, options, codec, rejections, forSending, null, Instant.now());
  }

  /**
   * The checking pass and the plan; an incremental request (docs/architecture.md section 10) is
   * decided against {@code history} as of {@code now}, and its plan cuts only the products to send.
   */
  public static SubmitPlan plan(Catalog catalog, SubmitRequest options, MessageCodec codec,
      Consumer<Rejection> rejections, boolean forSending, ProductHistory history, Instant now) {
    options.requireConsistent();
    if (options.incremental() && history == null) {
      throw EnrichException.invalidInput("--incremental compares the file with the enriched products in MongoDB: "
          + "set MONGODB_URI or --mongodb-uri");
    }
    Envelope envelope = Envelope.measure(codec, options);
    long[] bytes = new long[2];
    Marketplace catalogMarketplace = Marketplace.fromOptions(options.options()).orElse(null);
    long[] perDomain = new long[Marketplace.COM_BR.domain() + 1];
    ProductSpool spool = forSending ? new ProductSpool() : null;
    IncrementalScan incremental = options.incremental()
        ? new IncrementalScan(history, options.catalogId(), now, options.maxAge()) : null;
    long[] ordinal = new long[1];
    CatalogScan scan;
    Incremental decided = null;
    try {
      scan = catalog.scanWithMarketplace(rejections, (product, own) -> {
        Marketplace marketplace = own != null ? own : catalogMarketplace;
        int tag = marketplace == null ? 0 : marketplace.domain();
        byte[] json = codec.productJson(product);
        if (json.length > envelope.productBudget()) {
          throw EnrichException.invalidInput(String.format(Locale.ROOT,
              "%s:%d: the product is %,d bytes as JSON and cannot fit a %,d-byte message; shorten it, or raise "
                  + "--max-message-bytes if the queue allows larger messages",
              catalog.input().displayName(), product.line(), json.length, options.maxMessageBytes()));
        }
        if (spool != null) {
          spool.add(tag, json);
        }
        if (incremental != null) {
          // Counted once the merge has decided which products go.
          incremental.add(product, tag, (int) Math.min(Integer.MAX_VALUE, ordinal[0]++), json.length);
        } else {
          count(perDomain, bytes, tag, json.length);
        }
      });
      if (incremental != null && scan.accepted() <= Integer.MAX_VALUE) {
        decided = incremental.decide(scan.accepted(), (tag, length) -> count(perDomain, bytes, tag, length),
            catalog::accepted);
      }
    } catch (RuntimeException e) {
      if (spool != null) {
        spool.close();
      }
      throw e;
    } finally {
      if (incremental != null) {
        incremental.close();
      }
    }
    if (scan.accepted() > Integer.MAX_VALUE) {
      if (spool != null) {
        spool.close();
      }
      throw EnrichException.invalidInput(catalog.input().displayName() + ": more than 2^31 products; split the catalog");
    }
    String catalogId = options.catalogId() != null ? options.catalogId()
        : deriveCatalogId(scan.sourceName(), scan.contentHash());
    int products = (int) (scan.accepted() - (decided == null ? 0 : decided.unchanged()));
    BatchPlan batches = BatchPlanner.perGroup(BatchPlanner.capToMessage(BatchPlanner.plan(products,
        options.batchSize()), bytes[1], envelope.productBudget(), options.maxMessageBytes()), perDomain);
    if (decided != null && products == 0) {
      batches = new BatchPlan(0, batches.batchSize(), 0, "nothing to send: every product is unchanged");
    }
    long messageBytes = bytes[0] + (long) batches.batches() * envelope.bytes() + Math.max(0, products - batches.batches());
    long averageMessage = batches.batches() == 0 ? 0 : messageBytes / batches.batches();
    long chunks = (long) batches.batches() * CostModel.chunks(Math.max(1, averageMessage));
    List<Marketplace> marketplaces = Arrays.stream(Marketplace.values())
        .filter(m -> perDomain[m.domain()] > 0).toList();
    return new SubmitPlan(catalogId, scan, batches, bytes[0], bytes[1], messageBytes, chunks, options.maxMessageBytes(),
        spool, marketplaces, decided);
  }

  private static void count(long[] perDomain, long[] bytes, int tag, int length) {
    perDomain[tag]++;
    bytes[0] += length;
    bytes[1] = Math.max(bytes[1], length);
  }

  /** Registers the catalog and sends every batch not yet sent: the sending pass, over the spooled products. */
  public SubmitResult submit(SubmitPlan plan, SubmitRequest options, SubmitProgress progress) {
    if (plan.spool() == null) {
      throw new IllegalArgumentException("plan the catalog for sending first");
    }
    CatalogScan scan = plan.scan();
    String catalogId = plan.catalogId();
    BatchPlan batches = plan.batches();
    Instant now = clock.instant();
    Incremental incremental = plan.incremental();
    if (incremental != null && history == null) {
      throw new IllegalArgumentException("an incremental plan needs a submitter with the product history");
    }
    CatalogRegistration registration = new CatalogRegistration(
        catalogId, options.userId(), scan.sourceName(), scan.contentHash(), batches.products(),
        (int) scan.rejected(), batches.batches(), batches.batchSize(),
        StatusTable.shardCountFor(batches.batches()), options.options(), now,
        plan.marketplaces().stream().map(Marketplace::code).toList(),
        incremental == null ? null : (int) incremental.unchanged(),
        incremental == null ? null : (int) incremental.removed());
    Optional<SubmitLedger.Existing> existing = ledger.register(registration);
    Instant submittedAt = now;
    boolean resumed = false;
    long removed = 0;
    if (incremental != null) {
      // A new round, whatever the earlier one was: its batches become stale, what it enriched is
      // what this round's plan compared with (docs/architecture.md section 10).
      if (existing.isPresent()) {
        ledger.reset(catalogId);
        if (ledger.register(registration).isPresent()) {
          throw EnrichException.invalidInput("catalog " + catalogId + " was re-created while it was being replaced; try again");
        }
      }
      // After the round is registered, so batches of the earlier one are dropped by the consumer from now on.
      removed = history.removeAbsent(catalogId, incremental::inCatalog);
    } else if (existing.isPresent() && !existing.get().contentHash().equals(scan.contentHash())) {
      if (!options.force()) {
        throw new ConflictException("catalog " + catalogId + " was submitted from a different file;"
            + " choose another --catalog-id, or pass --force to replace it");
      }
      ledger.reset(catalogId);
      if (ledger.register(registration).isPresent()) {
        throw EnrichException.invalidInput("catalog " + catalogId + " was re-created while it was being replaced; try again");
      }
    } else if (existing.isPresent()) {
      SubmitLedger.Existing old = existing.get();
      // Resume with the size fixed when the catalog was first submitted, so batch ids mean the same.
      batches = new BatchPlan(batches.products(), old.batchSize(), old.totalBatches(),
          "resumed: batch size " + old.batchSize() + " as first submitted");
      submittedAt = old.createdAt();
      resumed = true;
    }

    Map<String, BatchState> states = resumed ? ledger.batchStates(catalogId) : Map.of();
    Set<String> receipts = resumed ? ledger.sentBatches(catalogId) : Set.of();
    int toSend = 0;
    for (int n = 1; n <= batches.batches(); n++) {
      String id = StatusTable.batchId(n);
      if (needsSending(id, states, receipts)) {
        toSend++;
      }
    }
    progress.start(toSend, batches.batches() - toSend);
    int sent;
    try (RoundSender sender = new RoundSender(ledger, queue, clock, catalogId, options.senders(), progress)) {
      Cutter cutter = new Cutter(catalogId, options.userId(), submittedAt, options.options(), batches.batchSize(),
          states, receipts, sender);
      if (incremental == null) {
        plan.spool().forEach(cutter);
      } else {
        long[] ordinal = new long[1];
        plan.spool().forEach((tag, product) -> {
          if (!incremental.skipped(ordinal[0]++)) {
            cutter.accept(tag, product);
          }
        });
      }
      cutter.finish();
      sent = sender.awaitAll();
    } finally {
      progress.finish(); // the last progress line comes before any error message
    }
    if (sent != toSend) {
      throw new IllegalStateException("sent " + sent + " batches where " + toSend + " were due");
    }
    ledger.markSent(catalogId, clock.instant());
    return new SubmitResult(catalogId, batches.products(), (int) scan.rejected(), batches.batches(),
        batches.batchSize(), batches.reason(), sent, resumed, incremental == null ? 0 : (int) incremental.unchanged(),
        removed);
  }

  private static boolean needsSending(String batchId, Map<String, BatchState> states, Set<String> receipts) {
    BatchState state = states.get(batchId);
    return (state == null || state == BatchState.PENDING) && !receipts.contains(batchId);
  }

  /** Cuts the replayed products into batches and hands the ones due to the sender in rounds. */
  private final class Cutter implements ProductSpool.Reader {
    private final String catalogId;
    private final String userId;
    private final Instant submittedAt;
    private final Map<String, String> options;
    private final int size;
    private final Map<String, BatchState> states;
    private final Set<String> receipts;
    private final RoundSender sender;
    /** The open batch of each marketplace (by spool tag), closed as it fills; in tag order at the end. */
    private final Map<Integer, List<byte[]>> open = new TreeMap<>();
    private List<OutgoingMessage> round = new ArrayList<>();
    private Map<String, Integer> pending = new LinkedHashMap<>();
    private long roundBytes;
    private int number = 1;

    Cutter(String catalogId, String userId, Instant submittedAt, Map<String, String> options, int size,
        Map<String, BatchState> states, Set<String> receipts, RoundSender sender) {
      this.catalogId = catalogId;
      this.userId = userId;
      this.submittedAt = submittedAt;
      this.options = options;
      this.size = size;
      this.states = states;
      this.receipts = receipts;
      this.sender = sender;
    }

    @Override
    public void accept(int tag, byte[] product) {
      List<byte[]> batch = open.computeIfAbsent(tag, t -> new ArrayList<>());
      batch.add(product);
      if (batch.size() == size) {
        close(tag, batch);
      }
    }

    private void close(int tag, List<byte[]> batch) {
      String id = StatusTable.batchId(number++);
      if (needsSending(id, states, receipts)) {
        Map<String, String> batchOptions = tag == 0 ? options : Marketplace.ofDomain(tag).orElseThrow().into(options);
        String body = codec.write(BatchMessage.of(catalogId, id, userId, submittedAt, batchOptions, List.of()), batch);
        round.add(new OutgoingMessage(id, body, Map.of(
            MessageAttributeNames.CATALOG_ID, catalogId,
            MessageAttributeNames.BATCH_ID, id,
            MessageAttributeNames.SCHEMA_VERSION, BatchMessage.SCHEMA_VERSION)));
        roundBytes += body.length();
        if (!states.containsKey(id)) {
          pending.put(id, batch.size());
        }
        if (round.size() == ROUND_BATCHES || roundBytes >= ROUND_BYTES) {
          flush();
        }
      }
      batch.clear();
    }

    private void flush() {
      if (!round.isEmpty()) {
        sender.submit(round, pending);
        round = new ArrayList<>();
        pending = new LinkedHashMap<>();
        roundBytes = 0;
      }
    }

    void finish() {
      open.forEach((tag, batch) -> {
        if (!batch.isEmpty()) {
          close(tag, batch);
        }
      });
      flush();
    }
  }

  /** A catalog id from the file name and the content hash: the same file gets the same id. */
  public static String deriveCatalogId(String sourceName, String contentHash) {
    String stem = sourceName.replaceFirst("\\.[^.]+$", "").replaceAll("[^A-Za-z0-9._-]+", "-");
    if (stem.length() > 60) {
      stem = stem.substring(0, 60);
    }
    return (stem.isEmpty() ? "catalog" : stem) + "-" + contentHash.substring(0, 8);
  }

  /** Bytes of a message without its products, at their largest (longest batch id, full timestamp). */
  record Envelope(int bytes, long productBudget) {
    static Envelope measure(MessageCodec codec, SubmitRequest options) {
      String id = options.catalogId() != null ? options.catalogId() : "x".repeat(80);
      String batchId = StatusTable.batchId(9_999_999);
      Instant latest = Instant.parse("2026-12-31T23:59:59.999999999Z");
      String body = codec.write(BatchMessage.of(id, batchId, options.userId(), latest, options.options(), List.of()));
      // A row's own marketplace can add the domain option, or lengthen it to two digits.
      String widest = codec.write(BatchMessage.of(id, batchId, options.userId(), latest,
          Marketplace.COM_BR.into(options.options()), List.of()));
      int attributes = 0;
      for (Map.Entry<String, String> a : Map.of(MessageAttributeNames.CATALOG_ID, id,
          MessageAttributeNames.BATCH_ID, batchId, MessageAttributeNames.SCHEMA_VERSION, BatchMessage.SCHEMA_VERSION).entrySet()) {
        attributes += a.getKey().length() + "String".length() + a.getValue().getBytes(StandardCharsets.UTF_8).length;
      }
      // The empty message has "products":[] omitted; the list adds its key and brackets.
      int bytes = body.getBytes(StandardCharsets.UTF_8).length + attributes + ",\"products\":[]".length();
      int widestBytes = Math.max(bytes, widest.getBytes(StandardCharsets.UTF_8).length + attributes
          + ",\"products\":[]".length());
      return new Envelope(bytes, options.maxMessageBytes() - (long) widestBytes);
    }
  }
}
