package org.haven.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.haven.core.bytes.Bytes;

/** A SHA-256 digest: exactly 32 bytes, immutable, compared by content. */
public final class Hash implements Comparable<Hash> {
  public static final int SIZE = 32;

  /** SHA-256 of the empty string, the RFC 6962 root of an empty tree. */
  public static final Hash EMPTY = sha256(new byte[0]);

  /** 32 zero bytes: the previous-block hash of the first block. */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private final Bytes bytes;

  private Hash(byte[] value) {
    this.bytes = Bytes.of(value);
  }

  /**
   * Wraps a copy of {@code digest}.
   *
   * @throws IllegalArgumentException unless {@code digest} is 32 bytes long
   */
  public static Hash of(byte[] digest) {
    if (digest.length != SIZE) {
      throw new IllegalArgumentException(
          "a SHA-256 hash is 32 bytes, got " + digest.length + " bytes");
    }
    return new Hash(digest);
  }

  public static Hash of(Bytes digest) {
    return of(digest.toArray());
  }

  /** Parses 64 hex characters. */
  public static Hash fromHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  /** Parses standard base64 of 32 bytes. */
  public static Hash fromBase64(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  public static Hash sha256(byte[] data) {
    return new Hash(newDigest().digest(data));
  }

  public static Hash sha256(Bytes data) {
    return sha256(data.toArray());
  }

  /** SHA-256 of the concatenation of {@code parts}, without copying them together first. */
  public static Hash sha256(byte[]... parts) {
    MessageDigest digest = newDigest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return new Hash(digest.digest());
  }

  /** Returns a fresh SHA-256 {@link MessageDigest}. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }

  /** Returns a copy of the 32 bytes. */
  public byte[] toArray() {
    return bytes.toArray();
  }

  /** Feeds the hash into {@code digest}. */
  public void updateDigest(MessageDigest digest) {
    bytes.updateDigest(digest);
  }

  /** Writes the 32 bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    bytes.copyTo(target, offset);
  }

  public Bytes toBytes() {
    return bytes;
  }

  public String toHex() {
    return bytes.toHex();
  }

  public String toBase64() {
    return bytes.toBase64();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash && bytes.equals(((Hash) other).bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public int compareTo(Hash other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
