package dev.enrich.cli.track;

import java.time.Instant;

/** Progress of one catalog, summed from its progress shards. */
public record CatalogStatus(
    String catalogId,
    String userId,
    String sourceName,
    CatalogState state,
    int totalProducts,
    int invalidProducts,
    int totalBatches,
    int batchSize,
    long productsDone,
    long succeeded,
    long failed,
    long batchesDone,
    BatchCounts batches,
    Instant submittedAt,
    Instant startedAt,
    Instant updatedAt) {}
