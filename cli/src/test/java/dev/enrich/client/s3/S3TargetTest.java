package dev.enrich.client.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/** The multipart target on a recording S3 client: where parts end, and what close does without a commit. */
class S3TargetTest {
  private static final S3Location WHERE = new S3Location("exports", "out.csv");

  /** Records the multipart calls; part sizes as sent. */
  private static class Recording implements S3Client {
    final List<String> calls = new ArrayList<>();
    final List<Long> partSizes = new ArrayList<>();
    List<CompletedPart> completed;

    @Override
    public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest r) {
      calls.add("create " + r.key());
      return CreateMultipartUploadResponse.builder().uploadId("u-1").build();
    }

    @Override
    public UploadPartResponse uploadPart(UploadPartRequest r, RequestBody body) {
      calls.add("part " + r.partNumber());
      try (InputStream in = body.contentStreamProvider().newStream()) {
        long n = in.readAllBytes().length;
        assertEquals(r.contentLength(), n, "the declared length is what is sent");
        partSizes.add(n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return UploadPartResponse.builder().eTag("e" + r.partNumber()).build();
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest r) {
      calls.add("complete " + r.uploadId());
      completed = r.multipartUpload().parts();
      return CompleteMultipartUploadResponse.builder().build();
    }

    @Override
    public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest r) {
      calls.add("abort " + r.uploadId());
      return AbortMultipartUploadResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }

  private static void write(S3Target target, int bytes) throws IOException {
    Writer w = target.open();
    char[] chunk = new char[1000];
    java.util.Arrays.fill(chunk, 'a');
    for (int left = bytes; left > 0; left -= chunk.length) {
      w.write(chunk, 0, Math.min(left, chunk.length));
    }
    w.flush();
  }

  @Test
  void parts_areFullButTheLast_andCompletedInOrder() throws IOException {
    Recording s3 = new Recording();
    S3Target target = new S3Target(s3, WHERE, true, S3Target.MIN_PART_BYTES, null);
    write(target, 2 * S3Target.MIN_PART_BYTES + 12_345);
    target.commit();
    target.close();
    assertEquals(List.of((long) S3Target.MIN_PART_BYTES, (long) S3Target.MIN_PART_BYTES, 12_345L), s3.partSizes);
    assertEquals(List.of("create out.csv", "part 1", "part 2", "part 3", "complete u-1"), s3.calls);
    assertEquals(List.of(1, 2, 3), s3.completed.stream().map(CompletedPart::partNumber).toList());
    assertEquals(List.of("e1", "e2", "e3"), s3.completed.stream().map(CompletedPart::eTag).toList());
  }

  @Test
  void exactlyOnePartOfOutput_sendsNoEmptyPartAfterIt() throws IOException {
    Recording s3 = new Recording();
    S3Target target = new S3Target(s3, WHERE, true, S3Target.MIN_PART_BYTES, null);
    write(target, S3Target.MIN_PART_BYTES);
    target.commit();
    assertEquals(List.of((long) S3Target.MIN_PART_BYTES), s3.partSizes);
  }

  @Test
  void emptyExport_isOneEmptyPart() throws IOException {
    Recording s3 = new Recording();
    S3Target target = new S3Target(s3, WHERE, true, S3Target.MIN_PART_BYTES, null);
    target.open();
    target.commit();
    assertEquals(List.of(0L), s3.partSizes);
    assertEquals("complete u-1", s3.calls.get(s3.calls.size() - 1));
  }

  @Test
  void closeWithoutCommit_abortsTheUpload_once_andNeverCompletes() throws IOException {
    Recording s3 = new Recording();
    S3Target target = new S3Target(s3, WHERE, true, S3Target.MIN_PART_BYTES, null);
    write(target, S3Target.MIN_PART_BYTES + 10);
    target.close();
    target.close();
    assertEquals(List.of("create out.csv", "part 1", "abort u-1"), s3.calls);
  }

  @Test
  void closeBeforeOpen_callsNothing() {
    Recording s3 = new Recording();
    new S3Target(s3, WHERE, true, S3Target.MIN_PART_BYTES, null).close();
    assertEquals(List.of(), s3.calls);
  }

  @Test
  void refusedPart_isOneLineNamingTheObjectAndThePermission() {
    Recording s3 = new Recording() {
      @Override
      public UploadPartResponse uploadPart(UploadPartRequest r, RequestBody body) {
        throw S3FailuresTest.denied();
      }
    };
    S3Target target = new S3Target(s3, WHERE, true, S3Target.MIN_PART_BYTES, null);
    RuntimeException e = assertThrows(RuntimeException.class, () -> write(target, S3Target.MIN_PART_BYTES + 1));
    assertEquals("s3://exports/out.csv: access denied to UploadPart: the credentials need s3:PutObject on "
        + "exports/out.csv", e.getMessage());
    target.close();
    assertTrue(s3.calls.contains("abort u-1"), s3.calls.toString());
  }

}
