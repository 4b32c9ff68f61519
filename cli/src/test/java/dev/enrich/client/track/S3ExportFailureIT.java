package dev.enrich.client.track;

import static dev.enrich.client.track.StoredProducts.attributes;
import static dev.enrich.client.track.StoredProducts.enriched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import dev.enrich.cli.local.MotoS3;
import dev.enrich.client.RemoteServiceException;
import dev.enrich.client.s3.S3Location;
import dev.enrich.client.s3.S3Target;
import dev.enrich.contract.BatchCounts;
import dev.enrich.contract.output.CatalogState;
import dev.enrich.contract.output.CatalogStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An export to S3 that fails half-way, against moto_server's S3: after a part has been uploaded,
 * the product read breaks off, or S3 refuses the second part. Either way the upload is aborted, no
 * upload is left open and no object, partial or whole, appears under the key.
 */
class S3ExportFailureIT {
  private static final String BUCKET = "exports";
  /** About 2 KiB a row: 5,000 products are two parts of 8 MiB and a bit. */
  private static final String NOTE = "x".repeat(2000);
  private static MotoS3 moto;

  @BeforeAll
  static void start() {
    moto = MotoS3.start();
    moto.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  /** Counts the S3 calls by operation and, when asked, fails UploadPart number {@code failPart}. */
  private static final class S3Calls implements ExecutionInterceptor {
    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final int failPart;

    S3Calls(int failPart) {
      this.failPart = failPart;
    }

    int count(String operation) {
      return counts.getOrDefault(operation, new AtomicInteger()).get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      int n = counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      if (operation.equals("UploadPart") && n == failPart) {
        throw SdkClientException.create("connection reset while sending part " + n);
      }
    }
  }

  /** {@code total} stored products, the read breaking off before product {@code failAt} (0: never). */
  private static ProductSource products(int total, int failAt) {
    return new ProductSource() {
      @Override
      public List<String> attributeKeys(String catalogId) {
        return List.of("note");
      }

      @Override
      public Cursor open(String catalogId) {
        return new Cursor() {
          int next;

          @Override
          public boolean hasNext() {
            return next < total;
          }

          @Override
          public Document next() {
            if (++next == failAt) {
              throw new MongoSocketReadException("Prematurely reached end of stream",
                  new ServerAddress("127.0.0.1", 27018));
            }
            return enriched(String.format("SKU-%06d", next), next, attributes("note", NOTE));
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  private static Exporter exporter(ProductSource source) {
    CatalogStatus status = new CatalogStatus("cat", "u", "file.csv", CatalogState.COMPLETED, 5000, 0, 1, 20, 5000,
        5000, 0, 1, new BatchCounts(0, 0, 1, 0, 0), null, null, null);
    return new Exporter(id -> status, source, Clock.systemUTC());
  }

  @Test
  void readBreakingOff_afterAPartWasUploaded_abortsTheUpload_andLeavesNoObject() {
    S3Calls calls = new S3Calls(0);
    try (S3Client s3 = moto.client(calls)) {
      S3Location where = new S3Location(BUCKET, "half/read.csv");
      RuntimeException e = assertThrows(RuntimeException.class, () -> exporter(products(5000, 4500))
          .export("cat", ExportFormat.csv, S3Target.check(s3, where, false, null)));
      assertInstanceOf(MongoSocketReadException.class, e, "the read's failure is what the caller sees");
      assertTrue(calls.count("UploadPart") >= 1, "a part went up before the read failed: " + calls.counts);
      assertEquals(0, calls.count("CompleteMultipartUpload"), calls.counts.toString());
      assertEquals(1, calls.count("AbortMultipartUpload"), calls.counts.toString());
    }
    assertEquals(List.of(), moto.openUploads(BUCKET), "no upload left open");
    assertFalse(moto.exists(BUCKET, "half/read.csv"), "no object under the key");
  }

  @Test
  void secondPartRefused_abortsTheUpload_leavesNoObject_andNamesTheObject() {
    S3Calls calls = new S3Calls(2);
    try (S3Client s3 = moto.client(calls)) {
      S3Location where = new S3Location(BUCKET, "half/part.jsonl");
      RemoteServiceException e = assertThrows(RemoteServiceException.class, () -> exporter(products(5000, 0))
          .export("cat", ExportFormat.jsonl, S3Target.check(s3, where, false, null)));
      assertTrue(e.getMessage().startsWith("cannot reach S3 for s3://exports/half/part.jsonl: "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertEquals(2, calls.count("UploadPart"), calls.counts.toString());
      assertEquals(0, calls.count("CompleteMultipartUpload"), calls.counts.toString());
      assertEquals(1, calls.count("AbortMultipartUpload"), calls.counts.toString());
    }
    assertEquals(List.of(), moto.openUploads(BUCKET), "no upload left open");
    assertFalse(moto.exists(BUCKET, "half/part.jsonl"), "no object under the key");
  }

  @Test
  void wholeExport_ofSeveralParts_isOneObject_withEveryRow() {
    S3Calls calls = new S3Calls(0);
    try (S3Client s3 = moto.client(calls)) {
      exporter(products(5000, 0)).export("cat", ExportFormat.csv,
          S3Target.check(s3, new S3Location(BUCKET, "whole/all.csv"), false, null));
    }
    assertEquals(2, calls.count("UploadPart"), "8 MiB, then the rest: " + calls.counts);
    assertEquals(1, calls.count("CompleteMultipartUpload"));
    String text = new String(moto.get(BUCKET, "whole/all.csv"), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(5001, text.lines().count(), "a header and 5,000 rows");
    assertTrue(text.lines().skip(1).allMatch(l -> l.startsWith("SKU-")), "no row cut at a part boundary");
    assertEquals(List.of(), moto.openUploads(BUCKET));
  }
}
