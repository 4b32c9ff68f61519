package dev.enrich.client.track;

import dev.enrich.contract.output.CatalogStatus;
import java.time.Instant;
import java.util.List;

/**
 * One page of a user's catalogs, newest first.
 *
 * <pre>{@code
 * CatalogListing page = client.list("seller-42", Optional.of(Duration.ofDays(7)), 20);
 * page.catalogs().forEach(c -> System.out.println(c.catalogId() + " " + c.state()));
 * }</pre>
 *
 * @param since the oldest submit time asked for, or null for no bound
 * @param more true when the user has catalogs older than the last one listed (within {@code since})
 */
public record CatalogListing(String userId, Instant since, int limit, List<CatalogStatus> catalogs, boolean more) {}
