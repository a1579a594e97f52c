package org.haven.node.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;

/**
 * A bounded record of the outcomes of recent requests that carried an {@link IdempotencyKey}, so a
 * retry is answered with the first outcome instead of being done again. Keys are scoped by the
 * caller (the officer, or nobody for a request without a session): one officer's key never answers
 * another's request. The oldest records are dropped past the capacity; a retry that comes later is
 * still applied once, because the ledger refuses its transaction (see {@link
 * IdempotencyKey#nonceFor}).
 *
 * <p>Only final outcomes are kept: a success, or a refusal the retry would get again. An answer
 * that says to retry (401, 403, 429, any 5xx) frees the key for the retry.
 */
public final class RecentOutcomes {
  /** About 10,000 answers of a few hundred bytes each: a few MB, several minutes of writes. */
  public static final int DEFAULT_CAPACITY = 10_000;

  /** A stored answer: its status, media type, body and {@code Location}, if it had one. */
  public record Outcome(int status, String contentType, Bytes body, Optional<String> location) {
    public Outcome {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(location, "location");
    }

    /** Whether a retry must get this answer again rather than be done again. */
    public boolean isFinal() {
      boolean success = status / 100 == 2;
      boolean refusal =
          status / 100 == 4 && status != 401 && status != 403 && status != 408 && status != 429;
      return success || refusal;
    }
  }

  /** What to do with a request that carries a key. */
  public sealed interface Claim {}

  /** No request with this key is known: do it. */
  public record Fresh() implements Claim {}

  /** The same request was done: answer this again. */
  public record Replay(Outcome outcome) implements Claim {}

  /** The same request is being done right now. */
  public record InProgress() implements Claim {}

  /** The key was used for a different request. */
  public record Mismatch() implements Claim {}

  private record Scoped(String scope, String key) {}

  private record Entry(Hash fingerprint, Optional<Outcome> outcome) {}

  private final Map<Scoped, Entry> entries;

  public RecentOutcomes(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Scoped, Entry> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * Claims {@code key} for a request whose method, target and body hash to {@code fingerprint}. A
   * {@link Fresh} claim must be settled by {@link #settle}.
   */
  public synchronized Claim claim(String scope, IdempotencyKey key, Hash fingerprint) {
    Scoped scoped = new Scoped(scope, key.value());
    Entry entry = entries.get(scoped);
    if (entry == null) {
      entries.put(scoped, new Entry(fingerprint, Optional.empty()));
      return new Fresh();
    }
    if (!entry.fingerprint().equals(fingerprint)) {
      return new Mismatch();
    }
    return entry.outcome().<Claim>map(Replay::new).orElseGet(InProgress::new);
  }

  /** Records the answer to a {@link Fresh} claim, or frees the key if the answer is not final. */
  public synchronized void settle(
      String scope, IdempotencyKey key, Hash fingerprint, Outcome outcome) {
    Scoped scoped = new Scoped(scope, key.value());
    if (outcome.isFinal()) {
      entries.put(scoped, new Entry(fingerprint, Optional.of(outcome)));
    } else {
      entries.remove(scoped);
    }
  }

  /** How many keys are held, for tests of the bound. */
  public synchronized int size() {
    return entries.size();
  }
}
