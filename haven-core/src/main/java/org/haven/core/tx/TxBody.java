package org.haven.core.tx;

import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.OfficerId;

/**
 * What an officer signs: who acts, when, a random nonce, and the payload. The transaction id is the
 * SHA-256 of this encoding, so the same body submitted twice is a replay and is rejected.
 */
public record TxBody(OfficerId actor, long createdAtMillis, Bytes nonce, Payload payload) {
  /** Version of the body encoding; a new layout gets a new number. */
  public static final int ENCODING_VERSION = 1;

  public static final int NONCE_SIZE = 16;

  public TxBody {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(payload, "payload");
    if (nonce == null || nonce.size() != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be " + NONCE_SIZE + " bytes");
    }
    if (createdAtMillis < 0) {
      throw new IllegalArgumentException("createdAtMillis must not be negative");
    }
  }

  public byte[] encode() {
    CanonicalWriter out =
        new CanonicalWriter()
            .u8(ENCODING_VERSION)
            .u8(payload.kind().tag())
            .string(actor.value())
            .u64(createdAtMillis)
            .fixed(nonce);
    payload.encode(out);
    return out.toByteArray();
  }

  /** Decodes a whole body; trailing bytes are an error. */
  public static TxBody decode(byte[] encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    int version = in.u8("body version");
    if (version != ENCODING_VERSION) {
      throw new DecodeException(0, "unsupported body version " + version);
    }
    Kind kind = Kind.fromTag(in);
    OfficerId actor = in.string("actor", OfficerId::new);
    long createdAt = in.u64("created at");
    Bytes nonce = in.fixed(NONCE_SIZE, "nonce");
    Payload payload = kind.decode(in);
    in.finish();
    return new TxBody(actor, createdAt, nonce, payload);
  }
}
