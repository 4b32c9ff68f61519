package dev.enrich.client.s3;

import dev.enrich.client.EnrichException;
import dev.enrich.client.catalog.CatalogFormat;
import dev.enrich.client.catalog.CatalogInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A catalog in S3, opened as a file is: HeadObject gives its size, checked against the size limit
 * before a byte is downloaded; GetObject streams it, pinned to the ETag HeadObject saw, into a
 * temporary file the catalog is read from (the readers read a catalog more than once, as they do
 * stdin). The catalog's name is the key's last segment, so its derived id, its format from the
 * extension and its content hash are those of the same file submitted from disk, and a re-run
 * resumes the same way.
 *
 * <pre>{@code
 * try (CatalogInput input = S3CatalogObject.open(s3, S3Location.parse("s3://catalogs/spring.csv"),
 *     StandardCharsets.UTF_8, Optional.empty(), CatalogSource.DEFAULT_MAX_BYTES, null)) { ... }
 * }</pre>
 */
public final class S3CatalogObject {
  private S3CatalogObject() {}

  /**
   * Downloads the object into a catalog input the caller closes; {@code awsProfile} (nullable) is
   * named in credential errors.
   */
  public static CatalogInput open(S3Client s3, S3Location where, Charset charset, Optional<CatalogFormat> format,
      long maxBytes, String awsProfile) {
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(where.bucket()).key(where.key()));
    } catch (SdkException e) {
      throw S3Failures.explain(e, S3Operation.HEAD_OBJECT, where, awsProfile);
    }
    long size = head.contentLength() == null ? 0 : head.contentLength();
    CatalogInput.requireWithinLimit(where.toString(), size, maxBytes);
    try (ResponseInputStream<GetObjectResponse> object =
        s3.getObject(b -> b.bucket(where.bucket()).key(where.key()).ifMatch(head.eTag()))) {
      return CatalogInput.spool(new ReadFailures(object), where.toString(), where.fileName(), charset, format,
          maxBytes);
    } catch (SdkException e) {
      if (e instanceof S3Exception s3e && s3e.statusCode() == 412) {
        throw EnrichException.invalidInput(where + ": the object changed while it was being read; run the command again");
      }
      throw S3Failures.explain(e, S3Operation.GET_OBJECT, where, awsProfile);
    } catch (ReadFailure e) {
      throw S3Failures.explain(SdkException.builder().message(e.getCause().getMessage()).cause(e.getCause()).build(),
          S3Operation.GET_OBJECT, where, awsProfile);
    } catch (IOException e) {
      throw EnrichException.remote("cannot close the download of " + where + ": " + e.getMessage(), e);
    }
  }

  /** A download that broke off: told apart from the spool file's own failures, which are local. */
  private static final class ReadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReadFailure(IOException cause) {
      super(cause);
    }
  }

  /** The object's stream, its read failures thrown as {@link ReadFailure}. */
  private static final class ReadFailures extends InputStream {
    private final InputStream in;

    ReadFailures(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() {
      try {
        return in.read();
      } catch (IOException e) {
        throw new ReadFailure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw new ReadFailure(e);
      }
    }
  }
}
