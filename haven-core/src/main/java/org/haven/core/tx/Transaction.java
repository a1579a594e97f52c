package org.haven.core.tx;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Ed25519Verifier;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OfficerId;
import org.haven.core.merkle.Rfc6962;

/**
 * A signed transaction: a {@link TxBody} and one or more {@link Endorsement}s over it. Encoded as
 * the length-prefixed body followed by the endorsements; that encoding is the Merkle log leaf.
 */
public final class Transaction {
  /** The largest encoded transaction the ledger accepts. */
  public static final int MAX_ENCODED_SIZE = 64 * 1024;

  /** At most this many signatures on one transaction (one per member admin for governance). */
  public static final int MAX_ENDORSEMENTS = 64;

  private static final byte[] SIGNING_DOMAIN = "haven/tx/v1\n".getBytes(StandardCharsets.UTF_8);

  /**
   * Below this many signatures per batch, {@link #verifyTogether} uses fewer cores: a batch's fixed
   * cost (the base point's multiple, the doublings) is shared by fewer signatures.
   */
  private static final int MIN_BATCH_SIZE = 64;

  /** Draws the batches' random coefficients; thread-safe. */
  private static final SecureRandom COEFFICIENTS = new SecureRandom();

  private final TxBody body;
  private final List<Endorsement> endorsements;
  private final byte[] bodyBytes;
  private final Bytes encoded;
  private final Hash id;

  // Verification is a pure function of the bytes, the chain id and the key, so a result, once
  // found valid, is remembered: a node that checked a submission does not check it again when
  // its block executes.
  private final AtomicReferenceArray<Verified> verified;

  // Kept once computed (two threads may both compute it, alike): the block executor appends it to
  // the Merkle log and the store indexes the transaction by it.
  private volatile Hash leafHash;

  private Transaction(TxBody body, List<Endorsement> endorsements, byte[] bodyBytes) {
    this.body = body;
    this.endorsements = List.copyOf(endorsements);
    this.bodyBytes = bodyBytes;
    this.id = Hash.sha256(bodyBytes);
    this.verified = new AtomicReferenceArray<>(this.endorsements.size());
    CanonicalWriter out = new CanonicalWriter().bytes(Bytes.of(bodyBytes));
    out.list(
        this.endorsements, (w, e) -> w.string(e.signer().value()).fixed(e.signature().bytes()));
    this.encoded = out.toBytes();
  }

  /**
   * Signs {@code body} for the ledger whose genesis hash is {@code chainId}. The first signer must
   * be the body's actor.
   *
   * @throws IllegalArgumentException if there are no signers or the first is not the actor
   */
  public static Transaction sign(TxBody body, Hash chainId, List<TxSigner> signers) {
    if (signers.isEmpty() || !signers.get(0).officer().equals(body.actor())) {
      throw new IllegalArgumentException("the first signer must be the actor " + body.actor());
    }
    byte[] bodyBytes = body.encode();
    byte[] message = signingMessage(chainId, bodyBytes);
    List<Endorsement> endorsements = new ArrayList<>(signers.size());
    for (TxSigner signer : signers) {
      endorsements.add(new Endorsement(signer.officer(), signer.key().sign(message)));
    }
    return new Transaction(body, endorsements, bodyBytes);
  }

  /**
   * Decodes a transaction, checking size and canonical form. Signatures are not checked here; the
   * validator does that against the ledger's enrolled keys.
   */
  public static Transaction decode(Bytes encoded) throws DecodeException {
    if (encoded.size() > MAX_ENCODED_SIZE) {
      throw new DecodeException(
          MAX_ENCODED_SIZE,
          "transaction is " + encoded.size() + " bytes, the limit is " + MAX_ENCODED_SIZE);
    }
    CanonicalReader in = CanonicalReader.of(encoded);
    Bytes bodyBytes = in.bytes("body");
    List<Endorsement> endorsements =
        in.list("endorsements", MAX_ENDORSEMENTS, Transaction::readEndorsement);
    in.finish();
    byte[] body = bodyBytes.toArray();
    return new Transaction(TxBody.decode(body), endorsements, body);
  }

  /**
   * The rejection for bytes that did not decode: {@code OVERSIZED} beyond the size limit, else
   * {@code MALFORMED}, with the decoder's message naming the field and position.
   */
  public static Validation.Rejected rejectionFor(Bytes encoded, DecodeException problem) {
    RejectReason reason =
        encoded.size() > MAX_ENCODED_SIZE ? RejectReason.OVERSIZED : RejectReason.MALFORMED;
    return Validation.reject(reason, problem.getMessage());
  }

  private static Endorsement readEndorsement(CanonicalReader in) throws DecodeException {
    OfficerId signer = in.string("signer", OfficerId::new);
    int at = in.position();
    Bytes signature = in.fixed(Signature.SIZE, "signature");
    try {
      return new Endorsement(signer, Signature.create(signature));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, "signature: " + e.getMessage());
    }
  }

  private static byte[] signingMessage(Hash chainId, byte[] bodyBytes) {
    byte[] message = new byte[SIGNING_DOMAIN.length + Hash.SIZE + bodyBytes.length];
    System.arraycopy(SIGNING_DOMAIN, 0, message, 0, SIGNING_DOMAIN.length);
    chainId.copyTo(message, SIGNING_DOMAIN.length);
    System.arraycopy(bodyBytes, 0, message, SIGNING_DOMAIN.length + Hash.SIZE, bodyBytes.length);
    return message;
  }

  /**
   * True if {@code endorsement}'s signature verifies under {@code key} for the ledger {@code
   * chainId}. Binding the genesis hash stops a transaction from being replayed on another ledger.
   */
  public boolean signatureValid(Hash chainId, Endorsement endorsement, Ed25519PublicKey key) {
    SignatureCheck check = new SignatureCheck(this, endorsement, key);
    if (knownValid(chainId, check)) {
      return true;
    }
    boolean valid = key.verify(signingMessage(chainId, bodyBytes), endorsement.signature());
    if (valid) {
      remember(chainId, endorsement, key);
    }
    return valid;
  }

  /** One endorsement of a transaction to verify under a key: see {@link #verifyTogether}. */
  public record SignatureCheck(Transaction tx, Endorsement endorsement, Ed25519PublicKey key) {}

  /**
   * Verifies many signatures for the ledger {@code chainId} together, in batches ({@link
   * Ed25519Verifier.Batch}) spread over the cores, and has each transaction remember the ones found
   * valid, so that {@link #signatureValid} then answers for them without verifying again. A batch
   * gives every signature the verdict {@link #signatureValid} would, at a fraction of the cost per
   * signature when there are many; signatures already known valid are skipped, and invalid ones are
   * simply not remembered, so {@link #signatureValid} refuses them as before. A lone signature is
   * left to {@link #signatureValid}, which verifies one faster than a batch of one.
   */
  public static void verifyTogether(Hash chainId, List<SignatureCheck> checks) {
    List<SignatureCheck> unknown =
        checks.stream().filter(check -> !check.tx().knownValid(chainId, check)).toList();
    if (unknown.size() < 2) {
      return;
    }
    int batches =
        Math.max(
            1,
            Math.min(Runtime.getRuntime().availableProcessors(), unknown.size() / MIN_BATCH_SIZE));
    IntStream.range(0, batches)
        .parallel()
        .forEach(
            b ->
                verifyBatch(
                    chainId,
                    unknown.subList(
                        b * unknown.size() / batches, (b + 1) * unknown.size() / batches)));
  }

  private static void verifyBatch(Hash chainId, List<SignatureCheck> checks) {
    Ed25519Verifier.Batch batch = Ed25519Verifier.newBatch(COEFFICIENTS);
    for (SignatureCheck check : checks) {
      batch.add(
          check.key(),
          signingMessage(chainId, check.tx().bodyBytes),
          check.endorsement().signature());
    }
    BitSet valid = batch.verify();
    for (int i = valid.nextSetBit(0); i >= 0; i = valid.nextSetBit(i + 1)) {
      SignatureCheck check = checks.get(i);
      check.tx().remember(chainId, check.endorsement(), check.key());
    }
  }

  private boolean knownValid(Hash chainId, SignatureCheck check) {
    int position = endorsements.indexOf(check.endorsement());
    return position >= 0 && new Verified(chainId, check.key()).equals(verified.get(position));
  }

  private void remember(Hash chainId, Endorsement endorsement, Ed25519PublicKey key) {
    int position = endorsements.indexOf(endorsement);
    if (position >= 0) {
      verified.set(position, new Verified(chainId, key));
    }
  }

  /** A signature that verified: under which ledger and key. */
  private record Verified(Hash chainId, Ed25519PublicKey key) {}

  /** The SHA-256 of the body's encoding. */
  public Hash id() {
    return id;
  }

  public TxBody body() {
    return body;
  }

  public Payload payload() {
    return body.payload();
  }

  public List<Endorsement> endorsements() {
    return endorsements;
  }

  /** The canonical encoding: what is submitted, stored and hashed into the Merkle log. */
  public Bytes encoded() {
    return encoded;
  }

  /** The RFC 6962 leaf hash of {@link #encoded}: this transaction's leaf in the Merkle log. */
  public Hash leafHash() {
    Hash hash = leafHash;
    if (hash == null) {
      hash = Rfc6962.leafHash(encoded.toArray());
      leafHash = hash;
    }
    return hash;
  }

  /** The payload's kind. */
  public Kind kind() {
    return body.payload().kind();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Transaction && encoded.equals(((Transaction) other).encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    return kind() + " " + id.toHex().substring(0, 16) + " by " + body.actor();
  }
}
