package org.haven.core.merkle;

import java.util.List;
import org.haven.core.crypto.Hash;

/**
 * The RFC 9162 section 2.1.4.1 proof that the tree of the first {@code size1} leaves is a prefix of
 * the tree of the first {@code size2} leaves. Check it with {@link
 * MerkleVerifier#verifyConsistency}.
 */
public record ConsistencyProof(long size1, long size2, List<Hash> path) {
  public ConsistencyProof {
    path = List.copyOf(path);
  }
}
