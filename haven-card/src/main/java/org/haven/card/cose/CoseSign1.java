package org.haven.card.cose;

import java.nio.charset.StandardCharsets;
import org.haven.card.codec.Cbor;
import org.haven.card.codec.CborReader;
import org.haven.card.codec.CborWriter;
import org.haven.card.codec.MalformedCborException;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;

/**
 * A COSE_Sign1 message (RFC 9052 section 4.2) signed with EdDSA over Ed25519: {@code 18([protected,
 * unprotected, payload, signature])}. Haven writes the protected header {@code <<{1: -8}>>} (alg:
 * EdDSA) and the unprotected header {@code {4: kid}}, where the kid is {@link #keyId}.
 *
 * <p>{@link #decode} accepts any protected header that names EdDSA and has no critical parameters,
 * as RFC 9052 allows, so that the messages of other COSE tools can be checked too.
 */
public final class CoseSign1 {
  /** The CBOR tag of a COSE_Sign1 message, RFC 9052 section 2. */
  public static final int TAG = 18;

  /** Header parameter {@code alg}, RFC 9052 section 3.1. */
  public static final int HEADER_ALG = 1;

  /** Header parameter {@code crit}, RFC 9052 section 3.1. */
  public static final int HEADER_CRIT = 2;

  /** Header parameter {@code kid}, RFC 9052 section 3.1. */
  public static final int HEADER_KID = 4;

  /** Algorithm EdDSA, RFC 9053 section 2.2. */
  public static final int ALG_EDDSA = -8;

  /** How many bytes of the key's SHA-256 make its kid. */
  public static final int KEY_ID_SIZE = 8;

  /** {@code ["Signature1", ...]}: the context string of RFC 9052 section 4.4. */
  private static final byte[] SIGNATURE1 = "Signature1".getBytes(StandardCharsets.US_ASCII);

  /** The protected header Haven writes: the map {@code {1: -8}} as bytes. */
  private static final byte[] EDDSA_HEADER =
      new CborWriter().map(1).key(HEADER_ALG).integer(ALG_EDDSA).end().toByteArray();

  private final byte[] protectedHeader;
  private final Bytes kid;
  private final byte[] payload;
  private final Signature signature;

  /** The Sig_structure, made once: both the signature check and the card hash need it. */
  private final byte[] signed;

  private CoseSign1(byte[] protectedHeader, Bytes kid, byte[] payload, Signature signature) {
    this.protectedHeader = protectedHeader;
    this.kid = kid;
    this.payload = payload;
    this.signature = signature;
    this.signed = sigStructure(protectedHeader, payload);
  }

  /** The kid of {@code key}: the first {@value #KEY_ID_SIZE} bytes of SHA-256 of its 32 bytes. */
  public static Bytes keyId(Ed25519PublicKey key) {
    return key.fingerprint().toBytes().slice(0, KEY_ID_SIZE);
  }

  /** Signs {@code payload} and returns the tagged COSE_Sign1 message. */
  public static byte[] sign(byte[] payload, Ed25519PrivateKey key) {
    Signature signature = key.sign(sigStructure(EDDSA_HEADER, payload));
    return new CborWriter()
        .tag(TAG)
        .array(4)
        .bytes(EDDSA_HEADER)
        .map(1)
        .key(HEADER_KID)
        .bytes(keyId(key.publicKey()))
        .end()
        .bytes(payload)
        .bytes(signature.bytes())
        .end()
        .toByteArray();
  }

  /**
   * Reads a tagged COSE_Sign1 message. Checks its structure and that it uses EdDSA, not its
   * signature.
   *
   * @throws MalformedCborException if it is not such a message: the message says what is wrong
   */
  public static CoseSign1 decode(byte[] message) {
    try (CborReader in = CborReader.of(message)) {
      in.startArray(TAG, "COSE_Sign1");
      byte[] protectedHeader = in.bytes("COSE_Sign1 protected header");
      checkProtectedHeader(protectedHeader);
      Bytes kid = readKid(in);
      byte[] payload = in.bytes("COSE_Sign1 payload");
      byte[] signature = in.bytes("COSE_Sign1 signature");
      if (signature.length != Signature.SIZE) {
        throw new MalformedCborException(
            "COSE_Sign1 signature: an Ed25519 signature is " + Signature.SIZE + " bytes");
      }
      if (!in.arrayEnds("COSE_Sign1")) {
        throw new MalformedCborException("COSE_Sign1: more than four elements");
      }
      in.end("COSE_Sign1");
      return new CoseSign1(protectedHeader, kid, payload, Signature.create(Bytes.of(signature)));
    }
  }

  private static void checkProtectedHeader(byte[] header) {
    String what = "COSE_Sign1 protected header";
    boolean eddsa = false;
    try (CborReader in = CborReader.of(header)) {
      in.startMap(what);
      while (in.nextKey(what)) {
        long label = in.key();
        if (label == HEADER_ALG) {
          eddsa = in.integer(what + " alg") == ALG_EDDSA;
        } else if (label == HEADER_CRIT) {
          throw new MalformedCborException(what + ": names critical parameters");
        } else {
          in.skip(what);
        }
      }
      in.end(what);
    }
    if (!eddsa) {
      throw new MalformedCborException(what + ": the algorithm is not EdDSA (-8)");
    }
  }

  private static Bytes readKid(CborReader in) {
    String what = "COSE_Sign1 unprotected header";
    Bytes kid = null;
    in.startMap(what);
    while (in.nextKey(what)) {
      if (in.key() == HEADER_KID) {
        kid = Bytes.of(in.bytes(what + " kid"));
      } else {
        in.skip(what);
      }
    }
    if (kid == null) {
      throw new MalformedCborException(what + ": no kid");
    }
    return kid;
  }

  /**
   * The bytes signed, RFC 9052 section 4.4: {@code ["Signature1", protected, external_aad,
   * payload]} with an empty external_aad, encoded by hand since its shape never changes.
   */
  static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
    int size =
        1
            + Cbor.headSize(SIGNATURE1.length)
            + SIGNATURE1.length
            + Cbor.headSize(protectedHeader.length)
            + protectedHeader.length
            + 1
            + Cbor.headSize(payload.length)
            + payload.length;
    byte[] out = new byte[size];
    int at = Cbor.writeHead(out, 0, Cbor.MAJOR_ARRAY, 4);
    at = Cbor.writeHead(out, at, Cbor.MAJOR_TEXT, SIGNATURE1.length);
    System.arraycopy(SIGNATURE1, 0, out, at, SIGNATURE1.length);
    at += SIGNATURE1.length;
    at = Cbor.writeHead(out, at, Cbor.MAJOR_BYTES, protectedHeader.length);
    System.arraycopy(protectedHeader, 0, out, at, protectedHeader.length);
    at += protectedHeader.length;
    at = Cbor.writeHead(out, at, Cbor.MAJOR_BYTES, 0);
    at = Cbor.writeHead(out, at, Cbor.MAJOR_BYTES, payload.length);
    System.arraycopy(payload, 0, out, at, payload.length);
    return out;
  }

  /** Whether the signature is {@code key}'s over this message's protected header and payload. */
  public boolean verify(Ed25519PublicKey key) {
    return key.verify(signed, signature);
  }

  /**
   * SHA-256 of the bytes the signature covers, the {@code Sig_structure}: the credential's identity
   * on the ledger. Unlike a hash of the whole message it does not change when the unsigned parts do
   * (the unprotected header, the CBOR framing), so a revoked card cannot be re-wrapped to escape
   * its revocation.
   */
  public Hash signedHash() {
    return Hash.sha256(signed);
  }

  /** The kid of the unprotected header, which names the key to verify with. */
  public Bytes kid() {
    return kid;
  }

  /**
   * Reads the payload with {@code reader}, without copying it: the CWT claims are parsed straight
   * from the message.
   */
  public <T> T readPayload(PayloadReader<T> reader) {
    return reader.read(payload, 0, payload.length);
  }

  /** Reads a payload from {@code length} bytes of {@code data} at {@code offset}. */
  @FunctionalInterface
  public interface PayloadReader<T> {
    T read(byte[] data, int offset, int length);
  }

  public Signature signature() {
    return signature;
  }

  /** The protected header as signed: the bytes inside its byte string. */
  public Bytes protectedHeader() {
    return Bytes.of(protectedHeader);
  }

  @Override
  public String toString() {
    return "CoseSign1[kid=" + kid + ", payload " + payload.length + " bytes]";
  }
}
