package dev.enrich.lambda.events;

import dev.enrich.contract.output.CompletionEvent;

/** Where completion events go: the stack's SNS topic, or nowhere when none is configured. */
public interface CompletionPublisher {
  /** No topic: the consumer does not look for the end of catalogs at all. */
  CompletionPublisher NONE = new CompletionPublisher() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void publish(CompletionEvent event) {
      throw new IllegalStateException("no completion topic is configured");
    }
  };

  boolean enabled();

  /**
   * Sends the event; a failure is a {@link dev.enrich.lambda.store.StoreUnavailableException}, so the
   * batch's message comes back and its next delivery publishes again.
   */
  void publish(CompletionEvent event);
}
