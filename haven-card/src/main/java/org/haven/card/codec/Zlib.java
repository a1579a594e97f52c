package org.haven.card.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.haven.card.codec.ZlibException.Reason;

/**
 * The zlib format (RFC 1950, DEFLATE inside) as the EU Digital COVID Certificate uses it between
 * COSE and Base45. Inflating is bounded, because a few hundred scanned bytes can claim to hold
 * gigabytes.
 */
public final class Zlib {
  private Zlib() {}

  /** Compresses {@code data} at the best compression level. */
  public static byte[] compress(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
      byte[] chunk = new byte[512];
      while (!deflater.finished()) {
        int n = deflater.deflate(chunk);
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * Inflates a whole zlib stream, reading its output a piece at a time so that no more than {@code
   * maxSize} + 1 bytes are ever held.
   *
   * @param maxSize the largest output accepted, at least 1
   * @throws ZlibException with {@link Reason#TOO_LARGE} as soon as the output passes {@code
   *     maxSize}, {@link Reason#TRUNCATED} if the stream ends early, and {@link Reason#CORRUPT} if
   *     it is not zlib, fails its checksum or has bytes after its end
   */
  public static byte[] inflate(byte[] zlib, int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize: must be at least 1");
    }
    int limit = maxSize + 1;
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(zlib);
      // Credentials hold JPEG and digests, which hardly compress: start near the input size.
      byte[] out = new byte[Math.min(limit, zlib.length * 2 + 64)];
      int size = 0;
      while (true) {
        if (size == out.length) {
          if (size == limit) {
            throw new ZlibException(
                Reason.TOO_LARGE, "The compressed data inflates beyond " + maxSize + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
        }
        size += inflater.inflate(out, size, out.length - size);
        if (inflater.finished()) {
          break;
        }
        if (inflater.needsDictionary()) {
          throw new ZlibException(Reason.CORRUPT, "The compressed data asks for a dictionary");
        }
        // With no room left the inflater may have read all input yet hold more output.
        if (size < out.length && inflater.needsInput()) {
          throw new ZlibException(Reason.TRUNCATED, "The compressed data is cut short");
        }
      }
      if (size == limit) {
        throw new ZlibException(
            Reason.TOO_LARGE, "The compressed data inflates beyond " + maxSize + " bytes");
      }
      if (inflater.getRemaining() > 0) {
        throw new ZlibException(Reason.CORRUPT, "Bytes follow the end of the compressed data");
      }
      return size == out.length ? out : Arrays.copyOf(out, size);
    } catch (DataFormatException e) {
      throw new ZlibException(Reason.CORRUPT, "The data is not valid zlib");
    } finally {
      inflater.end();
    }
  }
}
