package dev.enrich.client.dlq;

import java.util.Map;

/**
 * What a redrive is about to do, for the person asked to confirm it.
 *
 * @param byCatalog messages per catalog ("(no catalog)" for messages that name none)
 * @param more true when more messages than counted may move (the count stopped at a limit)
 */
public record RedrivePlan(String mode, String from, String to, long messages, Map<String, Long> byCatalog,
    boolean more, Integer rate) {

  /** Asks whether to go ahead; a "no" leaves everything as it is. */
  @FunctionalInterface
  public interface Confirmation {
    Confirmation YES = plan -> true;

    boolean confirm(RedrivePlan plan);
  }
}
