package org.haven.card.qr;

import com.google.zxing.qrcode.encoder.ByteMatrix;
import java.util.BitSet;

/** An encoded QR code: its version and its modules, without the quiet zone. Immutable. */
public final class QrSymbol {
  private final int version;
  private final int size;
  private final BitSet dark;

  private QrSymbol(int version, int size, BitSet dark) {
    this.version = version;
    this.size = size;
    this.dark = dark;
  }

  static QrSymbol of(int version, ByteMatrix matrix) {
    int size = matrix.getWidth();
    BitSet dark = new BitSet(size * size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (matrix.get(x, y) == 1) {
          dark.set(y * size + x);
        }
      }
    }
    return new QrSymbol(version, size, dark);
  }

  /** The QR version, 1 to 40. */
  public int version() {
    return version;
  }

  /** Modules per side: 17 + 4 × version. */
  public int size() {
    return size;
  }

  /**
   * Whether the module at column {@code x} and row {@code y}, counted from the top left, is dark.
   *
   * @throws IndexOutOfBoundsException unless both are in {@code [0, size())}
   */
  public boolean isDark(int x, int y) {
    if (x < 0 || y < 0 || x >= size || y >= size) {
      throw new IndexOutOfBoundsException("module (" + x + ", " + y + ") outside " + size);
    }
    return dark.get(y * size + x);
  }
}
