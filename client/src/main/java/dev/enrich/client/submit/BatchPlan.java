package dev.enrich.client.submit;

/** How a catalog is cut into batches, and why that size. */
public record BatchPlan(int products, int batchSize, int batches, String reason) {}
