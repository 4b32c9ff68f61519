package dev.enrich.cli.local;

import dev.enrich.local.LocalStackConfig;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local stack of an integration test class: a {@link StackFixture} started before the class's
 * first test (and its {@code @BeforeAll} methods) and closed after its last. With
 * {@code -Denrich.it.aws=moto} it runs on a moto_server of its own, as StackFixture does.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final StackExtension stack = new StackExtension(c -&gt; c.withVisibilityTimeoutSeconds(1));
 * </pre>
 *
 * A test that needs a stack of its own, or one per test, uses StackFixture in a try-with-resources.
 */
public final class StackExtension implements BeforeAllCallback, AfterAllCallback {
  private final UnaryOperator<LocalStackConfig> adjust;
  private StackFixture fixture;

  /** The default ephemeral stack on free ports. */
  public StackExtension() {
    this(UnaryOperator.identity());
  }

  /** A stack whose config the class adjusts (visibility timeout, maxReceiveCount, ...). */
  public StackExtension(UnaryOperator<LocalStackConfig> adjust) {
    this.adjust = adjust;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    fixture = new StackFixture(adjust);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    StackFixture started = fixture;
    fixture = null;
    if (started != null) {
      started.close();
    }
  }

  /** The running stack; only between the class's start and end. */
  public StackFixture fixture() {
    if (fixture == null) {
      throw new IllegalStateException("no stack: register the extension on a static field and use it from a test");
    }
    return fixture;
  }

  /** {@code head} followed by the flags that point the command line at this stack. */
  public String[] args(String... head) {
    return fixture().args(head);
  }
}
