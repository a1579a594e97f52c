package org.haven.card.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.card.codec.CborReader;
import org.haven.card.codec.CborWriter;
import org.haven.card.codec.MalformedCborException;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OrgId;
import org.haven.core.state.BundleAttestations;
import org.haven.core.tx.AttestBundle;

/**
 * The files a member node hands to offline checkpoints: a full bundle or a delta, each carrying the
 * attestations of member nodes (see {@link AttestBundle}) that the bundle's content, or the delta's
 * result, is what their own replicas of the ledger hold. A file is the CBOR array {@code [kind,
 * body, attestations]}, each attestation {@code [member, signature]} over {@link
 * AttestBundle#message} of the content digest. docs/border.md describes the format.
 *
 * <p>Reading checks, in order: size, structure, canonical form, kind, the body, that a quorum of
 * trusted member nodes attested the content (no single member can vouch for a bundle), and that the
 * ledger checkpoint inside is final. Every failure is a {@link BundleException} with a plain
 * message.
 */
public final class BundleFile {
  /** The largest file a device reads: room for tens of millions of children. */
  public static final int MAX_FILE_BYTES = 64 << 20;

  static final String BUNDLE_KIND = AttestBundle.LABEL;
  static final String DELTA_KIND = "haven-verifier-delta/v2";

  /** At most one attestation per member; bounded like the genesis's member list. */
  private static final int MAX_ATTESTATIONS = 1000;

  private BundleFile() {}

  /** The file of {@code bundle} with the members' attestations of its content. */
  public static byte[] write(VerifierBundle bundle, List<BundleAttestations.Signed> attestations) {
    return envelope(BUNDLE_KIND, bundle.encode().toArray(), attestations);
  }

  /** The file of {@code delta} with the members' attestations of its result's content. */
  public static byte[] writeDelta(BundleDelta delta, List<BundleAttestations.Signed> attestations) {
    return envelope(DELTA_KIND, delta.encode().toArray(), attestations);
  }

  /**
   * Reads and verifies a full bundle.
   *
   * @throws BundleException naming the problem if the file is not a bundle whose content a quorum
   *     of trusted member nodes attested, over a checkpoint a quorum of them cosigned
   */
  public static VerifierBundle read(byte[] file, LedgerTrust trust) throws BundleException {
    Opened opened = open(file, BUNDLE_KIND);
    VerifierBundle bundle = VerifierBundle.decode(opened.body());
    requireQuorum(opened.attestations(), bundle.contentDigest(), trust);
    requireFinalCheckpoint(bundle.checkpointNote(), trust);
    requireCovers(bundle.checkpoint().treeSize(), bundle.version());
    return bundle;
  }

  /**
   * Reads and verifies a delta: a quorum of trusted member nodes attested the content of the bundle
   * it promises. Apply it with {@link BundleDelta#apply}, which refuses any other result.
   *
   * @throws BundleException as {@link #read(byte[], LedgerTrust)} does
   */
  public static BundleDelta readDelta(byte[] file, LedgerTrust trust) throws BundleException {
    Opened opened = open(file, DELTA_KIND);
    BundleDelta delta = BundleDelta.decode(opened.body());
    requireQuorum(opened.attestations(), delta.resultDigest(), trust);
    requireFinalCheckpoint(delta.checkpointNote(), trust);
    requireCovers(
        Checkpoint.parseBody(delta.checkpointNote().text()).treeSize(), delta.toVersion());
    return delta;
  }

  /**
   * Reads and verifies a full bundle from disk.
   *
   * @throws BundleException as {@link #read(byte[], LedgerTrust)} does, and {@link
   *     Problem#UNREADABLE} if the file cannot be read
   */
  public static VerifierBundle read(Path file, LedgerTrust trust) throws BundleException {
    return read(load(file), trust);
  }

  /**
   * Reads and verifies a delta from disk.
   *
   * @throws BundleException as {@link #read(Path, LedgerTrust)} does
   */
  public static BundleDelta readDelta(Path file, LedgerTrust trust) throws BundleException {
    return readDelta(load(file), trust);
  }

  private record Opened(byte[] body, List<BundleAttestations.Signed> attestations) {}

  private static byte[] envelope(
      String kind, byte[] body, List<BundleAttestations.Signed> attestations) {
    CborWriter out = new CborWriter().array(3).text(kind).bytes(body).array(attestations.size());
    attestations.forEach(
        signed ->
            out.array(2).text(signed.member().value()).bytes(signed.signature().bytes()).end());
    return out.end().end().toByteArray();
  }

  /** Checks the envelope and returns the body and the attestations, not yet verified. */
  private static Opened open(byte[] file, String expectedKind) throws BundleException {
    if (file.length > MAX_FILE_BYTES) {
      throw tooLarge(file.length);
    }
    String kind;
    byte[] body;
    List<BundleAttestations.Signed> attestations;
    try (CborReader in = CborReader.of(file)) {
      in.startArray("file");
      kind = in.text("kind");
      body = in.bytes("body");
      attestations =
          in.list(
              "attestations",
              MAX_ATTESTATIONS,
              reader -> {
                reader.startArray("attestation");
                OrgId member = reader.text("attesting member", OrgId::new);
                Signature signature =
                    reader.bytes("attestation signature", Signature.SIZE, Signature::create);
                reader.endArray("attestation");
                return new BundleAttestations.Signed(member, signature);
              });
      in.endArray("file");
      in.end("file");
    } catch (MalformedCborException e) {
      throw BundleException.unreadable("file", e);
    }
    if (!Arrays.equals(envelope(kind, body, attestations), file)) {
      throw new BundleException(
          Problem.NOT_CANONICAL, "The file's outer structure is not in canonical CBOR form.");
    }
    if (!kind.equals(expectedKind)) {
      throw wrongKind(kind, expectedKind);
    }
    return new Opened(body, attestations);
  }

  /**
   * Requires valid attestations of {@code digest} by at least the quorum of distinct trusted member
   * nodes, and no invalid one by a trusted node. Attestations by nodes the device does not know (a
   * member admitted after its genesis) are not counted.
   */
  private static void requireQuorum(
      List<BundleAttestations.Signed> attestations, Hash digest, LedgerTrust trust)
      throws BundleException {
    byte[] message = AttestBundle.message(trust.origin(), digest);
    Set<OrgId> attesting = new TreeSet<>();
    for (BundleAttestations.Signed attestation : attestations) {
      Ed25519PublicKey key = trust.memberNodes().get(attestation.member());
      if (key == null) {
        continue;
      }
      if (!key.verify(message, attestation.signature())) {
        throw new BundleException(
            Problem.BAD_SIGNATURE,
            "The attestation by "
                + attestation.member()
                + " does not verify: the content was altered after the members attested it, or"
                + " it is another ledger's.");
      }
      attesting.add(attestation.member());
    }
    if (attesting.size() < trust.quorum()) {
      throw new BundleException(
          Problem.NOT_ATTESTED,
          "The content is attested by "
              + attesting.size()
              + " trusted member node(s)"
              + (attesting.isEmpty() ? "" : " (" + String.join(", ", names(attesting)) + ")")
              + ", but "
              + trust.quorum()
              + " must attest it: one member alone cannot vouch for a bundle. Download it again"
              + " once the members have attested it.");
    }
  }

  private static List<String> names(Set<OrgId> members) {
    return members.stream().map(OrgId::value).toList();
  }

  /** A bundle names a checkpoint that covers its own version, so the checkpoint is not older. */
  private static void requireCovers(long checkpointSize, long version) throws BundleException {
    if (checkpointSize < version) {
      throw new BundleException(
          Problem.CHECKPOINT_NOT_TRUSTED,
          "The ledger checkpoint in the file is at size "
              + checkpointSize
              + ", older than the bundle's version "
              + version
              + ".");
    }
  }

  /**
   * Requires valid signatures on the checkpoint by at least {@code quorum} trusted member nodes, so
   * that only a final checkpoint anchors a bundle, and no invalid one by a trusted node's key
   * (c2sp.org/signed-note suggests refusing such a note).
   */
  private static void requireFinalCheckpoint(SignedNote note, LedgerTrust trust)
      throws BundleException {
    int quorum = trust.quorum();
    List<NoteVerifier> present =
        trust.memberNodes().entrySet().stream()
            .map(entry -> new NoteVerifier(entry.getKey().value(), entry.getValue()))
            .filter(
                verifier ->
                    note.signatures().stream()
                        .anyMatch(
                            signature ->
                                signature.keyName().equals(verifier.name())
                                    && signature.keyId().equals(verifier.keyId())))
            .toList();
    Set<NoteVerifier> valid = note.verifiedSigners(present);
    if (valid.isEmpty()) {
      throw new BundleException(
          Problem.CHECKPOINT_NOT_TRUSTED,
          "The ledger checkpoint in the file is not signed by any trusted member node.");
    }
    if (valid.size() != present.size()) {
      throw new BundleException(
          Problem.CHECKPOINT_NOT_TRUSTED,
          "The ledger checkpoint in the file carries an invalid signature by a trusted member"
              + " node.");
    }
    if (valid.size() < quorum) {
      throw new BundleException(
          Problem.CHECKPOINT_NOT_TRUSTED,
          "The ledger checkpoint in the file is signed by "
              + valid.size()
              + " trusted member node(s), but "
              + quorum
              + " must cosign a checkpoint for it to be final. Download a newer bundle once the"
              + " members have cosigned.");
    }
  }

  private static byte[] load(Path file) throws BundleException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw tooLarge(Files.size(file));
      }
      return bytes;
    } catch (IOException e) {
      throw new BundleException(
          Problem.UNREADABLE,
          "The file " + file.getFileName() + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private static BundleException tooLarge(long size) {
    return new BundleException(
        Problem.TOO_LARGE,
        "The file is " + size + " bytes, more than the limit of " + MAX_FILE_BYTES + " bytes.");
  }

  private static BundleException wrongKind(String kind, String expectedKind) {
    if (kind.equals(BUNDLE_KIND) || kind.equals(DELTA_KIND)) {
      return new BundleException(
          Problem.WRONG_KIND,
          kind.equals(DELTA_KIND)
              ? "The file is a delta, not a full bundle."
              : "The file is a full bundle, not a delta.");
    }
    return new BundleException(
        Problem.MALFORMED, "The file is not a Haven verifier bundle or delta.");
  }
}
