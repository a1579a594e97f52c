package org.haven.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  @Test
  void keysReadAhead_comeFromOneRead_othersFromTheStateWhenAsked() {
    InMemoryState state = new InMemoryState();
    state.put(bytes("a"), bytes("A"));
    state.put(bytes("b"), bytes("B"));
    PendingWritesTest.CountingReader counting = new PendingWritesTest.CountingReader(state);

    ReadAhead view = new ReadAhead(counting, List.of(bytes("a"), bytes("absent")));

    assertThat(view.get(bytes("a"))).contains(bytes("A"));
    assertThat(view.get(bytes("absent"))).isEmpty();
    assertThat(counting.singles).isEmpty();
    assertThat(view.get(bytes("b"))).contains(bytes("B"));
    assertThat(counting.batches).containsExactly(List.of(bytes("a"), bytes("absent")));
    assertThat(counting.singles).containsExactly(bytes("b"));
  }

  private static Bytes bytes(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }
}
