package dev.enrich.contract.output;

/** A batch item of the status table: catalog and batch id. */
public record BatchRef(String catalogId, String batchId) {}
