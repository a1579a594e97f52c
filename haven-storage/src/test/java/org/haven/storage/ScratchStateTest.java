package org.haven.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.state.PendingWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchStateTest {
  @TempDir Path root;

  @Test
  void commit_thenRead_seesEveryWriteInUnsignedKeyOrder() {
    Path dir = root.resolve("scratch");
    try (ScratchState state = ScratchState.create(dir)) {
      PendingWrites block = new PendingWrites(state);
      block.put(Bytes.of(new byte[] {(byte) 0xff}), Bytes.of(new byte[] {1}));
      block.put(Bytes.of(new byte[] {0x01}), Bytes.of(new byte[] {2}));
      block.put(Bytes.of(new byte[] {(byte) 0x80, 0x00}), Bytes.of(new byte[] {3}));
      state.commit(block);

      assertThat(state.get(Bytes.of(new byte[] {0x01}))).contains(Bytes.of(new byte[] {2}));
      assertThat(state.get(Bytes.of(new byte[] {0x02}))).isEmpty();
      assertThat(
              state.getAll(List.of(Bytes.of(new byte[] {(byte) 0xff}), Bytes.of(new byte[] {7}))))
          .containsExactly(Optional.of(Bytes.of(new byte[] {1})), Optional.empty());
      List<Bytes> keys = new ArrayList<>();
      try (ScratchState.EntryIterator entries = state.entries()) {
        entries.forEachRemaining(entry -> keys.add(entry.getKey()));
      }
      assertThat(keys)
          .containsExactly(
              Bytes.of(new byte[] {0x01}),
              Bytes.of(new byte[] {(byte) 0x80, 0x00}),
              Bytes.of(new byte[] {(byte) 0xff}));
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void create_inADirectoryThatExists_isRefusedAndLeavesItAlone() throws Exception {
    Path dir = Files.createDirectories(root.resolve("scratch"));
    Path kept = Files.writeString(dir.resolve("kept.txt"), "someone's file");

    assertThatThrownBy(() -> ScratchState.create(dir))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("The scratch directory " + dir + " exists already");
    assertThat(kept).hasContent("someone's file");
  }

  @Test
  void entries_ofAnEmptyState_areNone() {
    try (ScratchState state = ScratchState.create(root.resolve("scratch"));
        ScratchState.EntryIterator entries = state.entries()) {
      assertThat(entries.hasNext()).isFalse();
    }
  }
}
