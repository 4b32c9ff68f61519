package dev.enrich.contract.output;

import java.util.List;

/**
 * What one export wrote.
 *
 * <pre>{@code
 * ExportSummary done = client.export("spring-2026", ExportFormat.csv, FileTarget.check(Path.of("out.csv"), true));
 * log.info("{} products exported, {} failed", done.products(), done.failed());
 * }</pre>
 *
 * @param state the catalog's state when the export started
 * @param productsCounted the products the status table counts as done, to compare with {@code products}
 * @param destination the file written, or {@code stdout}
 * @param marketplaces codes of the marketplaces the catalog was looked up in; empty when not recorded
 */
public record ExportSummary(
    String catalogId,
    CatalogState state,
    long productsCounted,
    long products,
    long enriched,
    long failed,
    String destination,
    List<String> marketplaces) {}
