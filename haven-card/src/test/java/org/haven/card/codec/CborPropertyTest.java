package org.haven.card.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.haven.card.codec.MalformedCborException.Reason;
import org.haven.card.testing.CborDiagnostic;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CborWriter} and {@link CborReader} over seeded random data items: what the writer writes
 * is deterministic CBOR by the naive {@link CborDiagnostic} and reads back the same, a cut (in the
 * first 100 bytes, and at 100 places beyond) is {@link Reason#TRUNCATED}, and changed bytes read as
 * some item or fail with a {@link MalformedCborException}, never anything else.
 */
class CborPropertyTest {
  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  /** A data item, written and read the way the item expects. */
  private sealed interface Item {
    void write(CborWriter out);

    /** Reads an item of this shape, whatever its values. */
    Item read(CborReader in);
  }

  /** How a scalar is written and read back. */
  private enum Kind {
    INTEGER((out, value) -> out.integer((Long) value), in -> in.integer("integer")),
    DAY((out, value) -> out.tag(100).uint((Long) value), in -> in.integer(100, "day")),
    BYTES((out, value) -> out.bytes((Bytes) value), in -> Bytes.of(in.bytes("bytes"))),
    TEXT((out, value) -> out.text((String) value), in -> in.text("text")),
    /** True, false or null. */
    SIMPLE(
        (out, value) -> {
          if (value == null) {
            out.nul();
          } else {
            out.bool((Boolean) value);
          }
        },
        in -> in.nextIsNull("simple") ? null : in.bool("simple"));

    private final BiConsumer<CborWriter, Object> writer;
    private final Function<CborReader, Object> reader;

    Kind(BiConsumer<CborWriter, Object> writer, Function<CborReader, Object> reader) {
      this.writer = writer;
      this.reader = reader;
    }
  }

  private record Scalar(Kind kind, Object value) implements Item {
    @Override
    public void write(CborWriter out) {
      kind.writer.accept(out, value);
    }

    @Override
    public Item read(CborReader in) {
      return new Scalar(kind, kind.reader.apply(in));
    }
  }

  private record Items(List<Item> items) implements Item {
    @Override
    public void write(CborWriter out) {
      out.array(items.size());
      items.forEach(item -> item.write(out));
      out.end();
    }

    @Override
    public Item read(CborReader in) {
      in.startArray("array");
      List<Item> read = new ArrayList<>();
      for (Item item : items) {
        read.add(item.read(in));
      }
      in.endArray("array");
      return new Items(read);
    }
  }

  /** A map with the keys 0, 1, 2, ... */
  private record Entries(List<Item> values) implements Item {
    @Override
    public void write(CborWriter out) {
      out.map(values.size());
      for (int key = 0; key < values.size(); key++) {
        values.get(key).write(out.key(key));
      }
      out.end();
    }

    @Override
    public Item read(CborReader in) {
      in.startMap("map");
      List<Item> read = new ArrayList<>();
      for (Item value : values) {
        if (!in.nextKey("map") || in.key() != read.size()) {
          throw in.malformed("map", "a key is missing");
        }
        read.add(value.read(in));
      }
      if (in.nextKey("map")) {
        throw in.malformed("map", "an extra key");
      }
      return new Entries(read);
    }
  }

  private static Item random(Random random, int depth) {
    int kind = random.nextInt(depth < 3 ? 7 : 5);
    return switch (kind) {
      case 0 -> new Scalar(Kind.INTEGER, randomLong(random));
      case 1 -> new Scalar(Kind.DAY, (long) random.nextInt(3_000_000));
      case 2 -> {
        byte[] bytes = new byte[random.nextInt(random.nextBoolean() ? 24 : 300)];
        random.nextBytes(bytes);
        yield new Scalar(Kind.BYTES, Bytes.of(bytes));
      }
      case 3 -> new Scalar(Kind.TEXT, randomText(random));
      case 4 -> new Scalar(Kind.SIMPLE, random.nextInt(3) == 0 ? null : random.nextBoolean());
      default -> {
        List<Item> items = new ArrayList<>();
        for (int i = random.nextInt(random.nextBoolean() ? 4 : 20); i > 0; i--) {
          items.add(random(random, depth + 1));
        }
        yield kind == 5 ? new Items(items) : new Entries(items);
      }
    };
  }

  /** Values on both sides of each head size. */
  private static long randomLong(Random random) {
    long magnitude = random.nextLong() >>> random.nextInt(64);
    return random.nextBoolean() ? magnitude : -1 - magnitude;
  }

  private static String randomText(Random random) {
    String[] pieces = {"a", "Z", " ", "\u00e9", "\u6c34", "\ud800\udd51", "\"", "\\"};
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(random.nextBoolean() ? 10 : 200); i > 0; i--) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }

  private static Item read(byte[] data, Item shape) {
    try (CborReader in = CborReader.of(data)) {
      Item read = shape.read(in);
      in.end("item");
      return read;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void writesDeterministicCborThatReadsBack(long seed) {
    Item item = random(new Random(seed), 0);
    CborWriter out = new CborWriter();
    item.write(out);
    byte[] data = out.toByteArray();

    assertThat(CborDiagnostic.of(data)).as("seed %d", seed).isNotEmpty();
    assertThat(read(data, item)).as("seed %d", seed).isEqualTo(item);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aCutAnywhereIsTruncatedAndChangedBytesAreMalformedOrRead(long seed) {
    Random random = new Random(seed);
    Item item = random(random, 0);
    CborWriter out = new CborWriter();
    item.write(out);
    byte[] data = out.toByteArray();

    for (int cuts = 0; cuts < Math.min(data.length, 200); cuts++) {
      int length = cuts < 100 ? cuts : random.nextInt(data.length);
      byte[] cut = Arrays.copyOf(data, length);
      try {
        read(cut, item);
        fail("seed %d: cut at %d of %d bytes, and it read", seed, length, data.length);
      } catch (MalformedCborException e) {
        assertThat(e.reason())
            .as("seed %d, cut at %d: %s", seed, length, e)
            .isEqualTo(Reason.TRUNCATED);
      }
    }
    for (int change = 0; change < 50; change++) {
      byte[] changed = data.clone();
      changed[random.nextInt(data.length)] ^= (byte) (1 + random.nextInt(255));
      try {
        read(changed, item);
      } catch (MalformedCborException e) {
        assertThat(e.getMessage()).as("seed %d", seed).isNotBlank();
        assertThat(e.offset()).as("seed %d: %s", seed, e).isPresent();
      }
    }
  }
}
