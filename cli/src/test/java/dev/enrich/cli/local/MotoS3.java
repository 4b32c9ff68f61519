package dev.enrich.cli.local;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * moto_server's S3 for the S3 integration tests: a {@link MotoServer} of their own, addressed
 * path-style as {@code enrich --s3-endpoint} addresses it, and the few calls the tests check with.
 */
public final class MotoS3 implements AutoCloseable {
  private final MotoServer moto;
  private final S3Client s3;

  private MotoS3(MotoServer moto) {
    this.moto = moto;
    this.s3 = client();
  }

  /** Starts moto_server on loopback. */
  public static MotoS3 start() {
    return new MotoS3(MotoServer.start("127.0.0.1"));
  }

  /** What {@code --s3-endpoint} takes. */
  public URI endpoint() {
    return moto.endpoint();
  }

  /** A client of this S3, with {@code interceptors} (to fail or count calls). */
  public S3Client client(ExecutionInterceptor... interceptors) {
    return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .overrideConfiguration(o -> List.of(interceptors).forEach(o::addExecutionInterceptor))
        .build();
  }

  public void createBucket(String bucket) {
    s3.createBucket(b -> b.bucket(bucket));
  }

  public void put(String bucket, String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  public byte[] get(String bucket, String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  public boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** The multipart uploads begun and neither completed nor aborted. */
  public List<MultipartUpload> openUploads(String bucket) {
    return s3.listMultipartUploads(b -> b.bucket(bucket)).uploads();
  }

  @Override
  public void close() {
    s3.close();
    moto.close();
  }
}
