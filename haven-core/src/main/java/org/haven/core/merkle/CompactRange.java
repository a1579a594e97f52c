package org.haven.core.merkle;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.haven.core.crypto.Hash;

/**
 * The roots of the perfect subtrees that cover the leaves appended so far, left to right (a
 * "compact range" of the log): enough to give the RFC 9162 section 2.1.1 root of every prefix as it
 * grows, in memory logarithmic in the number of leaves. Used to recompute a log's root from every
 * one of its entries without holding the tree.
 */
public final class CompactRange {
  /** Subtree roots, the largest (leftmost) first; the i-th from the right covers 2^k leaves. */
  private final Deque<Hash> roots = new ArrayDeque<>();

  private long size;

  /** The number of leaves appended. */
  public long size() {
    return size;
  }

  /** Appends the leaf whose hash is {@code leafHash} ({@link Rfc6962#leafHash}). */
  public void append(Hash leafHash) {
    Hash merged = leafHash;
    // Each trailing 1 bit of the size is a subtree as large as the one now completed: merge them.
    for (long bits = size; (bits & 1) == 1; bits >>>= 1) {
      merged = Rfc6962.nodeHash(roots.removeLast(), merged);
    }
    roots.addLast(merged);
    size++;
  }

  /** The root of the tree of the leaves appended so far: the subtree roots folded right to left. */
  public Hash root() {
    if (roots.isEmpty()) {
      return Hash.EMPTY;
    }
    Iterator<Hash> fromRight = roots.descendingIterator();
    Hash root = fromRight.next();
    while (fromRight.hasNext()) {
      root = Rfc6962.nodeHash(fromRight.next(), root);
    }
    return root;
  }
}
