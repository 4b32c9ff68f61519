package dev.enrich.cli.catalog;

import java.util.Map;

/**
 * One row or object of a catalog file, before mapping: field names as the file spells them.
 *
 * @param line where the record starts in the file (1-based), for error reports
 */
public record RawRecord(long line, Map<String, String> fields) {}
