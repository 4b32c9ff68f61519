package dev.enrich.cli.doctor;

/** The products collection as the MongoDB check sees it, behind an interface for tests. */
public interface ProductsDatabase {
  /**
   * Whether the collection has the unique index the consumer's upserts rely on. Asking needs a
   * connection and, with a user in the URI, a successful login: the driver authenticates first.
   */
  boolean hasUniqueIndex();
}
