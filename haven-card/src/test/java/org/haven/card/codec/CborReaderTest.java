package org.haven.card.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.haven.card.codec.MalformedCborException.Reason;
import org.haven.core.identity.OrgId;
import org.junit.jupiter.api.Test;

class CborReaderTest {
  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static MalformedCborException failure(byte[] data, Consumer<CborReader> read) {
    MalformedCborException e =
        catchThrowableOfType(
            MalformedCborException.class,
            () -> {
              try (CborReader in = CborReader.of(data)) {
                read.accept(in);
              }
            });
    assertThat(e).as("reading %s fails", HexFormat.of().formatHex(data)).isNotNull();
    return e;
  }

  @Test
  void readsEachKindOfItem() {
    byte[] data =
        new CborWriter()
            .array(9)
            .uint(1000)
            .integer(-1000)
            .tag(100)
            .uint(17_969)
            .bytes(new byte[] {1, 2})
            .text("\u6c34")
            .bool(true)
            .nul()
            .map(2)
            .key(1)
            .text("one")
            .key(-1)
            .array(1)
            .uint(0)
            .end()
            .end()
            .array(2)
            .uint(1)
            .uint(2)
            .end()
            .end()
            .toByteArray();

    try (CborReader in = CborReader.of(data)) {
      in.startArray("item");
      assertThat(in.uint("uint", 1000)).isEqualTo(1000);
      assertThat(in.integer("integer")).isEqualTo(-1000);
      assertThat(in.integer(100, "date")).isEqualTo(17_969);
      assertThat(in.bytes("bytes", 2)).containsExactly(1, 2);
      assertThat(in.text("text")).isEqualTo("\u6c34");
      assertThat(in.nextIsNull("flag")).isFalse();
      assertThat(in.bool("flag")).isTrue();
      assertThat(in.nextIsNull("null")).isTrue();
      in.startMap("map");
      assertThat(in.nextKey("map")).isTrue();
      assertThat(in.key()).isEqualTo(1);
      in.skip("map");
      assertThat(in.nextKey("map")).isTrue();
      assertThat(in.key()).isEqualTo(-1);
      in.skip("map");
      assertThat(in.nextKey("map")).isFalse();
      assertThat(in.list("list", 2, item -> item.uint("list item"))).containsExactly(1L, 2L);
      in.endArray("item");
      in.end("item");
    }
  }

  @Test
  void readsASliceWithoutTheBytesAroundIt() {
    byte[] data = hex("ff" + "820102" + "ff");

    try (CborReader in = CborReader.of(data, 1, 3)) {
      assertThat(in.list("slice", 2, item -> item.integer("slice item"))).containsExactly(1L, 2L);
      in.end("slice");
    }
  }

  @Test
  void parsesAValueAndNamesItWhenTheParserRefusesIt() {
    byte[] data =
        new CborWriter().array(2).text("ke-registry").text("Not An Org").end().toByteArray();

    MalformedCborException e =
        failure(
            data,
            in -> {
              in.startArray("file");
              assertThat(in.text("signer", OrgId::new)).isEqualTo(new OrgId("ke-registry"));
              in.text("other signer", OrgId::new);
            });

    assertThat(e.getMessage()).startsWith("other signer: invalid: ");
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.what()).contains("other signer");
    assertThat(e.offset()).hasValue(data.length);
  }

  @Test
  void quotesAParserMessageOnOneLineAndCutShort() {
    byte[] data = new CborWriter().bytes(new byte[4]).toByteArray();

    MalformedCborException e =
        failure(
            data,
            in ->
                in.bytes(
                    "key",
                    4,
                    key -> {
                      throw new IllegalArgumentException("line\nbreak " + "x".repeat(300));
                    }));

    assertThat(e.getMessage()).startsWith("key: invalid: line?break xxx").endsWith("...");
    assertThat(e.getMessage()).hasSize("key: ".length() + 160 + "...".length());
  }

  @Test
  void namesTheTypeAndTagItExpected() {
    assertThat(failure(hex("01"), in -> in.bytes("salt")))
        .hasMessage("salt: expected a byte string");
    assertThat(failure(hex("6161"), in -> in.integer(100, "date")))
        .hasMessage("date: expected an integer");
    assertThat(failure(hex("01"), in -> in.integer(100, "date")))
        .hasMessage("date: expected an integer tagged 100");
    assertThat(failure(hex("d8646161"), in -> in.text("name")))
        .hasMessage("name: expected a text string without a tag");
    assertThat(failure(hex("80"), in -> in.startMap("claims")))
        .hasMessage("claims: expected a map");
    assertThat(failure(hex("f6"), in -> in.bool("flag")))
        .hasMessage("flag: expected true or false");
  }

  @Test
  void checksRangesAndSizes() {
    assertThat(failure(hex("20"), in -> in.uint("count")))
        .hasMessage("count: must not be negative");
    assertThat(failure(hex("06"), in -> in.uint("count", 5)))
        .hasMessage("count: must be at most 5, not 6");
    assertThat(failure(hex("1bffffffffffffffff"), in -> in.uint("count")))
        .hasMessage("count: the integer is out of range");
    assertThat(failure(hex("3bffffffffffffffff"), in -> in.integer("count")))
        .hasMessage("count: the integer is out of range");
    assertThat(failure(hex("43010203"), in -> in.bytes("key", 4)))
        .hasMessage("key: must be 4 bytes, not 3");
  }

  @Test
  void refusesAListLongerThanItsLimitAndAnArrayWithMoreItems() {
    byte[] three = hex("83010203");

    assertThat(failure(three, in -> in.list("indexes", 2, item -> item.uint("index"))))
        .hasMessage("indexes: more than 2 items");
    assertThat(
            failure(
                three,
                in -> {
                  in.startArray("pair");
                  in.uint("first");
                  in.uint("second");
                  in.endArray("pair");
                }))
        .hasMessage("pair: expected the end of the array: it has too many items");
  }

  @Test
  void namesAMapKeyThatIsNotAnIntegerAndAMissingValue() {
    assertThat(
            failure(
                hex("a1616101"),
                in -> {
                  in.startMap("claims");
                  in.nextKey("claims");
                }))
        .hasMessage("claims: a map key is not an integer");
  }

  @Test
  void anEmptyInputIsCutShort() {
    MalformedCborException e = failure(new byte[0], in -> in.startArray("file"));

    assertThat(e).hasMessage("file: expected an array");
    assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
    assertThat(e.offset()).hasValue(0);
  }

  @Test
  void anItemCutShortSaysWhereAndInsideWhat() {
    byte[] data = new CborWriter().array(2).text("kind").bytes(new byte[100]).end().toByteArray();

    for (int length = 1; length < data.length; length++) {
      byte[] cut = Arrays.copyOf(data, length);
      MalformedCborException e =
          failure(
              cut,
              in -> {
                in.startArray("file");
                in.text("kind");
                in.bytes("body");
                in.endArray("file");
              });

      assertThat(e.reason()).as("cut at %d", length).isEqualTo(Reason.TRUNCATED);
      assertThat(e.offset().getAsLong()).as("cut at %d", length).isBetween(0L, (long) length);
    }
  }

  @Test
  void bytesAfterTheItemAreTrailing() {
    for (String trailing : new String[] {"00", "ff", "18", "5f"}) {
      MalformedCborException e =
          failure(
              hex("80" + trailing),
              in -> {
                in.startArray("file");
                in.endArray("file");
                in.end("file");
              });

      assertThat(e).as(trailing).hasMessage("file: bytes follow its end");
      assertThat(e.reason()).isEqualTo(Reason.TRAILING_BYTES);
    }
  }

  @Test
  void garbageIsMalformed() {
    MalformedCborException e = failure(hex("ff"), in -> in.startArray("file"));

    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e).hasMessage("file: the data is not valid CBOR");
  }

  @Test
  void aMessageOnlyExceptionHasNoPlace() {
    MalformedCborException e = new MalformedCborException("claim iss: not an organisation id");

    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.what()).isEmpty();
    assertThat(e.offset()).isEmpty();
  }

  @Test
  void theListItemsComeBackInOrder() {
    List<Long> items = List.of(5L, 0L, 24L, 1L << 40);
    CborWriter out = new CborWriter().array(items.size());
    items.forEach(out::uint);

    try (CborReader in = CborReader.of(out.end().toByteArray())) {
      assertThat(in.list("items", items.size(), item -> item.uint("item"))).isEqualTo(items);
    }
  }
}
