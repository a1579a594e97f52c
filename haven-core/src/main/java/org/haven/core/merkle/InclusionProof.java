package org.haven.core.merkle;

import java.util.List;
import org.haven.core.crypto.Hash;

/**
 * The RFC 9162 section 2.1.3.1 inclusion proof of leaf {@code leafIndex} in the tree of the first
 * {@code treeSize} leaves: {@code path} lists the sibling hashes from the leaf up to the root.
 * Check it with {@link MerkleVerifier#verifyInclusion}.
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> path) {
  public InclusionProof {
    path = List.copyOf(path);
  }
}
