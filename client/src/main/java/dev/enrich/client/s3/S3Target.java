package dev.enrich.client.s3;

import dev.enrich.client.EnrichException;
import dev.enrich.client.track.ExportTarget;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An export written to S3 that appears only complete: a multipart upload, one part buffered in
 * memory at a time and sent when full, completed only by {@link #commit()} once the whole export
 * is written. Anything else (a failed read, a failed part, Ctrl-C) aborts the upload, so no object,
 * partial or not, is left under the key, and no parts are left to pay for. A {@code kill -9} can
 * leave the parts (never an object): a bucket lifecycle rule with AbortIncompleteMultipartUpload
 * removes them.
 *
 * <p>Parts are at least 5 MiB but the last, as S3 requires
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html); 10,000 parts of the default
 * 8 MiB hold 78 GiB.
 *
 * <pre>{@code
 * client.export(id, ExportFormat.csv, S3Target.check(s3, S3Location.parse("s3://exports/spring.csv"), false, null));
 * }</pre>
 */
public final class S3Target implements ExportTarget {
  /** S3's smallest part but the last. */
  public static final int MIN_PART_BYTES = 5 * 1024 * 1024;
  /** The part size: the memory an export to S3 holds. */
  public static final int DEFAULT_PART_BYTES = 8 * 1024 * 1024;
  /** S3's most parts in one upload. */
  static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final S3Location where;
  private final boolean replace;
  private final int partBytes;
  private final String awsProfile;
  private final List<CompletedPart> parts = new ArrayList<>();
  private volatile String uploadId;
  private Writer writer;
  private PartStream stream;
  private Thread abortOnExit;
  private volatile boolean committed;

  S3Target(S3Client s3, S3Location where, boolean replace, int partBytes, String awsProfile) {
    this.s3 = s3;
    this.where = where;
    this.replace = replace;
    this.partBytes = partBytes;
    this.awsProfile = awsProfile;
  }

  /**
   * Checks the target before anything is read, as {@code FileTarget.check} does: an existing object
   * is refused unless {@code replace} ({@code --force}). {@code awsProfile} (nullable) is named in
   * credential errors.
   */
  public static S3Target check(S3Client s3, S3Location where, boolean replace, String awsProfile) {
    S3Target target = new S3Target(s3, where, replace, DEFAULT_PART_BYTES, awsProfile);
    if (!replace && target.exists()) {
      throw EnrichException.invalidInput(where + " already exists (use --force to replace it)");
    }
    return target;
  }

  @Override
  public Writer open() {
    try {
      uploadId = s3.createMultipartUpload(b -> b.bucket(where.bucket()).key(where.key())).uploadId();
    } catch (SdkException e) {
      throw S3Failures.explain(e, S3Operation.CREATE_MULTIPART_UPLOAD, where, awsProfile);
    }
    // Ctrl-C ends the JVM without closing the target: abort there too, as FileTarget deletes its file.
    abortOnExit = new Thread(this::abortQuietly, "enrich-s3-abort");
    Runtime.getRuntime().addShutdownHook(abortOnExit);
    stream = new PartStream();
    writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    return writer;
  }

  @Override
  public void check() {
    // A failed part fails the write that filled it.
  }

  @Override
  public void commit() throws IOException {
    writer.flush();
    stream.finish();
    if (!replace && exists()) {
      throw EnrichException.invalidInput(where + " was created by something else during the export "
          + "(use --force to replace it)");
    }
    try {
      s3.completeMultipartUpload(b -> b.bucket(where.bucket()).key(where.key()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
    } catch (SdkException e) {
      throw S3Failures.explain(e, S3Operation.COMPLETE_MULTIPART_UPLOAD, where, awsProfile);
    }
    committed = true;
  }

  @Override
  public void close() {
    if (abortOnExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(abortOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: it aborts the upload.
      }
      abortOnExit = null;
    }
    if (committed || uploadId == null) {
      return;
    }
    String id = uploadId;
    uploadId = null;
    try {
      s3.abortMultipartUpload(b -> b.bucket(where.bucket()).key(where.key()).uploadId(id));
    } catch (SdkException e) {
      throw S3Failures.explain(e, S3Operation.ABORT_MULTIPART_UPLOAD, where, awsProfile);
    }
  }

  @Override
  public String describe() {
    return where.toString();
  }

  /** The parts sent so far (for tests). */
  List<CompletedPart> parts() {
    return List.copyOf(parts);
  }

  private void abortQuietly() {
    if (committed || uploadId == null) {
      return;
    }
    try {
      s3.abortMultipartUpload(b -> b.bucket(where.bucket()).key(where.key()).uploadId(uploadId));
    } catch (SdkException e) {
      // The JVM is exiting and has no one to tell; a lifecycle rule removes what is left (class comment).
    }
  }

  private boolean exists() {
    try {
      s3.headObject(b -> b.bucket(where.bucket()).key(where.key()));
      return true;
    } catch (S3Exception e) {
      // HeadObject's 404 has no body to tell a missing bucket from a missing key: CreateMultipartUpload will.
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
        return false;
      }
      throw S3Failures.explain(e, S3Operation.HEAD_OBJECT, where, awsProfile);
    } catch (SdkException e) {
      throw S3Failures.explain(e, S3Operation.HEAD_OBJECT, where, awsProfile);
    }
  }

  /** Bytes into parts: one part's buffer, sent when full; the last, whatever its size, by {@link #finish}. */
  private final class PartStream extends OutputStream {
    private final byte[] buffer = new byte[partBytes];
    private int count;

    @Override
    public void write(int b) {
      if (count == buffer.length) {
        send();
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
      while (len > 0) {
        if (count == buffer.length) {
          send();
        }
        int n = Math.min(len, buffer.length - count);
        System.arraycopy(bytes, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    /** Sends what is buffered as the last part; an empty export is one empty part. */
    void finish() {
      if (count > 0 || parts.isEmpty()) {
        send();
      }
    }

    private void send() {
      int number = parts.size() + 1;
      if (number > MAX_PARTS) {
        throw EnrichException.invalidInput(where + ": the export is over " + MAX_PARTS + " parts of "
            + partBytes + " bytes, S3's limit for one upload");
      }
      int length = count;
      UploadPartResponse sent;
      try {
        sent = s3.uploadPart(b -> b.bucket(where.bucket()).key(where.key()).uploadId(uploadId).partNumber(number)
            .contentLength((long) length),
            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                "application/octet-stream"));
      } catch (SdkException e) {
        throw S3Failures.explain(e, S3Operation.UPLOAD_PART, where, awsProfile);
      }
      parts.add(CompletedPart.builder().partNumber(number).eTag(sent.eTag()).build());
      count = 0;
    }
  }
}
