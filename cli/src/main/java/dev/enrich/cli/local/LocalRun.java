package dev.enrich.cli.local;

import com.mongodb.client.model.Filters;
import dev.enrich.cli.CommandException;
import dev.enrich.cli.ExitCodes;
import dev.enrich.cli.worker.InProcessConsumer;
import dev.enrich.cli.worker.LocalWorker;
import dev.enrich.cli.worker.WorkerSettings;
import dev.enrich.client.config.Settings;
import dev.enrich.client.submit.DynamoSubmitLedger;
import dev.enrich.client.submit.SqsBatchQueue;
import dev.enrich.client.submit.SubmitPlan;
import dev.enrich.client.submit.SubmitProgress;
import dev.enrich.client.submit.SubmitRequest;
import dev.enrich.client.submit.SubmitResult;
import dev.enrich.client.submit.Submitter;
import dev.enrich.client.track.StatusReader;
import dev.enrich.contract.MessageCodec;
import dev.enrich.contract.ProductDocument;
import dev.enrich.contract.output.CatalogStatus;
import dev.enrich.lambda.store.MongoProductStore;
import dev.enrich.local.LocalStack;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * The whole pipeline in one process, on a running local stack: submit a catalog, consume it with
 * the in-process worker, wait for a terminal state, and check that the three stores agree.
 */
public final class LocalRun {

  /** What happened, with the count each store holds. */
  public record Outcome(
      SubmitResult submit, CatalogStatus status, long mongoDocuments, long mongoEnriched, boolean consistent) {}

  private LocalRun() {}

  public static Outcome run(LocalStack stack, Settings settings, SubmitPlan plan,
      SubmitRequest options, WorkerSettings workerSettings, Duration timeout, PrintStream log)
      throws InterruptedException {
    Clock clock = Clock.systemUTC();
    LocalWorker worker = InProcessConsumer.onStack(stack, settings, workerSettings, log);
    worker.start();
    try {
      Submitter submitter = new Submitter(
          new DynamoSubmitLedger(stack.dynamoClient(), settings.table()),
          new SqsBatchQueue(stack.sqsClient(), stack.queueUrl()), new MessageCodec(), clock);
      SubmitResult submitted = submitter.submit(plan, options, SubmitProgress.NONE);
      String catalogId = submitted.catalogId();
      CatalogStatus status = awaitTerminal(new StatusReader(stack.dynamoClient(), settings.table()), catalogId, timeout);
      var products = stack.mongoClient().getDatabase(settings.mongoDatabase())
          .getCollection(MongoProductStore.COLLECTION);
      long documents = products.countDocuments(Filters.eq(ProductDocument.CATALOG_ID, catalogId));
      long enriched = products.countDocuments(
          Filters.and(Filters.eq(ProductDocument.CATALOG_ID, catalogId), Filters.eq(ProductDocument.STATUS, ProductDocument.ENRICHED)));
      boolean consistent = status.productsDone() == submitted.products()
          && documents == submitted.products()
          && enriched == status.succeeded();
      return new Outcome(submitted, status, documents, enriched, consistent);
    } finally {
      worker.close();
    }
  }

  private static CatalogStatus awaitTerminal(StatusReader reader, String catalogId, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      CatalogStatus status = reader.read(catalogId);
      if (status.state().terminal()) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new CommandException(ExitCodes.SOME_FAILED, "catalog " + catalogId + " did not finish within "
            + timeout.toSeconds() + " s: " + status.productsDone() + " of " + status.totalProducts() + " products done");
      }
      Thread.sleep(100);
    }
  }
}
