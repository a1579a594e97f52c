package org.haven.core.merkle;

import java.nio.ByteBuffer;
import org.haven.core.crypto.Hash;

/** Fixtures: trees whose leaf {@code i} holds the four big-endian bytes of {@code i}. */
final class TestTrees {
  private TestTrees() {}

  static MerkleTree withLeaves(int count) {
    return withLeaves(new InMemoryMerkleNodes(), count);
  }

  static MerkleTree withLeaves(MerkleNodes nodes, int count) {
    MerkleTree tree = new MerkleTree(nodes, 0);
    for (int i = 0; i < count; i++) {
      tree.append(leafHash(i));
    }
    return tree;
  }

  static Hash leafHash(int index) {
    return Rfc6962.leafHash(ByteBuffer.allocate(Integer.BYTES).putInt(index).array());
  }
}
