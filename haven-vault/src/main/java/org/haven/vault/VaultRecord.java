package org.haven.vault;

import java.util.Objects;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;

/**
 * The value the vault stores under a child number:
 *
 * <pre>
 * record = u8 version(1) || u8 state(1) || wrappedKey[60] || bytes(data)   a sealed record
 *        | u8 version(1) || u8 state(2)                                   a tombstone
 * </pre>
 *
 * where {@code wrappedKey} is the child's data key sealed by {@link Aead} under the master key and
 * {@code data} is {@code salt[32] || bytes(PersonalData.encode()) [||
 * bytes(DeclarationFile.encode())]} sealed under the data key; the declaration's file is left out
 * when it is empty.
 */
sealed interface VaultRecord {
  int FORMAT_VERSION = 1;
  int SEALED = 1;
  int TOMBSTONE = 2;
  int WRAPPED_KEY_SIZE = Aead.sealedSize(Aead.KEY_SIZE);

  Bytes encode();

  /** A child's sealed data. */
  record Sealed(Bytes wrappedKey, Bytes data) implements VaultRecord {
    public Sealed {
      if (wrappedKey.size() != WRAPPED_KEY_SIZE) {
        throw new IllegalArgumentException(
            "a wrapped data key is " + WRAPPED_KEY_SIZE + " bytes, got " + wrappedKey.size());
      }
      Objects.requireNonNull(data, "data");
    }

    @Override
    public Bytes encode() {
      return new CanonicalWriter()
          .u8(FORMAT_VERSION)
          .u8(SEALED)
          .fixed(wrappedKey)
          .bytes(data)
          .toBytes();
    }
  }

  /** What is left of an erased child: the fact that it was erased. */
  record Tombstone() implements VaultRecord {
    @Override
    public Bytes encode() {
      return new CanonicalWriter().u8(FORMAT_VERSION).u8(TOMBSTONE).toBytes();
    }
  }

  static VaultRecord decode(Bytes encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    int version = in.u8("record version");
    if (version != FORMAT_VERSION) {
      throw new DecodeException(0, "record version: unsupported version " + version);
    }
    int at = in.position();
    VaultRecord record =
        switch (in.u8("record state")) {
          case SEALED -> new Sealed(in.fixed(WRAPPED_KEY_SIZE, "wrapped key"), in.bytes("data"));
          case TOMBSTONE -> new Tombstone();
          default -> throw new DecodeException(at, "record state: unknown state");
        };
    in.finish();
    return record;
  }
}
