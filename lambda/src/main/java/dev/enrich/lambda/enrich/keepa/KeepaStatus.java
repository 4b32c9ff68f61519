package dev.enrich.lambda.enrich.keepa;

import java.time.Instant;

/**
 * The token account as Keepa last reported it: {@code tokensLeft} (negative when in debt),
 * {@code refillInMillis} until the next refill, {@code refillRate} tokens per refill (per minute on
 * Keepa), all as of {@code observedAt}.
 */
public record KeepaStatus(int tokensLeft, long refillInMillis, int refillRate, Instant observedAt) {}
