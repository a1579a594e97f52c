package org.haven.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  @Test
  void emptyTreeRootIsSha256OfTheEmptyString() {
    // printf '' | sha256sum
    assertThat(TestTrees.withLeaves(0).root())
        .isEqualTo(
            Hash.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  }

  @Test
  void appendReturnsTheNewLeafIndex() {
    MerkleTree tree = TestTrees.withLeaves(3);

    assertThat(tree.append(Rfc6962.leafHash(new byte[] {7}))).isEqualTo(3);
    assertThat(tree.size()).isEqualTo(4);
  }

  @Test
  void reopenedTreeContinuesWhereItStopped() {
    InMemoryMerkleNodes nodes = new InMemoryMerkleNodes();
    MerkleTree first = TestTrees.withLeaves(nodes, 5);
    MerkleTree reopened = new MerkleTree(nodes, first.size());

    assertThat(reopened.root()).isEqualTo(first.root());
    assertThat(reopened.append(Rfc6962.leafHash(new byte[] {5}))).isEqualTo(5);
  }

  @Test
  void appendWritesEachPerfectSubtreeOnce() {
    CountingNodes nodes = new CountingNodes();
    MerkleTree tree = new MerkleTree(nodes, 0);
    for (long n = 1; n <= 1000; n++) {
      tree.append(Rfc6962.leafHash(new byte[] {(byte) n}));
      // A tree of n leaves has n - bitCount(n) complete interior nodes besides its n leaves.
      assertThat(nodes.puts).as("writes after %d appends", n).isEqualTo(2 * n - Long.bitCount(n));
    }
  }

  @Test
  void rootsAndProofsReadLogarithmicallyManyNodes() {
    CountingNodes nodes = new CountingNodes();
    MerkleTree tree = TestTrees.withLeaves(nodes, 200);
    for (long n = 1; n <= tree.size(); n++) {
      long limit = 2L * (Long.SIZE - Long.numberOfLeadingZeros(n));
      nodes.gets = 0;
      tree.rootAt(n);
      assertThat(nodes.gets).as("reads for rootAt(%d)", n).isEqualTo(Long.bitCount(n));
      for (long m = 0; m < n; m++) {
        nodes.gets = 0;
        tree.inclusionProof(m, n);
        assertThat(nodes.gets)
            .as("reads for inclusionProof(%d, %d)", m, n)
            .isLessThanOrEqualTo(limit);
        nodes.gets = 0;
        tree.consistencyProof(m + 1, n);
        assertThat(nodes.gets)
            .as("reads for consistencyProof(%d, %d)", m + 1, n)
            .isLessThanOrEqualTo(limit);
      }
    }
  }

  @Test
  void rejectsSizesAndIndicesOutsideTheTree() {
    MerkleTree tree = TestTrees.withLeaves(4);

    assertThatThrownBy(() -> new MerkleTree(new InMemoryMerkleNodes(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size -1 is negative");
    assertThatThrownBy(() -> tree.rootAt(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size 5 is outside the log's sizes 0 to 4");
    assertThatThrownBy(() -> tree.inclusionProof(4, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaf index 4 is outside a tree of size 4");
    assertThatThrownBy(() -> tree.inclusionProof(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size 5 is beyond the log's size 4");
    assertThatThrownBy(() -> tree.consistencyProof(0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a consistency proof needs 0 < size1 <= size2 <= tree size, got size1 0, size2 4,"
                + " tree size 4");
    assertThatThrownBy(() -> tree.consistencyProof(3, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.consistencyProof(1, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingNodeIsReportedWithItsLevelAndIndex() {
    MerkleTree tree = new MerkleTree(new InMemoryMerkleNodes(), 6);

    assertThatThrownBy(tree::root)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Merkle node at level 2, index 0 is missing from storage although the tree has 6"
                + " leaves");
  }

  @Test
  void proofsAreImmutable() {
    MerkleTree tree = TestTrees.withLeaves(5);

    assertThatThrownBy(() -> tree.inclusionProof(0, 5).path().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tree.consistencyProof(3, 5).path().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** Counts the reads and writes that reach storage. */
  private static final class CountingNodes implements MerkleNodes {
    private final InMemoryMerkleNodes nodes = new InMemoryMerkleNodes();
    long gets;
    long puts;

    @Override
    public Optional<Hash> get(int level, long index) {
      gets++;
      return nodes.get(level, index);
    }

    @Override
    public void put(int level, long index, Hash hash) {
      puts++;
      nodes.put(level, index, hash);
    }
  }
}
