package dev.enrich.cli.doctor;

/** Who the credentials belong to: STS GetCallerIdentity, behind an interface for tests. */
public interface CallerIdentity {
  record Identity(String account, String arn) {}

  Identity whoAmI();
}
