package org.haven.core.merkle;

import java.util.List;
import org.haven.core.crypto.Hash;

/**
 * Verifies Merkle proofs by the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2.
 *
 * <p>Every check is made against the proof's own claims, so a proof from an untrusted party either
 * verifies or is rejected with an {@link InvalidProofException} saying what is wrong; no other
 * exception is thrown for bad input.
 */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  /**
   * Verifies that {@code leafHash} is leaf {@code leafIndex} of the tree of size {@code treeSize}
   * whose root is {@code root}.
   *
   * @throws InvalidProofException unless {@code 0 <= leafIndex < treeSize}, {@code path} has the
   *     length RFC 9162 gives for that index and size, and it leads from the leaf to {@code root}
   */
  public static void verifyInclusion(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> path, Hash root)
      throws InvalidProofException {
    requireMatch("root", rootFromInclusionProof(leafIndex, treeSize, leafHash, path), root);
  }

  /**
   * Returns the root that an inclusion proof leads to from {@code leafHash}: RFC 9162 section
   * 2.1.3.2 steps 1 to 4. The proof is valid only if that root is the one the log signed.
   *
   * @throws InvalidProofException unless {@code 0 <= leafIndex < treeSize} and {@code path} has the
   *     length RFC 9162 gives for that index and size
   */
  public static Hash rootFromInclusionProof(
      long leafIndex, long treeSize, Hash leafHash, List<Hash> path) throws InvalidProofException {
    if (leafIndex < 0) {
      throw new InvalidProofException("leaf index " + leafIndex + " is negative");
    }
    if (leafIndex >= treeSize) {
      throw new InvalidProofException(
          "leaf index " + leafIndex + " is beyond tree size " + treeSize);
    }
    Walk walk = new Walk(leafIndex, treeSize - 1);
    requireLength(path, walk.remainingSteps());
    Hash r = leafHash;
    for (Hash p : path) {
      r = walk.nextSiblingIsLeft() ? Rfc6962.nodeHash(p, r) : Rfc6962.nodeHash(r, p);
    }
    return r;
  }

  /**
   * Verifies that the tree of size {@code size1} with root {@code root1} is a prefix of the tree of
   * size {@code size2} with root {@code root2}.
   *
   * <p>As in RFC 9162 and transparency-dev/merkle: equal sizes need an empty proof and equal roots;
   * every tree extends the empty tree, so {@code size1 == 0} needs an empty proof and nothing else.
   *
   * @throws InvalidProofException unless {@code 0 <= size1 <= size2}, {@code path} has the length
   *     RFC 9162 gives for those sizes, and it leads to both {@code root1} and {@code root2}
   */
  public static void verifyConsistency(
      long size1, long size2, List<Hash> path, Hash root1, Hash root2)
      throws InvalidProofException {
    if (size1 < 0) {
      throw new InvalidProofException("size1 " + size1 + " is negative");
    }
    if (size1 > size2) {
      throw new InvalidProofException("size1 " + size1 + " is greater than size2 " + size2);
    }
    if (size1 == size2) {
      requireLength(path, 0);
      if (!root1.equals(root2)) {
        throw new InvalidProofException(
            "root1 " + root1 + " and root2 " + root2 + " differ although both sizes are " + size1);
      }
      return;
    }
    if (size1 == 0) {
      requireLength(path, 0);
      return;
    }
    // Step 2: when size1 is a power of two the old tree is a perfect subtree of the new one, and
    // the proof leaves out its root because the verifier has it.
    boolean oldRootOmitted = Long.bitCount(size1) == 1;
    // Steps 3 and 4: size1 - 1 has as many trailing one bits as size1 has trailing zeros.
    int level = Long.numberOfTrailingZeros(size1);
    Walk walk = new Walk((size1 - 1) >> level, (size2 - 1) >> level);
    int seedCount = oldRootOmitted ? 0 : 1;
    requireLength(path, seedCount + walk.remainingSteps());
    Hash fr = oldRootOmitted ? root1 : path.get(0);
    Hash sr = fr;
    for (Hash c : path.subList(seedCount, path.size())) {
      if (walk.nextSiblingIsLeft()) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
    }
    requireMatch("root1", fr, root1);
    requireMatch("root2", sr, root2);
  }

  private static void requireLength(List<Hash> path, int expected) throws InvalidProofException {
    if (path.size() != expected) {
      throw new InvalidProofException("proof has " + path.size() + " hashes, expected " + expected);
    }
  }

  private static void requireMatch(String name, Hash calculated, Hash expected)
      throws InvalidProofException {
    if (!calculated.equals(expected)) {
      throw new InvalidProofException(
          String.format(
              "calculated %s %s does not match expected %s %s", name, calculated, name, expected));
    }
  }

  /**
   * The index arithmetic shared by the loops of RFC 9162 sections 2.1.3.2 and 2.1.4.2: {@code fn}
   * is the node being hashed upwards and {@code sn} the last node on its level.
   */
  private static final class Walk {
    private long fn;
    private long sn;

    Walk(long fn, long sn) {
      this.fn = fn;
      this.sn = sn;
    }

    /**
     * The number of proof hashes the loop takes before {@code sn} reaches 0: one per level until fn
     * and sn meet, then one per remaining one bit of fn, since a node without a right sibling is
     * carried up unhashed. The RFC counts this as it goes (steps 4a and 5, 6a and 7, with the
     * right-shifts of 4b.ii and 6b.iii); checking it first lets the error give the length.
     */
    int remainingSteps() {
      int levelsApart = Long.SIZE - Long.numberOfLeadingZeros(fn ^ sn);
      return levelsApart + Long.bitCount(fn >> levelsApart);
    }

    /**
     * Steps 4b and 4c (6b and 6c): whether the next proof hash goes on the left, then move up. Once
     * fn equals sn every remaining hash goes on the left, so the RFC's extra right-shifts, which
     * only count carried levels, are left to {@link #remainingSteps}.
     */
    boolean nextSiblingIsLeft() {
      boolean left = (fn & 1) == 1 || fn == sn;
      fn >>= 1;
      sn >>= 1;
      return left;
    }
  }
}
