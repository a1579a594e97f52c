package org.haven.card.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.Random;
import org.haven.card.codec.ZlibException.Reason;
import org.junit.jupiter.api.Test;

class ZlibTest {
  private static final int LIMIT = 64 * 1024;

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  @Test
  void inflatesWhatItCompressed() {
    for (int size : new int[] {0, 1, 100, 1000, LIMIT}) {
      byte[] data = random(size);

      assertThat(Zlib.inflate(Zlib.compress(data), LIMIT)).as("%d bytes", size).isEqualTo(data);
    }
  }

  @Test
  void writesAZlibHeaderForBestCompression() {
    // RFC 1950 section 2.2: CMF 0x78 (deflate, 32 KiB window), FLG 0xDA (level 3, check bits).
    assertThat(Zlib.compress(new byte[] {1, 2, 3})).startsWith(0x78, 0xda);
  }

  @Test
  void refusesAZlibBombOfTenMegabytesOfZeros() {
    byte[] bomb = Zlib.compress(new byte[10 * 1024 * 1024]);
    assertThat(bomb.length).as("it compresses a thousandfold").isLessThan(11 * 1024);

    ZlibException e = catchThrowableOfType(ZlibException.class, () -> Zlib.inflate(bomb, LIMIT));

    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.getMessage()).contains(String.valueOf(LIMIT));
  }

  @Test
  void acceptsExactlyTheLimitAndNotOneByteMore() {
    assertThat(Zlib.inflate(Zlib.compress(new byte[LIMIT]), LIMIT)).hasSize(LIMIT);

    ZlibException e =
        catchThrowableOfType(
            ZlibException.class, () -> Zlib.inflate(Zlib.compress(new byte[LIMIT + 1]), LIMIT));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void everyCutIsTruncated() {
    byte[] compressed = Zlib.compress(random(500));

    for (int length = 0; length < compressed.length; length++) {
      byte[] cut = Arrays.copyOf(compressed, length);

      ZlibException e = catchThrowableOfType(ZlibException.class, () -> Zlib.inflate(cut, LIMIT));

      assertThat(e).as("cut to %d bytes", length).isNotNull();
      assertThat(e.reason()).as("cut to %d bytes", length).isIn(Reason.TRUNCATED, Reason.CORRUPT);
    }
  }

  @Test
  void aCutAfterTheHeaderIsTruncated() {
    byte[] compressed = Zlib.compress(random(500));

    ZlibException e =
        catchThrowableOfType(
            ZlibException.class,
            () -> Zlib.inflate(Arrays.copyOf(compressed, compressed.length - 1), LIMIT));

    assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
  }

  @Test
  void refusesDataThatIsNotZlib() {
    ZlibException e =
        catchThrowableOfType(
            ZlibException.class, () -> Zlib.inflate("not zlib at all".getBytes(), LIMIT));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
  }

  @Test
  void refusesABadChecksum() {
    byte[] compressed = Zlib.compress(random(500));
    compressed[compressed.length - 1] ^= 1;

    ZlibException e =
        catchThrowableOfType(ZlibException.class, () -> Zlib.inflate(compressed, LIMIT));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
  }

  @Test
  void refusesBytesAfterTheEnd() {
    byte[] compressed = Zlib.compress(random(500));
    byte[] longer = Arrays.copyOf(compressed, compressed.length + 1);

    ZlibException e = catchThrowableOfType(ZlibException.class, () -> Zlib.inflate(longer, LIMIT));

    assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
  }
}
