package dev.enrich.contract.output;

/** What {@code validate} prints. */
public record Validated(String file, String format, long products, long invalid, long skipped, String contentHash) {}
