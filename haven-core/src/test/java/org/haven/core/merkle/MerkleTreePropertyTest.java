package org.haven.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link MerkleTree}, {@link CompactRange} and {@link MerkleVerifier} with a naive
 * recursive transcription of RFC 9162 section 2.1 over thousands of seeded random trees.
 */
class MerkleTreePropertyTest {
  private static final int TREES_PER_SEED = 100;
  private static final int MAX_TREE_SIZE = 300;
  private static final int PROOFS_PER_TREE = 10;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 20);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void agreesWithNaiveReference(long seed) {
    Random random = new Random(seed);
    for (int t = 0; t < TREES_PER_SEED; t++) {
      List<byte[]> leaves = randomLeaves(random, random.nextInt(MAX_TREE_SIZE + 1));
      String context = "seed " + seed + ", tree " + t + " of " + leaves.size() + " leaves";
      MerkleTree tree = new MerkleTree(new InMemoryMerkleNodes(), 0);
      CompactRange range = new CompactRange();
      List<Hash> prefixRoots = new ArrayList<>(List.of(tree.root()));
      List<Hash> rangeRoots = new ArrayList<>(List.of(range.root()));
      for (byte[] leaf : leaves) {
        tree.append(Rfc6962.leafHash(leaf));
        range.append(Rfc6962.leafHash(leaf));
        prefixRoots.add(tree.root());
        rangeRoots.add(range.root());
      }
      for (int n = 0; n <= leaves.size(); n++) {
        Hash expected = Reference.mth(leaves.subList(0, n));
        assertThat(prefixRoots.get(n))
            .as("%s: root after %d appends", context, n)
            .isEqualTo(expected);
        assertThat(rangeRoots.get(n))
            .as("%s: compact range's root after %d appends", context, n)
            .isEqualTo(expected);
        assertThat(tree.rootAt(n)).as("%s: rootAt(%d)", context, n).isEqualTo(expected);
      }
      for (int p = 0; p < PROOFS_PER_TREE && !leaves.isEmpty(); p++) {
        checkInclusion(tree, leaves, random, context);
        checkConsistency(tree, leaves, random, context);
      }
    }
  }

  private static void checkInclusion(
      MerkleTree tree, List<byte[]> leaves, Random random, String context) {
    int size = 1 + random.nextInt(leaves.size());
    int index = random.nextInt(size);
    String at = context + ", leaf " + index + " of " + size;
    InclusionProof proof = tree.inclusionProof(index, size);
    assertThat(proof)
        .as(at)
        .isEqualTo(new InclusionProof(index, size, Reference.path(index, leaves.subList(0, size))));

    Hash leafHash = Rfc6962.leafHash(leaves.get(index));
    Hash root = tree.rootAt(size);
    assertThatCode(() -> MerkleVerifier.verifyInclusion(index, size, leafHash, proof.path(), root))
        .as(at)
        .doesNotThrowAnyException();
    Hash otherRoot = Hash.sha256(randomBytes(random));
    assertThatThrownBy(
            () -> MerkleVerifier.verifyInclusion(index, size, leafHash, proof.path(), otherRoot))
        .as("%s, another root", at)
        .isInstanceOf(InvalidProofException.class);
    for (Mutation mutation : mutations(proof.path(), random)) {
      assertThatThrownBy(
              () -> MerkleVerifier.verifyInclusion(index, size, leafHash, mutation.path(), root))
          .as("%s, %s", at, mutation.description())
          .isInstanceOf(InvalidProofException.class);
    }
  }

  private static void checkConsistency(
      MerkleTree tree, List<byte[]> leaves, Random random, String context) {
    int size2 = 1 + random.nextInt(leaves.size());
    int size1 = 1 + random.nextInt(size2);
    String at = context + ", sizes " + size1 + " to " + size2;
    ConsistencyProof proof = tree.consistencyProof(size1, size2);
    assertThat(proof)
        .as(at)
        .isEqualTo(
            new ConsistencyProof(size1, size2, Reference.proof(size1, leaves.subList(0, size2))));

    Hash root1 = tree.rootAt(size1);
    Hash root2 = tree.rootAt(size2);
    assertThatCode(() -> MerkleVerifier.verifyConsistency(size1, size2, proof.path(), root1, root2))
        .as(at)
        .doesNotThrowAnyException();
    Hash otherRoot = Hash.sha256(randomBytes(random));
    assertThatThrownBy(
            () -> MerkleVerifier.verifyConsistency(size1, size2, proof.path(), otherRoot, root2))
        .as("%s, another root1", at)
        .isInstanceOf(InvalidProofException.class);
    assertThatThrownBy(
            () -> MerkleVerifier.verifyConsistency(size1, size2, proof.path(), root1, otherRoot))
        .as("%s, another root2", at)
        .isInstanceOf(InvalidProofException.class);
    for (Mutation mutation : mutations(proof.path(), random)) {
      assertThatThrownBy(
              () -> MerkleVerifier.verifyConsistency(size1, size2, mutation.path(), root1, root2))
          .as("%s, %s", at, mutation.description())
          .isInstanceOf(InvalidProofException.class);
    }
  }

  private record Mutation(String description, List<Hash> path) {}

  /** An inserted hash, and for a non-empty path also a flipped bit and a dropped hash. */
  private static List<Mutation> mutations(List<Hash> path, Random random) {
    List<Mutation> mutations = new ArrayList<>();
    int inserted = random.nextInt(path.size() + 1);
    List<Hash> longer = new ArrayList<>(path);
    longer.add(inserted, Hash.sha256(randomBytes(random)));
    mutations.add(new Mutation("hash inserted at " + inserted, longer));
    if (path.isEmpty()) {
      return mutations;
    }

    int target = random.nextInt(path.size());
    int bit = random.nextInt(Hash.SIZE * Byte.SIZE);
    byte[] flipped = path.get(target).toArray();
    flipped[bit / Byte.SIZE] ^= (byte) (1 << (bit % Byte.SIZE));
    List<Hash> corrupted = new ArrayList<>(path);
    corrupted.set(target, Hash.of(flipped));
    mutations.add(new Mutation("bit " + bit + " of hash " + target + " flipped", corrupted));

    List<Hash> shorter = new ArrayList<>(path);
    shorter.remove(target);
    mutations.add(new Mutation("hash " + target + " dropped", shorter));
    return mutations;
  }

  private static List<byte[]> randomLeaves(Random random, int count) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      leaves.add(randomBytes(random));
    }
    return leaves;
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(65)];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * RFC 9162 section 2.1 written down as directly as possible: MTH (2.1.1), PATH (2.1.3.1), and
   * PROOF and SUBPROOF (2.1.4.1), over the leaf data itself and with no stored state.
   */
  private static final class Reference {
    static Hash mth(List<byte[]> d) {
      int n = d.size();
      if (n == 0) {
        return Hash.sha256(new byte[0]);
      }
      if (n == 1) {
        return Hash.sha256(new byte[] {0x00}, d.get(0));
      }
      int k = k(n);
      return Hash.sha256(
          new byte[] {0x01}, mth(d.subList(0, k)).toArray(), mth(d.subList(k, n)).toArray());
    }

    static List<Hash> path(int m, List<byte[]> d) {
      int n = d.size();
      if (n == 1) {
        return new ArrayList<>();
      }
      int k = k(n);
      List<Hash> path = m < k ? path(m, d.subList(0, k)) : path(m - k, d.subList(k, n));
      path.add(m < k ? mth(d.subList(k, n)) : mth(d.subList(0, k)));
      return path;
    }

    static List<Hash> proof(int m, List<byte[]> d) {
      return subproof(m, d, true);
    }

    static List<Hash> subproof(int m, List<byte[]> d, boolean b) {
      int n = d.size();
      if (m == n) {
        return b ? new ArrayList<>() : new ArrayList<>(List.of(mth(d)));
      }
      int k = k(n);
      List<Hash> proof =
          m <= k ? subproof(m, d.subList(0, k), b) : subproof(m - k, d.subList(k, n), false);
      proof.add(m <= k ? mth(d.subList(k, n)) : mth(d.subList(0, k)));
      return proof;
    }

    /** The largest power of two smaller than {@code n}, for {@code n > 1}. */
    static int k(int n) {
      int k = 1;
      while (k * 2 < n) {
        k *= 2;
      }
      return k;
    }
  }
}
