package org.haven.card.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;

class StatusListTest {
  @Test
  void bitZero_isTheMostSignificantBitOfTheFirstByte_asW3cNumbersThem() {
    StatusList list = StatusList.withBits(new TreeSet<>(List.of(0L, 9L, 15L)));
    byte[] raw = list.raw().toArray();

    assertThat(raw[0]).isEqualTo((byte) 0x80);
    assertThat(raw[1]).isEqualTo((byte) 0x41);
    assertThat(raw.length).isEqualTo(131_072 / 8);
  }

  @Test
  void compressed_isStandardGzipThatAnyReaderInflatesToTheBits() throws IOException {
    StatusList list = StatusList.withBits(new TreeSet<>(List.of(3L, 100_000L)));

    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(list.compressed().toArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(list.raw().toArray());
    }
  }

  @Test
  void decode_readsBackWhatWasCompressed() throws BundleException {
    StatusList list = StatusList.withBits(new TreeSet<>(List.of(1L, 131_071L)));

    StatusList decoded = StatusList.decode(131_072, list.compressed(), "test");

    assertThat(decoded.raw()).isEqualTo(list.raw());
    assertThat(decoded.isSet(131_071)).isTrue();
    assertThat(decoded.isSet(131_070)).isFalse();
  }

  @Test
  void decode_refusesLengthsThatAreNotWholeW3cBlocks() {
    Bytes compressed = StatusList.withBits(new TreeSet<>()).compressed();

    for (long length : new long[] {0, 8, 131_080, StatusList.MAX_BITS + 131_072L}) {
      assertThatThrownBy(() -> StatusList.decode(length, compressed, "test"))
          .isInstanceOfSatisfying(
              BundleException.class, e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED))
          .hasMessageContaining("multiple of 131072");
    }
  }

  @Test
  void decode_refusesAMemberThatInflatesToAnotherLength() {
    Bytes twoBlocks = StatusList.withBits(new TreeSet<>(List.of(200_000L))).compressed();

    assertThatThrownBy(() -> StatusList.decode(131_072, twoBlocks, "test"))
        .hasMessageContaining("inflates to more than 16384 bytes");
  }

  @Test
  void decode_refusesTrailingBytesHeaderFlagsAndBadChecksums() {
    byte[] good = StatusList.withBits(new TreeSet<>(List.of(5L))).compressed().toArray();
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    byte[] flagged = good.clone();
    flagged[3] = 0x08;
    byte[] badCrc = good.clone();
    badCrc[good.length - 8] ^= 1;
    byte[] badLength = good.clone();
    badLength[good.length - 1] ^= 1;
    byte[] cut = Arrays.copyOf(good, good.length - 9);

    assertThatThrownBy(() -> StatusList.decode(131_072, Bytes.of(trailing), "t"))
        .hasMessageContaining("8-byte GZIP trailer");
    assertThatThrownBy(() -> StatusList.decode(131_072, Bytes.of(flagged), "t"))
        .hasMessageContaining("FLG");
    assertThatThrownBy(() -> StatusList.decode(131_072, Bytes.of(badCrc), "t"))
        .hasMessageContaining("CRC-32");
    assertThatThrownBy(() -> StatusList.decode(131_072, Bytes.of(badLength), "t"))
        .hasMessageContaining("length field");
    assertThatThrownBy(() -> StatusList.decode(131_072, Bytes.of(cut), "t"))
        .isInstanceOf(BundleException.class);
  }

  @Test
  void changed_setsAndClearsBits_andRefusesChangesThatDoNotFit() {
    StatusList list = StatusList.withBits(new TreeSet<>(List.of(2L, 4L)));

    StatusList changed =
        list.changed(262_144, new TreeSet<>(List.of(3L, 150_000L)), new TreeSet<>(List.of(2L)));

    assertThat(changed.raw())
        .isEqualTo(StatusList.withBits(new TreeSet<>(List.of(3L, 4L, 150_000L))).raw());
    assertThatThrownBy(() -> list.changed(131_072, new TreeSet<>(List.of(4L)), new TreeSet<>()))
        .hasMessageContaining("already set");
    assertThatThrownBy(() -> list.changed(131_072, new TreeSet<>(), new TreeSet<>(List.of(5L))))
        .hasMessageContaining("already clear");
    assertThatThrownBy(
            () -> list.changed(131_072, new TreeSet<>(List.of(131_072L)), new TreeSet<>()))
        .hasMessageContaining("outside");
  }
}
