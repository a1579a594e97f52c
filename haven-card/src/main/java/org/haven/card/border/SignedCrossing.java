package org.haven.card.border;

import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;

/**
 * A crossing record with the recording officer's Ed25519 signature over {@code
 * "haven-crossing/v1\n" || record}. Its id is the record's: the signature is deterministic, and
 * leaving it out of the id means that a record counts once however it was signed.
 */
public record SignedCrossing(CrossingRecord record, Signature signature) {
  public SignedCrossing {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(signature, "signature");
  }

  public Hash id() {
    return record.id();
  }

  /** Whether the signature is {@code officerKey}'s over this record. */
  public boolean verify(Ed25519PublicKey officerKey) {
    return officerKey.verify(CrossingRecord.signedMessage(record.encode()), signature);
  }

  /** The record's encoding, length-prefixed, then the 64-byte signature. */
  public Bytes encode() {
    return new CanonicalWriter().bytes(record.encode()).fixed(signature.bytes()).toBytes();
  }

  /**
   * Reads {@link #encode()}'s output back. The signature is not verified here.
   *
   * @throws DecodeException naming the field if the bytes are not exactly one signed record
   */
  public static SignedCrossing decode(Bytes encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    CrossingRecord record = CrossingRecord.decode(in.bytes("record"));
    Signature signature = Signature.create(in.fixed(Signature.SIZE, "signature"));
    in.finish();
    return new SignedCrossing(record, signature);
  }
}
