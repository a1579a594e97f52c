package org.haven.core.merkle;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.haven.core.crypto.Hash;

/** {@link MerkleNodes} in a {@link HashMap}: for tests and for replaying a log. Not thread-safe. */
public final class InMemoryMerkleNodes implements MerkleNodes {
  private record Position(int level, long index) {}

  private final Map<Position, Hash> nodes = new HashMap<>();

  @Override
  public Optional<Hash> get(int level, long index) {
    return Optional.ofNullable(nodes.get(new Position(level, index)));
  }

  @Override
  public void put(int level, long index, Hash hash) {
    nodes.put(new Position(level, index), hash);
  }
}
