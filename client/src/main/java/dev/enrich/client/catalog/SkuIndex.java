package dev.enrich.client.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;

/**
 * The SKUs seen so far, as 128-bit fingerprints (MD5 of the UTF-8 SKU) with the line that first
 * had each, in open-addressed primitive arrays: about 24 bytes per product instead of a set of
 * strings, so a million-product catalog checks uniqueness in ~30 MB. Two different SKUs share a
 * fingerprint with probability about n^2 / 2^129, below 10^-20 for a billion SKUs.
 */
final class SkuIndex {
  static final long ABSENT = -1;
  private static final double MAX_LOAD = 0.75;

  private final MessageDigest md5;
  private long[] high;
  private long[] low;
  private int[] lines;
  private final BitSet claimed = new BitSet();
  private int size;

  SkuIndex() {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JVM", e);
    }
    allocate(1 << 12);
  }

  int size() {
    return size;
  }

  /** Adds the SKU first seen on {@code line}; if it was seen before, returns that line instead. */
  long putIfAbsent(String sku, long line) {
    byte[] d = md5.digest(sku.getBytes(StandardCharsets.UTF_8));
    long h = bits(d, 0);
    long l = bits(d, 8);
    int slot = find(h, l);
    if (lines[slot] != 0) {
      return lines[slot];
    }
    if (size + 1 > high.length * MAX_LOAD) {
      grow();
      slot = find(h, l);
    }
    high[slot] = h;
    low[slot] = l;
    lines[slot] = (int) Math.min(Integer.MAX_VALUE, line);
    size++;
    return ABSENT;
  }

  /**
   * For the second pass: true the first time it is asked about the record that was accepted for
   * this SKU, the one on the line stored. Several records can share a line (a minified JSON
   * array), so each SKU is claimed once, in file order, as the first pass accepted it.
   */
  boolean claim(String sku, long line) {
    byte[] d = md5.digest(sku.getBytes(StandardCharsets.UTF_8));
    int slot = find(bits(d, 0), bits(d, 8));
    if (lines[slot] == 0 || lines[slot] != Math.min(Integer.MAX_VALUE, line) || claimed.get(slot)) {
      return false;
    }
    claimed.set(slot);
    return true;
  }

  /** True when the first pass accepted a product of this SKU. */
  boolean contains(String sku) {
    byte[] d = md5.digest(sku.getBytes(StandardCharsets.UTF_8));
    return lines[find(bits(d, 0), bits(d, 8))] != 0;
  }

  /** Linear probing; a slot with line 0 is free (lines start at 1). */
  private int find(long h, long l) {
    int mask = high.length - 1;
    int slot = (int) (h ^ h >>> 32) & mask;
    while (lines[slot] != 0 && (high[slot] != h || low[slot] != l)) {
      slot = slot + 1 & mask;
    }
    return slot;
  }

  private void grow() {
    if (!claimed.isEmpty()) {
      throw new IllegalStateException("the index is complete once the second pass starts");
    }
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldLines = lines;
    allocate(oldHigh.length * 2);
    for (int i = 0; i < oldHigh.length; i++) {
      if (oldLines[i] != 0) {
        int slot = find(oldHigh[i], oldLow[i]);
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        lines[slot] = oldLines[i];
      }
    }
  }

  private void allocate(int capacity) {
    high = new long[capacity];
    low = new long[capacity];
    lines = new int[capacity];
  }

  private static long bits(byte[] d, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = v << 8 | d[i] & 0xff;
    }
    return v;
  }
}
