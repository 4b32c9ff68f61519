package dev.enrich.local;

import dev.enrich.client.config.Settings;
import java.util.Optional;

/** {@link Settings} that point at a running local stack, keeping the user's other choices. */
public final class StackSettings {
  private StackSettings() {}

  public static Settings of(LocalStack stack, Settings base, String provider) {
    LocalStackConfig c = stack.config();
    return new Settings(
        "local",
        c.region(),
        Optional.of(stack.sqsEndpoint()),
        Optional.of(stack.dynamoEndpoint()),
        stack.queueUrl(),
        c.tableName(),
        stack.mongoUri(),
        c.mongoDatabase(),
        provider,
        base.userId());
  }
}
