package dev.enrich.client.config;

import java.util.Map;

/** The local stack's fixed default ports, used by {@code enrich local up} and the {@code local} profile. */
public final class LocalDefaults {
  public static final String HOST = "127.0.0.1";
  public static final int SQS_PORT = 9324;
  public static final int DYNAMODB_PORT = 4567;
  public static final int MONGO_PORT = 27018;
  public static final String REGION = "us-east-1";

  private LocalDefaults() {}

  static Map<String, String> settings() {
    return Map.of(
        SettingsResolver.KEY_REGION, REGION,
        SettingsResolver.KEY_SQS_ENDPOINT, "http://" + HOST + ":" + SQS_PORT,
        SettingsResolver.KEY_DYNAMODB_ENDPOINT, "http://" + HOST + ":" + DYNAMODB_PORT,
        SettingsResolver.KEY_MONGODB_URI, "mongodb://" + HOST + ":" + MONGO_PORT,
        SettingsResolver.KEY_PROVIDER, "mock");
  }
}
