/**
 * enrich as a library: {@link dev.enrich.client.EnrichClient} submits catalogs for enrichment and
 * follows them, as the {@code enrich} command does; {@link dev.enrich.client.CatalogSource} says
 * where a catalog comes from; the failures are the subclasses of {@link
 * dev.enrich.client.EnrichException}. This package is the API a service programs against.
 *
 * <pre>{@code
 * EnrichClient client = EnrichClient.builder().sqs(sqs).dynamoDb(dynamo)
 *     .queue("enrich-batches").table("enrich-status").build();
 * SubmitResult sent = client.submit(catalogId, userId, products);
 * StatusReport now = client.status(sent.catalogId());
 * }</pre>
 *
 * <p>The subpackages hold what the client is made of, public because the command line uses them
 * too: {@code catalog} (readers and checks), {@code submit} (planning and sending), {@code track}
 * (status, list, cancel, export), {@code dlq} (the dead-letter queue tools), {@code aws} (clients,
 * credentials, failures), {@code config} (settings and profiles). Their types appear in the
 * client's signatures; calling them directly is possible but not the stable way in.
 */
package dev.enrich.client;
