package org.haven.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;

class PendingWritesTest {
  private static final Hash PREVIOUS = Hash.sha256(bytes("previous block's state hash"));

  @Test
  void readsSeeBufferedWritesBeforeTheBase() {
    InMemoryState base = new InMemoryState();
    base.put(bytes("a"), bytes("base a"));
    base.put(bytes("b"), bytes("base b"));
    PendingWrites pending = new PendingWrites(base);

    pending.put(bytes("a"), bytes("pending a"));

    assertThat(pending.get(bytes("a"))).contains(bytes("pending a"));
    assertThat(pending.get(bytes("b"))).contains(bytes("base b"));
    assertThat(pending.get(bytes("c"))).isEmpty();
    assertThat(base.get(bytes("a"))).contains(bytes("base a"));
    assertThat(pending.writes()).containsOnlyKeys(bytes("a"));
  }

  @Test
  void readAhead_readsTheBaseOnceInOneGo_andBufferedWritesStillComeFirst() {
    InMemoryState state = new InMemoryState();
    state.put(bytes("a"), bytes("base a"));
    state.put(bytes("w"), bytes("base w"));
    CountingReader base = new CountingReader(state);
    PendingWrites pending = new PendingWrites(base);
    pending.put(bytes("w"), bytes("pending w"));

    pending.readAhead(List.of(bytes("a"), bytes("absent"), bytes("w")));

    assertThat(pending.get(bytes("a"))).contains(bytes("base a"));
    assertThat(pending.get(bytes("absent"))).isEmpty();
    assertThat(pending.get(bytes("w"))).contains(bytes("pending w"));
    assertThat(base.batches).containsExactly(List.of(bytes("a"), bytes("absent")));
    assertThat(base.singles).isEmpty();
  }

  @Test
  void writesAreListedInUnsignedKeyOrder() {
    PendingWrites pending = new PendingWrites(new InMemoryState());
    pending.put(Bytes.fromHex("ff"), bytes("v"));
    pending.put(Bytes.fromHex("01"), bytes("v"));
    pending.put(Bytes.fromHex("7f"), bytes("v"));

    assertThat(pending.writes().keySet())
        .containsExactly(Bytes.fromHex("01"), Bytes.fromHex("7f"), Bytes.fromHex("ff"));
  }

  /**
   * The state hash is part of every block header, so its bytes must never change: SHA-256 of the
   * previous hash, then of each write in key order as two canonical byte strings (a u32 length, the
   * bytes), the key's then the value's. Written out here the long way, as every node must compute
   * it.
   */
  @Test
  void chainStateHashIsThePreviousThenEachWriteAsCanonicalByteStringsInKeyOrder() {
    PendingWrites pending = new PendingWrites(new InMemoryState());
    pending.put(bytes("org/a"), bytes("A"));
    pending.put(bytes("officer/1"), Bytes.EMPTY);
    pending.put(Bytes.fromHex("ff".repeat(300)), bytes("a key longer than 255 bytes"));

    byte[] expected =
        new CanonicalWriter()
            .hash(PREVIOUS)
            .bytes(bytes("officer/1"))
            .bytes(Bytes.EMPTY)
            .bytes(bytes("org/a"))
            .bytes(bytes("A"))
            .bytes(Bytes.fromHex("ff".repeat(300)))
            .bytes(bytes("a key longer than 255 bytes"))
            .toByteArray();
    assertThat(pending.chainStateHash(PREVIOUS)).isEqualTo(Hash.sha256(expected));
  }

  @Test
  void chainStateHashDoesNotDependOnTheOrderOfWrites() {
    Map<String, String> writes = Map.of("officer/1", "alice", "officer/2", "bob", "org/a", "A");
    List<String> keys = new ArrayList<>(writes.keySet());
    Collections.reverse(keys);
    Map<String, String> reversed = new LinkedHashMap<>();
    keys.forEach(key -> reversed.put(key, writes.get(key)));

    assertThat(hashOf(PREVIOUS, reversed)).isEqualTo(hashOf(PREVIOUS, writes));
  }

  @Test
  void chainStateHashDiffersWhenAnyWriteDiffers() {
    Map<String, String> writes = Map.of("officer/1", "alice", "officer/2", "bob");
    Hash reference = hashOf(PREVIOUS, writes);

    List<Hash> variants =
        List.of(
            hashOf(PREVIOUS, Map.of("officer/1", "alice", "officer/2", "bobby")),
            hashOf(PREVIOUS, Map.of("officer/1", "alice", "officer/3", "bob")),
            hashOf(PREVIOUS, Map.of("officer/1", "alice")),
            hashOf(PREVIOUS, Map.of("officer/1", "alice", "officer/2", "bob", "officer/3", "")),
            hashOf(PREVIOUS, Map.of("officer/1", "alice", "officer/2", "")),
            // The same bytes split differently between key and value.
            hashOf(PREVIOUS, Map.of("officer/1", "alice", "officer/2b", "ob")),
            hashOf(Hash.ZERO, writes));

    assertThat(variants).doesNotContain(reference).doesNotHaveDuplicates();
  }

  @Test
  void chainStateHashOfNoWritesStillChainsThePrevious() {
    PendingWrites none = new PendingWrites(new InMemoryState());

    assertThat(none.chainStateHash(PREVIOUS)).isNotEqualTo(PREVIOUS);
    assertThat(none.chainStateHash(PREVIOUS)).isNotEqualTo(none.chainStateHash(Hash.ZERO));
  }

  @Test
  void chainStateHashIgnoresTheBaseState() {
    InMemoryState base = new InMemoryState();
    base.put(bytes("untouched"), bytes("value"));
    PendingWrites overBase = new PendingWrites(base);
    PendingWrites overEmpty = new PendingWrites(new InMemoryState());
    overBase.put(bytes("k"), bytes("v"));
    overEmpty.put(bytes("k"), bytes("v"));

    assertThat(overBase.chainStateHash(PREVIOUS)).isEqualTo(overEmpty.chainStateHash(PREVIOUS));
  }

  private static Hash hashOf(Hash previous, Map<String, String> writes) {
    PendingWrites pending = new PendingWrites(new InMemoryState());
    writes.forEach((key, value) -> pending.put(bytes(key), bytes(value)));
    return pending.chainStateHash(previous);
  }

  private static Bytes bytes(String text) {
    return Bytes.of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A base that records its reads: one by one, and in one go. */
  static final class CountingReader implements StateReader {
    final List<Bytes> singles = new ArrayList<>();
    final List<List<Bytes>> batches = new ArrayList<>();
    private final StateReader state;

    CountingReader(StateReader state) {
      this.state = state;
    }

    @Override
    public Optional<Bytes> get(Bytes key) {
      singles.add(key);
      return state.get(key);
    }

    @Override
    public List<Optional<Bytes>> getAll(List<Bytes> keys) {
      batches.add(List.copyOf(keys));
      return keys.stream().map(state::get).toList();
    }
  }
}
