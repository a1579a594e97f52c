package org.haven.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.junit.jupiter.api.Test;

class DecodedValuesTest {
  private static final Bytes KEY = Bytes.fromHex("7701");

  private final InMemoryState store = new InMemoryState();
  private final AtomicInteger decodings = new AtomicInteger();
  private final DecodedValues<Integer> values =
      new DecodedValues<>(
          in -> {
            decodings.incrementAndGet();
            return in.u32("count");
          },
          2);

  @Test
  void sameStoredBytes_areDecodedOnce() {
    store.put(KEY, u32(7));

    assertThat(values.read(store, KEY)).contains(7);
    assertThat(values.read(store, KEY)).contains(7);
    assertThat(decodings).hasValue(1);
  }

  @Test
  void rewrittenValue_isDecodedAfresh() {
    store.put(KEY, u32(7));
    values.read(store, KEY);

    store.put(KEY, u32(8));

    assertThat(values.read(store, KEY)).contains(8);
    assertThat(decodings).hasValue(2);
  }

  @Test
  void absentKey_isEmpty() {
    assertThat(values.read(store, KEY)).isEmpty();
    assertThat(decodings).hasValue(0);
  }

  @Test
  void corruptValue_isReportedWithItsKey() {
    store.put(KEY, Bytes.fromHex("0001"));

    assertThatThrownBy(() -> values.read(store, KEY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Stored state under key " + KEY + " is corrupt: ");
  }

  @Test
  void fullCache_isEmptiedAndStillAnswers() {
    for (int i = 0; i < 3; i++) {
      Bytes key = Bytes.fromHex("780" + i);
      store.put(key, u32(i));
      assertThat(values.read(store, key)).contains(i);
    }

    assertThat(values.read(store, Bytes.fromHex("7800"))).contains(0);
    assertThat(decodings).hasValue(4);
  }

  private static Bytes u32(int value) {
    return new CanonicalWriter().u32(value).toBytes();
  }
}
