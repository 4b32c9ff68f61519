/** Catalog readers (CSV with any delimiter, TSV, JSON, NDJSON) and the checks every row goes through. */
package dev.enrich.client.catalog;
