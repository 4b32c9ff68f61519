package dev.enrich.contract;

/** A message body that this reader cannot accept: malformed JSON, missing fields, unknown major version. */
public final class ContractException extends RuntimeException {
  public ContractException(String message) {
    super(message);
  }

  public ContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
