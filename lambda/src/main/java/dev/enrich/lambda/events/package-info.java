/**
 * What the consumer does once a batch settles: stop a catalog whose failures passed
 * {@code submit --max-failures}, and publish one completion event per catalog when its last batch
 * settles (docs/architecture.md section 5).
 */
package dev.enrich.lambda.events;
