package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.state.BundleAttestations;
import org.haven.core.state.LedgerState;

/**
 * A member's node attests the content of a verifier bundle: that its own replica of the ledger,
 * reduced to what an offline checkpoint needs, has the content digest {@code digest} at {@code
 * version} (the ledger's size up to its newest record), in a bundle made at {@code createdAt}. The
 * payload carries the node's Ed25519 signature over {@link #message}, the bytes a border device
 * checks offline: a device accepts a bundle only with such signatures by a quorum of members, so no
 * single member can add an issuer key or drop an alert. docs/border.md, "Provenance", explains why
 * members attest rather than every validator recomputing the bundle.
 *
 * <p>The ledger cannot rebuild the bundle inside a block, so it checks what it can: the signature,
 * a version within its log, and that a member attests one content per version ({@link
 * RejectReason#EQUIVOCATION} otherwise). Whether the content is the ledger's is checked by every
 * other member's node before it attests the same digest.
 *
 * @param createdAtSeconds when the bundle was made, in seconds since 1970, as the device shows it
 * @param digest the bundle's content digest ({@code VerifierBundle.contentDigest} in haven-card)
 * @param signature the node key's signature over {@link #message}
 */
public record AttestBundle(long version, long createdAtSeconds, Hash digest, Signature signature)
    implements Payload {
  /** The label of the attested message; it is also the bundle file's kind. */
  public static final String LABEL = "haven-verifier-bundle/v2";

  /**
   * @throws IllegalArgumentException if the version or the time is negative
   */
  public AttestBundle {
    if (version < 0 || createdAtSeconds < 0) {
      throw new IllegalArgumentException("version and createdAt must not be negative");
    }
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(signature, "signature");
  }

  static AttestBundle decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    long version = in.u64("bundle version");
    long createdAt = in.u64("bundle createdAt");
    Hash digest = in.hash("bundle digest");
    Signature signature = Signature.create(in.fixed(Signature.SIZE, "attestation"));
    try {
      return new AttestBundle(version, createdAt, digest, signature);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  /**
   * What a member node signs to attest a bundle's content: {@code "haven-verifier-bundle/v1\n" ||
   * origin || "\n" || digest}, so that the signature holds for one ledger only and can never pass
   * as a transaction or a checkpoint signature.
   *
   * @param origin the ledger's checkpoint origin, from genesis
   */
  public static byte[] message(String origin, Hash digest) {
    byte[] label = (LABEL + "\n" + origin + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[label.length + Hash.SIZE];
    System.arraycopy(label, 0, message, 0, label.length);
    digest.copyTo(message, label.length);
    return message;
  }

  /**
   * Signs, with {@code member}'s node key, the attestation of {@code digest} and the transaction
   * that puts it on the ledger {@code chainId}.
   *
   * @param origin the ledger's checkpoint origin
   * @param nonce {@link TxBody#NONCE_SIZE} random bytes
   */
  public static Transaction transaction(
      OrgId member,
      Ed25519PrivateKey nodeKey,
      String origin,
      long version,
      long createdAtSeconds,
      Hash digest,
      Hash chainId,
      long createdAtMillis,
      Bytes nonce) {
    OfficerId actor = new OfficerId(member.value());
    AttestBundle attestation =
        new AttestBundle(version, createdAtSeconds, digest, nodeKey.sign(message(origin, digest)));
    return Transaction.sign(
        new TxBody(actor, createdAtMillis, nonce, attestation),
        chainId,
        List.of(new TxSigner(actor, nodeKey)));
  }

  @Override
  public Kind kind() {
    return Kind.ATTEST_BUNDLE;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.u64(version).u64(createdAtSeconds).fixed(digest.toBytes()).fixed(signature.bytes());
  }

  @Override
  public Validation check(TxContext context) {
    OrgId member = CosignCheckpoint.memberOf(context.body());
    LedgerState state = context.state();
    boolean verifies =
        state
            .organisation(member)
            .map(org -> org.nodeKey().verify(message(state.checkpointOrigin(), digest), signature))
            .orElse(false);
    if (!verifies) {
      return reject(
          RejectReason.BAD_SIGNATURE,
          "the attestation does not verify against the node key of "
              + member
              + " for this ledger's bundle digest "
              + digest.toHex());
    }
    if (version > state.logSize()) {
      return reject(
          RejectReason.CONFLICT,
          member
              + " attested the bundle at version "
              + version
              + ", beyond this ledger's log of "
              + state.logSize()
              + " entries");
    }
    Optional<BundleAttestations.Attested> earlier =
        state.bundleAttestations().attestedBy(member, version);
    if (earlier.isPresent() && !earlier.get().equals(attested())) {
      return reject(
          RejectReason.EQUIVOCATION,
          member
              + " attested two different bundles at version "
              + version
              + ": digests "
              + earlier.get().digest().toHex()
              + " and "
              + digest.toHex());
    }
    if (earlier.isPresent()) {
      return reject(RejectReason.CONFLICT, member + " already attested this bundle");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context
        .state()
        .bundleAttestations()
        .put(CosignCheckpoint.memberOf(context.body()), attested(), signature);
  }

  private BundleAttestations.Attested attested() {
    return new BundleAttestations.Attested(version, createdAtSeconds, digest);
  }
}
