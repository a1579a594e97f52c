package org.haven.card.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.haven.card.testing.CborDiagnostic;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CborWriterTest {
  /** The examples of RFC 8949 Appendix A that deterministic encoding can write, as given there. */
  static Stream<Arguments> rfc8949AppendixA() {
    return Stream.of(
        example("0", "00", out -> out.uint(0)),
        example("23", "17", out -> out.uint(23)),
        example("24", "1818", out -> out.uint(24)),
        example("25", "1819", out -> out.uint(25)),
        example("100", "1864", out -> out.uint(100)),
        example("1000", "1903e8", out -> out.uint(1000)),
        example("1000000", "1a000f4240", out -> out.uint(1_000_000)),
        example("1000000000000", "1b000000e8d4a51000", out -> out.uint(1_000_000_000_000L)),
        example("-1", "20", out -> out.integer(-1)),
        example("-10", "29", out -> out.integer(-10)),
        example("-100", "3863", out -> out.integer(-100)),
        example("-1000", "3903e7", out -> out.integer(-1000)),
        example("false", "f4", out -> out.bool(false)),
        example("true", "f5", out -> out.bool(true)),
        example("null", "f6", CborWriter::nul),
        example("1(1363896240)", "c11a514b67b0", out -> out.tag(1).uint(1_363_896_240L)),
        example("h''", "40", out -> out.bytes(new byte[0])),
        example("h'01020304'", "4401020304", out -> out.bytes(Bytes.fromHex("01020304"))),
        example("\"\"", "60", out -> out.text("")),
        example("\"a\"", "6161", out -> out.text("a")),
        example("\"IETF\"", "6449455446", out -> out.text("IETF")),
        example("\"\\u00fc\"", "62c3bc", out -> out.text("\u00fc")),
        example("\"\\u6c34\"", "63e6b0b4", out -> out.text("\u6c34")),
        example("\"\\ud800\\udd51\"", "64f0908591", out -> out.text("\ud800\udd51")),
        example("[]", "80", out -> out.array(0).end()),
        example("[1, 2, 3]", "83010203", out -> out.array(3).uint(1).uint(2).uint(3).end()),
        example(
            "[1, [2, 3], [4, 5]]",
            "8301820203820405",
            out ->
                out.array(3)
                    .uint(1)
                    .array(2)
                    .uint(2)
                    .uint(3)
                    .end()
                    .array(2)
                    .uint(4)
                    .uint(5)
                    .end()
                    .end()),
        example("{}", "a0", out -> out.map(0).end()),
        example(
            "{1: 2, 3: 4}", "a201020304", out -> out.map(2).key(1).uint(2).key(3).uint(4).end()));
  }

  private static Arguments example(String diagnostic, String hex, UnaryOperator<CborWriter> write) {
    return Arguments.of(diagnostic, hex, write);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8949AppendixA")
  void writesTheRfc8949Examples(String diagnostic, String hex, UnaryOperator<CborWriter> write) {
    byte[] written = write.apply(new CborWriter()).toByteArray();

    assertThat(HexFormat.of().formatHex(written)).isEqualTo(hex);
  }

  @Test
  void writesTheLimitsOfALongInTheirShortestForm() {
    assertThat(hex(new CborWriter().integer(Long.MAX_VALUE))).isEqualTo("1b7fffffffffffffff");
    assertThat(hex(new CborWriter().integer(Long.MIN_VALUE))).isEqualTo("3b7fffffffffffffff");
    assertThat(hex(new CborWriter().uint(0xffff_ffffL))).isEqualTo("1affffffff");
    assertThat(hex(new CborWriter().uint(0x1_0000_0000L))).isEqualTo("1b0000000100000000");
  }

  /** Jackson's own writeString splits a long string into an indefinite-length one. */
  @Test
  void writesALongTextAsOneDefiniteLengthString() {
    String text = "\u6c34".repeat(30_000);

    byte[] written = new CborWriter().array(1).text(text).end().toByteArray();

    assertThat(hex(written)).startsWith("817a00015f90");
    assertThat(CborDiagnostic.of(written)).isEqualTo("[\"" + text + "\"]");
  }

  @Test
  void refusesALoneSurrogate() {
    for (String text : new String[] {"\ud800", "a\udc00b", "\udd51\ud800", "end\ud83d"}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new CborWriter().text(text))
          .withMessageContaining("lone surrogate");
    }
  }

  @Test
  void refusesANegativeUnsignedIntegerOrSize() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CborWriter().uint(-1))
        .withMessage("an unsigned integer must not be negative: -1");
    assertThatIllegalArgumentException().isThrownBy(() -> new CborWriter().array(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> new CborWriter().map(-1));
  }

  @Test
  void refusesMoreOrFewerItemsThanAnnounced() {
    assertThatIllegalStateException()
        .isThrownBy(() -> new CborWriter().array(2).uint(1).end())
        .withMessageContaining("size mismatch");
    assertThatIllegalStateException()
        .isThrownBy(() -> new CborWriter().array(1).uint(1).uint(2))
        .withMessageContaining("size mismatch");
    assertThatIllegalStateException()
        .isThrownBy(() -> new CborWriter().map(1).key(1).uint(1).key(2).uint(2))
        .withMessageContaining("size mismatch");
  }

  @Test
  void refusesAStructureLeftOpenOrEndedTwice() {
    assertThatIllegalStateException()
        .isThrownBy(() -> new CborWriter().array(0).toByteArray())
        .withMessage("an array or map is not ended");
    assertThatIllegalStateException()
        .isThrownBy(() -> new CborWriter().array(0).end().end())
        .withMessage("no array or map is open");
  }

  @Test
  void refusesAKeyOutsideAMapAndAValueWhereAKeyBelongs() {
    assertThatIllegalStateException().isThrownBy(() -> new CborWriter().array(1).key(1));
    assertThatIllegalStateException().isThrownBy(() -> new CborWriter().map(1).uint(1));
  }

  private static String hex(CborWriter out) {
    return hex(out.toByteArray());
  }

  private static String hex(byte[] data) {
    return HexFormat.of().formatHex(data);
  }
}
