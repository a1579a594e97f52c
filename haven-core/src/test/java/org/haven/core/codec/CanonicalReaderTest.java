package org.haven.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalReaderTest {

  @Test
  void readsBackEverythingTheWriterWrote() throws DecodeException {
    Hash hash = Hash.sha256(new byte[] {1, 2, 3});
    byte[] encoded =
        new CanonicalWriter()
            .u8(0xFF)
            .bool(true)
            .bool(false)
            .u32(Integer.MAX_VALUE)
            .u64(Long.MAX_VALUE)
            .hash(hash)
            .bytes(Bytes.fromHex("cafe"))
            .string("Nairobi — 日本 😀")
            .list(List.of("a", "bc"), CanonicalWriter::string)
            .toByteArray();

    CanonicalReader in = CanonicalReader.of(encoded);

    assertThat(in.u8("u8")).isEqualTo(0xFF);
    assertThat(in.bool("true")).isTrue();
    assertThat(in.bool("false")).isFalse();
    assertThat(in.u32("u32")).isEqualTo(Integer.MAX_VALUE);
    assertThat(in.u64("u64")).isEqualTo(Long.MAX_VALUE);
    assertThat(in.hash("hash")).isEqualTo(hash);
    assertThat(in.bytes("bytes")).isEqualTo(Bytes.fromHex("cafe"));
    assertThat(in.string("string")).isEqualTo("Nairobi — 日本 😀");
    assertThat(in.list("list", 2, r -> r.string("element"))).containsExactly("a", "bc");
    in.finish();
    assertThat(in.position()).isEqualTo(encoded.length);
  }

  @ParameterizedTest(name = "0x{0}")
  @ValueSource(strings = {"02", "80", "ff"})
  void rejectsNonCanonicalBoolean(String hex) {
    CanonicalReader in = CanonicalReader.of(Bytes.fromHex("00" + hex));

    DecodeException error =
        catchThrowableOfType(
            DecodeException.class,
            () -> {
              in.bool("first");
              in.bool("active");
            });

    assertThat(error).hasMessageContaining("active: a boolean must be 0 or 1");
    assertThat(error.offset()).isEqualTo(1);
  }

  @Test
  void rejectsTrailingBytes() throws DecodeException {
    CanonicalReader in = CanonicalReader.of(new CanonicalWriter().u32(7).u8(0).u8(0).toBytes());
    assertThat(in.u32("count")).isEqualTo(7);

    DecodeException error = catchThrowableOfType(DecodeException.class, in::finish);

    assertThat(error).hasMessageContaining("2 unexpected trailing bytes");
    assertThat(error.offset()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "c328", // a lead byte followed by ASCII
        "c0af", // overlong encoding of '/'
        "eda080", // a UTF-16 surrogate, U+D800
        "f4908080", // above U+10FFFF
        "ff", // never valid in UTF-8
        "e282" // truncated three-byte sequence
      })
  void rejectsInvalidUtf8(String hex) {
    Bytes utf8 = Bytes.fromHex(hex);
    CanonicalReader in = CanonicalReader.of(new CanonicalWriter().u8(9).bytes(utf8).toBytes());

    DecodeException error =
        catchThrowableOfType(
            DecodeException.class,
            () -> {
              in.u8("tag");
              in.string("name");
            });

    assertThat(error).hasMessageContaining("name: not valid UTF-8");
    assertThat(error.offset()).isEqualTo(5);
  }

  @Test
  void rejectsListCountAboveTheMaximumBeforeReadingElements() {
    CanonicalReader in =
        CanonicalReader.of(
            new CanonicalWriter().list(List.of(1, 2, 3), CanonicalWriter::u32).toBytes());

    DecodeException error =
        catchThrowableOfType(
            DecodeException.class, () -> in.list("signers", 2, r -> r.u32("signer")));

    assertThat(error).hasMessageContaining("signers: 3 elements, at most 2");
    assertThat(error.offset()).isZero();
    assertThat(in.position()).isEqualTo(4);
  }

  @Test
  void acceptsListCountEqualToTheMaximum() throws DecodeException {
    CanonicalReader in =
        CanonicalReader.of(
            new CanonicalWriter().list(List.of(1, 2), CanonicalWriter::u32).toBytes());

    assertThat(in.list("signers", 2, r -> r.u32("signer"))).containsExactly(1, 2);
  }

  @Test
  void rejectsHugeListCountWithoutAllocating() {
    CanonicalReader in = CanonicalReader.of(Bytes.fromHex("7fffffff"));

    DecodeException error =
        catchThrowableOfType(
            DecodeException.class, () -> in.list("items", 1000, r -> r.u8("item")));

    assertThat(error).hasMessageContaining("items: 2147483647 elements, at most 1000");
  }

  @Test
  void rejectsLengthAbove2To31() {
    CanonicalReader in = CanonicalReader.of(Bytes.fromHex("80000000"));

    DecodeException error = catchThrowableOfType(DecodeException.class, () -> in.bytes("blob"));

    assertThat(error).hasMessageContaining("blob length: length or count exceeds 2^31-1");
  }

  @Test
  void rejectsU64Above2To63() {
    CanonicalReader in = CanonicalReader.of(Bytes.fromHex("8000000000000000"));

    DecodeException error = catchThrowableOfType(DecodeException.class, () -> in.u64("height"));

    assertThat(error).hasMessageContaining("height: value exceeds 2^63-1");
  }

  @Test
  void rejectsLengthLongerThanTheRemainingInput() {
    CanonicalReader in = CanonicalReader.of(new CanonicalWriter().u32(10).u8(1).u8(2).toBytes());

    DecodeException error = catchThrowableOfType(DecodeException.class, () -> in.string("reason"));

    assertThat(error).hasMessageContaining("reason: truncated, needs 10 bytes but only 2 remain");
    assertThat(error.offset()).isEqualTo(4);
  }

  @Test
  void rejectsTruncatedFixedWidthFields() {
    assertThat(
            catchThrowableOfType(
                DecodeException.class, () -> CanonicalReader.of(Bytes.fromHex("000000")).u32("n")))
        .hasMessageContaining("n: truncated, needs 4 bytes but only 3 remain");
    assertThat(
            catchThrowableOfType(
                DecodeException.class,
                () -> CanonicalReader.of(new byte[Hash.SIZE - 1]).hash("log root")))
        .hasMessageContaining("log root: truncated, needs 32 bytes but only 31 remain");
    assertThat(
            catchThrowableOfType(
                DecodeException.class, () -> CanonicalReader.of(new byte[0]).u8("kind")))
        .hasMessageContaining("kind: truncated");
  }
}
