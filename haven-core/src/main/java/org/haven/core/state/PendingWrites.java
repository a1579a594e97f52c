package org.haven.core.state;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;

/**
 * Buffers the writes of one block over a base state that does not change while the block executes.
 * Reads see the buffered writes first; reads may run on several threads at once as long as nothing
 * is written meanwhile. The storage adaptor commits {@link #writes()} in one atomic batch together
 * with the block, so a block is either wholly on disk or not at all.
 */
public final class PendingWrites implements StateStore {
  private final StateReader base;
  private final TreeMap<Bytes, Bytes> writes = new TreeMap<>();

  // A block reads the same keys many times (the signer, their organisation, the member count);
  // the base does not change while the block executes, so each key is read from it once.
  private final Map<Bytes, Optional<Bytes>> baseReads = new ConcurrentHashMap<>();

  public PendingWrites(StateReader base) {
    this.base = base;
  }

  @Override
  public Optional<Bytes> get(Bytes key) {
    Bytes pending = writes.get(key);
    return pending != null ? Optional.of(pending) : baseReads.computeIfAbsent(key, base::get);
  }

  /**
   * Reads {@code keys} from the base in one go ({@link StateReader#getAll}), for the reads of this
   * block that follow. Keys the block wrote or read already are left as they are.
   */
  public void readAhead(List<Bytes> keys) {
    List<Bytes> unread = new ArrayList<>(keys.size());
    for (Bytes key : keys) {
      if (!writes.containsKey(key) && !baseReads.containsKey(key)) {
        unread.add(key);
      }
    }
    List<Optional<Bytes>> values = base.getAll(unread);
    for (int i = 0; i < unread.size(); i++) {
      baseReads.putIfAbsent(unread.get(i), values.get(i));
    }
  }

  @Override
  public void put(Bytes key, Bytes value) {
    writes.put(key, value);
  }

  /** The buffered writes in ascending key order. */
  public Map<Bytes, Bytes> writes() {
    return Collections.unmodifiableMap(writes);
  }

  /**
   * Chains {@code previous} with every buffered write, in key order. Each node computes this after
   * each block; equal results mean equal state changes, so a node whose state diverged is caught at
   * the first block where it did.
   */
  public Hash chainStateHash(Hash previous) {
    MessageDigest digest = Hash.newDigest();
    previous.updateDigest(digest);
    byte[] length = new byte[4];
    for (Map.Entry<Bytes, Bytes> write : writes.entrySet()) {
      // What CanonicalWriter.bytes writes for the key, then the value: a u32 length, the bytes.
      updateWithLength(digest, length, write.getKey());
      updateWithLength(digest, length, write.getValue());
    }
    return Hash.of(digest.digest());
  }

  private static void updateWithLength(MessageDigest digest, byte[] length, Bytes value) {
    int size = value.size();
    length[0] = (byte) (size >>> 24);
    length[1] = (byte) (size >>> 16);
    length[2] = (byte) (size >>> 8);
    length[3] = (byte) size;
    digest.update(length);
    value.updateDigest(digest);
  }
}
