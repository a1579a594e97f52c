package org.haven.card.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.card.codec.CborReader;
import org.haven.card.codec.CborWriter;
import org.haven.card.codec.MalformedCborException;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.NoteVerifier;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OrgId;

/**
 * The files a member node hands to offline checkpoints: a full bundle or a delta, each signed with
 * the node's Ed25519 key. A file is the CBOR array {@code [kind, body, signer, signature]}, where
 * the signature covers {@code kind || 0x0A || body} so that a signature over one kind of file can
 * never pass as the other. docs/border.md describes the format.
 *
 * <p>Reading checks, in order: size, structure, canonical form, kind, signer, signature, the body,
 * and that the ledger checkpoint inside is signed by a trusted member node. Every failure is a
 * {@link BundleException} with a plain message.
 */
public final class BundleFile {
  /** The largest file a device reads: room for tens of millions of children. */
  public static final int MAX_FILE_BYTES = 64 << 20;

  static final String BUNDLE_KIND = "haven-verifier-bundle/v1";
  static final String DELTA_KIND = "haven-verifier-delta/v1";

  private BundleFile() {}

  /** Signs {@code bundle} as member {@code signer} with its node key. */
  public static byte[] write(VerifierBundle bundle, OrgId signer, Ed25519PrivateKey nodeKey) {
    return seal(BUNDLE_KIND, bundle.encode(), signer, nodeKey);
  }

  /** Signs {@code delta} as member {@code signer} with its node key. */
  public static byte[] writeDelta(BundleDelta delta, OrgId signer, Ed25519PrivateKey nodeKey) {
    return seal(DELTA_KIND, delta.encode(), signer, nodeKey);
  }

  /**
   * Reads and verifies a full bundle.
   *
   * @param trustedNodeKeys the member nodes' keys from genesis; the file's signer must be among
   *     them
   * @param checkpointQuorum how many of them must have signed the checkpoint: the genesis's
   *     checkpoint quorum, so that only a final checkpoint is accepted
   * @throws BundleException naming the problem if the file is not a bundle signed by a trusted node
   *     over a checkpoint signed by a quorum of trusted nodes
   */
  public static VerifierBundle read(
      byte[] file, Map<OrgId, Ed25519PublicKey> trustedNodeKeys, int checkpointQuorum)
      throws BundleException {
    VerifierBundle bundle = VerifierBundle.decode(open(file, BUNDLE_KIND, trustedNodeKeys));
    requireFinalCheckpoint(bundle.checkpointNote(), trustedNodeKeys, checkpointQuorum);
    return bundle;
  }

  /**
   * Reads and verifies a delta. Apply it with {@link BundleDelta#apply}.
   *
   * @throws BundleException as {@link #read(byte[], Map, int)} does
   */
  public static BundleDelta readDelta(
      byte[] file, Map<OrgId, Ed25519PublicKey> trustedNodeKeys, int checkpointQuorum)
      throws BundleException {
    BundleDelta delta = BundleDelta.decode(open(file, DELTA_KIND, trustedNodeKeys));
    requireFinalCheckpoint(delta.checkpointNote(), trustedNodeKeys, checkpointQuorum);
    return delta;
  }

  /**
   * Reads and verifies a full bundle from disk.
   *
   * @throws BundleException as {@link #read(byte[], Map, int)} does, and {@link Problem#UNREADABLE}
   *     if the file cannot be read
   */
  public static VerifierBundle read(
      Path file, Map<OrgId, Ed25519PublicKey> trustedNodeKeys, int checkpointQuorum)
      throws BundleException {
    return read(load(file), trustedNodeKeys, checkpointQuorum);
  }

  /**
   * Reads and verifies a delta from disk.
   *
   * @throws BundleException as {@link #read(Path, Map, int)} does
   */
  public static BundleDelta readDelta(
      Path file, Map<OrgId, Ed25519PublicKey> trustedNodeKeys, int checkpointQuorum)
      throws BundleException {
    return readDelta(load(file), trustedNodeKeys, checkpointQuorum);
  }

  private static byte[] seal(String kind, Bytes body, OrgId signer, Ed25519PrivateKey nodeKey) {
    byte[] bodyBytes = body.toArray();
    return envelope(kind, bodyBytes, signer, nodeKey.sign(signedMessage(kind, bodyBytes)));
  }

  private static byte[] envelope(String kind, byte[] body, OrgId signer, Signature signature) {
    return new CborWriter()
        .array(4)
        .text(kind)
        .bytes(body)
        .text(signer.value())
        .bytes(signature.bytes())
        .end()
        .toByteArray();
  }

  /** Checks the envelope and returns the body, whose signature has then been verified. */
  private static byte[] open(
      byte[] file, String expectedKind, Map<OrgId, Ed25519PublicKey> trustedNodeKeys)
      throws BundleException {
    if (file.length > MAX_FILE_BYTES) {
      throw tooLarge(file.length);
    }
    String kind;
    byte[] bodyBytes;
    OrgId signer;
    Signature signature;
    try (CborReader in = CborReader.of(file)) {
      in.startArray("file");
      kind = in.text("kind");
      bodyBytes = in.bytes("body");
      signer = in.text("signer", OrgId::new);
      signature = in.bytes("signature", Signature.SIZE, Signature::create);
      in.endArray("file");
      in.end("file");
    } catch (MalformedCborException e) {
      throw BundleException.unreadable("file", e);
    }
    if (!Arrays.equals(envelope(kind, bodyBytes, signer, signature), file)) {
      throw new BundleException(
          Problem.NOT_CANONICAL, "The file's outer structure is not in canonical CBOR form.");
    }
    if (!kind.equals(expectedKind)) {
      throw wrongKind(kind, expectedKind);
    }
    Ed25519PublicKey key = trustedNodeKeys.get(signer);
    if (key == null) {
      throw new BundleException(
          Problem.UNKNOWN_SIGNER,
          "The file is signed by " + signer + ", which is not a trusted member node.");
    }
    if (!key.verify(signedMessage(kind, bodyBytes), signature)) {
      throw new BundleException(
          Problem.BAD_SIGNATURE,
          "The file's signature by "
              + signer
              + " does not verify: the file was altered, or signed with another key.");
    }
    return bodyBytes;
  }

  private static byte[] signedMessage(String kind, byte[] body) {
    byte[] label = (kind + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] message = Arrays.copyOf(label, label.length + body.length);
    System.arraycopy(body, 0, message, label.length, body.length);
    return message;
  }

  /**
   * Requires valid signatures on the checkpoint by at least {@code quorum} trusted member nodes, so
   * that only a final checkpoint anchors a bundle, and no invalid one by a trusted node's key
   * (c2sp.org/signed-note suggests refusing such a note).
   */
  private static void requireFinalCheckpoint(
      SignedNote note, Map<OrgId, Ed25519PublicKey> trustedNodeKeys, int quorum)
      throws BundleException {
    List<NoteVerifier> present =
        trustedNodeKeys.entrySet().stream()
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
