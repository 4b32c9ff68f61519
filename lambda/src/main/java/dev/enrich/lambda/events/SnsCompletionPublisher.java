package dev.enrich.lambda.events;

import dev.enrich.contract.OutputJson;
import dev.enrich.contract.output.CompletionEvent;
import dev.enrich.lambda.store.StoreUnavailableException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes completion events to an SNS topic: the event's JSON as the message, and its catalog
 * id, user and state as message attributes, so a subscription's filter policy can pick, say, one
 * seller's FAILED catalogs without reading the body.
 */
public final class SnsCompletionPublisher implements CompletionPublisher {
  /** Message attribute names (filter policies match on them). */
  public static final String ATTRIBUTE_CATALOG_ID = "catalog_id";
  public static final String ATTRIBUTE_USER_ID = "user_id";
  public static final String ATTRIBUTE_STATE = "state";

  private final SnsClient sns;
  private final String topicArn;

  public SnsCompletionPublisher(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void publish(CompletionEvent event) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    attributes.put(ATTRIBUTE_CATALOG_ID, text(event.catalogId()));
    attributes.put(ATTRIBUTE_STATE, text(event.state().name()));
    if (event.userId() != null && !event.userId().isBlank()) {
      attributes.put(ATTRIBUTE_USER_ID, text(event.userId()));
    }
    try {
      sns.publish(b -> b.topicArn(topicArn).message(OutputJson.write(event)).messageAttributes(attributes));
    } catch (SdkException e) {
      throw new StoreUnavailableException("SNS: cannot publish the completion event of catalog " + event.catalogId()
          + ": " + e.getMessage(), e);
    }
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
