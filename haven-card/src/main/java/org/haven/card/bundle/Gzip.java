package org.haven.card.bundle;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.haven.card.bundle.BundleException.Problem;

/**
 * One GZIP member (RFC 1952) as the W3C Bitstring Status List encodes its list: a fixed 10-byte
 * header with no optional fields, raw DEFLATE (RFC 1951), then CRC-32 and length. The header is
 * written by hand because {@link java.util.zip.GZIPOutputStream} sets the OS byte differently in
 * different JDKs, and the reader is strict because {@link java.util.zip.GZIPInputStream} ignores
 * trailing garbage.
 */
final class Gzip {
  private static final int HEADER_SIZE = 10;
  private static final int TRAILER_SIZE = 8;
  private static final byte ID1 = 0x1f;
  private static final byte ID2 = (byte) 0x8b;
  private static final byte CM_DEFLATE = 8;

  /** MTIME 0 (no time), XFL 0, OS 255 (unknown): the same bytes on every platform. */
  private static final byte[] HEADER = {ID1, ID2, CM_DEFLATE, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private Gzip() {}

  static byte[] compress(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 + data.length / 64);
      out.writeBytes(HEADER);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      CRC32 crc = new CRC32();
      crc.update(data);
      writeIntLittleEndian(out, (int) crc.getValue());
      writeIntLittleEndian(out, data.length);
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * Decompresses a member that must inflate to exactly {@code length} bytes. Refuses early a member
   * that would inflate to more, so a small hostile file cannot exhaust memory.
   *
   * @param field names the value in error messages
   * @throws BundleException ({@link Problem#MALFORMED}) for anything but one well-formed member
   *     with the right length and checksum and nothing after it
   */
  static byte[] decompress(byte[] member, int length, String field) throws BundleException {
    if (member.length < HEADER_SIZE + TRAILER_SIZE) {
      throw malformed(field, "is too short for a GZIP member");
    }
    if (member[0] != ID1 || member[1] != ID2 || member[2] != CM_DEFLATE) {
      throw malformed(field, "is not GZIP with DEFLATE");
    }
    if (member[3] != 0) {
      throw malformed(field, "has GZIP header fields (FLG) that a status list does not use");
    }
    byte[] data = new byte[length];
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(member, HEADER_SIZE, member.length - HEADER_SIZE);
      int filled = 0;
      while (!inflater.finished()) {
        if (filled == length) {
          if (inflater.inflate(new byte[1]) > 0) {
            throw malformed(field, "inflates to more than " + length + " bytes");
          }
        } else {
          filled += inflater.inflate(data, filled, length - filled);
        }
        if (!inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
          throw malformed(field, "ends inside its compressed data");
        }
      }
      if (filled != length) {
        throw malformed(field, "inflates to " + filled + " bytes, expected " + length);
      }
      if (inflater.getRemaining() != TRAILER_SIZE) {
        throw malformed(field, "does not end with exactly the 8-byte GZIP trailer");
      }
    } catch (DataFormatException e) {
      throw malformed(field, "holds invalid DEFLATE data");
    } finally {
      inflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    int trailer = member.length - TRAILER_SIZE;
    if (readIntLittleEndian(member, trailer) != (int) crc.getValue()) {
      throw malformed(field, "fails its GZIP CRC-32 check");
    }
    if (readIntLittleEndian(member, trailer + 4) != length) {
      throw malformed(field, "has a GZIP length field that does not match");
    }
    return data;
  }

  private static BundleException malformed(String field, String problem) {
    return new BundleException(Problem.MALFORMED, "The status list " + field + " " + problem + ".");
  }

  private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
    for (int shift = 0; shift < 32; shift += 8) {
      out.write(value >>> shift);
    }
  }

  private static int readIntLittleEndian(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF)
        | (bytes[offset + 1] & 0xFF) << 8
        | (bytes[offset + 2] & 0xFF) << 16
        | (bytes[offset + 3] & 0xFF) << 24;
  }
}
