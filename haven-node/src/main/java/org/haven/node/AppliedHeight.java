package org.haven.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The height of the last block this node has applied, and futures for heights to come. A block is
 * committed once a majority holds it, which can be before this member has applied it; a client
 * acknowledged by this node must then find its write here, so answers wait for the local apply.
 */
final class AppliedHeight {
  private long height;
  private final TreeMap<Long, List<CompletableFuture<Void>>> waiting = new TreeMap<>();

  AppliedHeight(long height) {
    this.height = height;
  }

  /** Records that block {@code applied} is applied here, completing whoever waited for it. */
  void advance(long applied) {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    synchronized (this) {
      if (applied <= height) {
        return;
      }
      height = applied;
      Map<Long, List<CompletableFuture<Void>>> reached = waiting.headMap(applied, true);
      reached.values().forEach(done::addAll);
      reached.clear();
    }
    done.forEach(future -> future.complete(null));
  }

  /** Completes once block {@code target} is applied here; at once if it already is. */
  synchronized CompletableFuture<Void> reached(long target) {
    if (target <= height) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    waiting.computeIfAbsent(target, h -> new ArrayList<>()).add(future);
    return future;
  }
}
