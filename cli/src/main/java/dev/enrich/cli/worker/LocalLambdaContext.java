package dev.enrich.cli.worker;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The Lambda {@link Context} of one local invocation: a request id and a deadline. */
public final class LocalLambdaContext implements Context {
  /** Lambda's longest function timeout, for one-off invocations. */
  public static final int DEFAULT_TIMEOUT_MILLIS = 900_000;

  private final String requestId = UUID.randomUUID().toString();
  private final long deadlineNanos;
  private final LambdaLogger logger;

  public LocalLambdaContext(int timeoutMillis, PrintStream log) {
    this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    this.logger = new LambdaLogger() {
      @Override
      public void log(String message) {
        log.println(message);
      }

      @Override
      public void log(byte[] message) {
        log.println(new String(message, StandardCharsets.UTF_8));
      }
    };
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "local";
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return "enrich-local-worker";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:enrich-local-worker";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L);
  }

  @Override
  public int getMemoryLimitInMB() {
    return (int) (Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
