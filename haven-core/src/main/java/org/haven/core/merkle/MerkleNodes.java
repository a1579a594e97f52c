package org.haven.core.merkle;

import java.util.Optional;
import org.haven.core.crypto.Hash;

/**
 * Storage port for the hashes of the perfect subtrees of an append-only Merkle log.
 *
 * <p>Node {@code (level, index)} is the root of the complete subtree over leaves {@code [index *
 * 2^level, (index + 1) * 2^level)}; level 0 holds the leaf hashes. Every tree size's root and
 * proofs are combinations of such nodes, and a node never changes once all its leaves exist, so the
 * store only ever grows. Implementations need not be thread-safe; a persistent one should write a
 * block's nodes in the same atomic batch as the block, so that a crash cannot leave the log size
 * and its nodes out of step.
 */
public interface MerkleNodes {
  /** Returns the hash of node {@code (level, index)}, or empty if it has not been stored. */
  Optional<Hash> get(int level, long index);

  /**
   * Stores the hash of node {@code (level, index)}. Each node is written once, when its last leaf
   * is appended.
   */
  void put(int level, long index, Hash hash);
}
