package dev.enrich.lambda.secrets;

import dev.enrich.lambda.store.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads secrets from AWS Secrets Manager by name or ARN (GetSecretValue, the current version). The
 * function's role needs {@code secretsmanager:GetSecretValue} on each (template.yaml grants it).
 *
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html">GetSecretValue</a>
 */
public final class SecretsManagerSecrets {
  private final SecretsManagerClient client;

  public SecretsManagerSecrets(SecretsManagerClient client) {
    this.client = client;
  }

  /** The secret {@code id} as a {@link RuntimeSecret}, read now; {@code what} names it in messages. */
  public RuntimeSecret secret(String what, String id) {
    return new RuntimeSecret(what, () -> read(what, id));
  }

  private String read(String what, String id) {
    try {
      String value = client.getSecretValue(b -> b.secretId(id)).secretString();
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(what + ": secret " + id + " has no string value (store it as SecretString)");
      }
      return value.trim();
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException(what + ": secret " + id + " does not exist in this account and region");
    } catch (SecretsManagerException e) {
      // AccessDenied, a KMS key the role may not use, ...: the code and the secret's id, never a value.
      String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
      throw new IllegalStateException(what + ": cannot read secret " + id + " (" + code
          + "): the function's role needs secretsmanager:GetSecretValue on it");
    } catch (SdkException e) {
      throw new StoreUnavailableException(what + ": Secrets Manager is unreachable: " + e.getClass().getSimpleName(), e);
    }
  }
}
