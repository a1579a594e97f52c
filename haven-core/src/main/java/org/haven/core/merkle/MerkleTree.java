package org.haven.core.merkle;

import java.util.ArrayList;
import java.util.List;
import org.haven.core.crypto.Hash;

/**
 * An append-only RFC 9162 section 2.1 Merkle log over a {@link MerkleNodes} store.
 *
 * <p>Only perfect subtrees are stored. The hash of any other range is rebuilt the way RFC 9162
 * defines MTH: split at the largest power of two smaller than the range, which always leaves a
 * stored perfect subtree on the left. Roots and proofs for any tree size up to {@link #size()}
 * therefore cost O(log n) node reads.
 *
 * <p>The caller persists {@link #size()} alongside the nodes. Not thread-safe.
 */
public final class MerkleTree {
  private final MerkleNodes nodes;
  private long size;

  /**
   * Opens the log of the first {@code size} leaves held in {@code nodes}.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public MerkleTree(MerkleNodes nodes, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    this.nodes = nodes;
    this.size = size;
  }

  /** Returns the number of leaves. */
  public long size() {
    return size;
  }

  /**
   * Appends a leaf, storing its hash and the hash of every perfect subtree it completes: one write
   * per trailing one bit of the leaf's index, so two writes per leaf on average.
   *
   * @param leafHash the RFC 9162 leaf hash, see {@link Rfc6962#leafHash}
   * @return the index of the new leaf
   */
  public long append(Hash leafHash) {
    long leafIndex = size;
    nodes.put(0, leafIndex, leafHash);
    Hash hash = leafHash;
    int level = 0;
    // A node with an odd index is a right child, so it completes its parent.
    for (long index = leafIndex; (index & 1) == 1; index >>= 1) {
      hash = Rfc6962.nodeHash(node(level, index - 1), hash);
      level++;
      nodes.put(level, index >> 1, hash);
    }
    size++;
    return leafIndex;
  }

  /** Returns the root hash of the whole tree; {@link Hash#EMPTY} if it has no leaves. */
  public Hash root() {
    return rootAt(size);
  }

  /**
   * Returns the root hash of the tree of the first {@code treeSize} leaves (RFC 9162 MTH).
   *
   * @throws IllegalArgumentException unless {@code 0 <= treeSize <= size()}
   */
  public Hash rootAt(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " is outside the log's sizes 0 to " + size);
    }
    return treeSize == 0 ? Hash.EMPTY : rangeHash(0, treeSize);
  }

  /**
   * Returns the RFC 9162 section 2.1.3.1 inclusion proof, PATH(leafIndex, D[treeSize]).
   *
   * @throws IllegalArgumentException unless {@code 0 <= leafIndex < treeSize <= size()}
   */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    if (treeSize > size) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " is beyond the log's size " + size);
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + leafIndex + " is outside a tree of size " + treeSize);
    }
    List<Hash> path = new ArrayList<>();
    addPath(leafIndex, 0, treeSize, path);
    return new InclusionProof(leafIndex, treeSize, path);
  }

  /**
   * Returns the RFC 9162 section 2.1.4.1 consistency proof, PROOF(size1, D[size2]); it is empty
   * when the sizes are equal.
   *
   * @throws IllegalArgumentException unless {@code 0 < size1 <= size2 <= size()}
   */
  public ConsistencyProof consistencyProof(long size1, long size2) {
    if (size1 <= 0 || size1 > size2 || size2 > size) {
      throw new IllegalArgumentException(
          "a consistency proof needs 0 < size1 <= size2 <= tree size, got size1 "
              + size1
              + ", size2 "
              + size2
              + ", tree size "
              + size);
    }
    List<Hash> path = new ArrayList<>();
    addSubproof(size1, 0, size2, true, path);
    return new ConsistencyProof(size1, size2, path);
  }

  /** PATH(leafIndex, D[begin:end]): the recursion of RFC 9162 section 2.1.3.1. */
  private void addPath(long leafIndex, long begin, long end, List<Hash> path) {
    if (end - begin == 1) {
      return;
    }
    long split = begin + largestPowerOfTwoBelow(end - begin);
    if (leafIndex < split) {
      addPath(leafIndex, begin, split, path);
      path.add(rangeHash(split, end));
    } else {
      addPath(leafIndex, split, end, path);
      path.add(rangeHash(begin, split));
    }
  }

  /**
   * SUBPROOF(size1 - begin, D[begin:end], complete): the recursion of RFC 9162 section 2.1.4.1.
   * {@code complete} says whether D[begin:size1] is the whole old tree, whose root the verifier
   * already has.
   */
  private void addSubproof(long size1, long begin, long end, boolean complete, List<Hash> path) {
    if (size1 == end) {
      if (!complete) {
        path.add(rangeHash(begin, end));
      }
      return;
    }
    long split = begin + largestPowerOfTwoBelow(end - begin);
    if (size1 <= split) {
      addSubproof(size1, begin, split, complete, path);
      path.add(rangeHash(split, end));
    } else {
      addSubproof(size1, split, end, false, path);
      path.add(rangeHash(begin, split));
    }
  }

  /**
   * MTH(D[begin:end]) for a non-empty range that RFC 9162's recursion produces: such a range whose
   * size is a power of two is always aligned to it, so it is a stored perfect subtree.
   */
  private Hash rangeHash(long begin, long end) {
    long count = end - begin;
    if (Long.bitCount(count) == 1) {
      int level = Long.numberOfTrailingZeros(count);
      return node(level, begin >> level);
    }
    long split = begin + largestPowerOfTwoBelow(count);
    return Rfc6962.nodeHash(rangeHash(begin, split), rangeHash(split, end));
  }

  private Hash node(int level, long index) {
    return nodes
        .get(level, index)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Merkle node at level "
                        + level
                        + ", index "
                        + index
                        + " is missing from storage although the tree has "
                        + size
                        + " leaves"));
  }

  /** The k of RFC 9162: the largest power of two smaller than {@code n}, for {@code n > 1}. */
  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
