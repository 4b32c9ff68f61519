package dev.enrich.cli.submit;

import java.time.Instant;
import java.util.Map;

/** What the catalog item records when a submit starts. */
public record CatalogRegistration(
    String catalogId,
    String userId,
    String sourceName,
    String contentHash,
    int totalProducts,
    int invalidProducts,
    int totalBatches,
    int batchSize,
    int shardCount,
    Map<String, String> options,
    Instant createdAt) {}
