package dev.enrich.client.submit;

import java.util.List;
import java.util.Map;

/** Where batch messages go. */
public interface BatchQueue {

  /**
   * Sends messages, retrying entries the queue refuses for a transient reason.
   *
   * @return message id by batch id, for every message sent
   * @throws dev.enrich.client.RemoteServiceException if some entries could not be sent after the retries
   */
  Map<String, String> send(List<OutgoingMessage> messages);
}
