package org.haven.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;

class MerkleVerifierTest {
  private final MerkleTree tree = TestTrees.withLeaves(8);

  @Test
  void rootFromInclusionProofIsTheTreeRoot() throws InvalidProofException {
    InclusionProof proof = tree.inclusionProof(5, 7);

    assertThat(MerkleVerifier.rootFromInclusionProof(5, 7, TestTrees.leafHash(5), proof.path()))
        .isEqualTo(tree.rootAt(7));
  }

  @Test
  void rejectsLeafIndexBeyondTreeSize() {
    assertThatThrownBy(
            () ->
                MerkleVerifier.verifyInclusion(
                    5, 4, TestTrees.leafHash(5), List.of(), tree.rootAt(4)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage("leaf index 5 is beyond tree size 4");
  }

  @Test
  void rejectsInclusionProofOfWrongLength() {
    List<Hash> path = new ArrayList<>(tree.inclusionProof(0, 4).path());
    path.add(Hash.EMPTY);

    assertThatThrownBy(
            () -> MerkleVerifier.verifyInclusion(0, 4, TestTrees.leafHash(0), path, tree.rootAt(4)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage("proof has 3 hashes, expected 2");
  }

  @Test
  void rejectsInclusionInAnotherRootNamingBothRoots() {
    List<Hash> path = tree.inclusionProof(2, 4).path();

    assertThatThrownBy(
            () -> MerkleVerifier.verifyInclusion(2, 4, TestTrees.leafHash(2), path, tree.rootAt(3)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage(
            "calculated root "
                + tree.rootAt(4)
                + " does not match expected root "
                + tree.rootAt(3));
  }

  @Test
  void equalSizesNeedAnEmptyProofAndEqualRoots() {
    Hash root = tree.rootAt(3);

    assertThatCode(() -> MerkleVerifier.verifyConsistency(3, 3, List.of(), root, root))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(3, 3, List.of(root), root, root))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage("proof has 1 hashes, expected 0");
    assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(3, 3, List.of(), root, Hash.EMPTY))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage(
            "root1 " + root + " and root2 " + Hash.EMPTY + " differ although both sizes are 3");
  }

  @Test
  void everyTreeExtendsTheEmptyTreeWithAnEmptyProof() {
    Hash root = tree.rootAt(5);

    assertThatCode(() -> MerkleVerifier.verifyConsistency(0, 5, List.of(), Hash.EMPTY, root))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> MerkleVerifier.verifyConsistency(0, 5, List.of(root), Hash.EMPTY, root))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage("proof has 1 hashes, expected 0");
  }

  @Test
  void rejectsShrinkingTree() {
    assertThatThrownBy(
            () -> MerkleVerifier.verifyConsistency(5, 4, List.of(), tree.rootAt(5), tree.rootAt(4)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage("size1 5 is greater than size2 4");
  }

  @Test
  void rejectsConsistencyWithAnotherOldRootNamingIt() {
    List<Hash> path = tree.consistencyProof(3, 7).path();
    Hash wrongRoot1 = tree.rootAt(2);

    assertThatThrownBy(
            () -> MerkleVerifier.verifyConsistency(3, 7, path, wrongRoot1, tree.rootAt(7)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage(
            "calculated root1 " + tree.rootAt(3) + " does not match expected root1 " + wrongRoot1);
  }
}
