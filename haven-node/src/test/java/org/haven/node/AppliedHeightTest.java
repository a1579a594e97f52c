package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** An answer waits until this node has applied the block that holds the write. */
class AppliedHeightTest {
  @Test
  void aHeightAlreadyAppliedIsReachedAtOnce_laterOnesWhenTheirBlockIsApplied() {
    AppliedHeight applied = new AppliedHeight(5);
    assertThat(applied.reached(5)).isCompleted();
    assertThat(applied.reached(-1)).as("a rejected transaction's receipt").isCompleted();

    CompletableFuture<Void> seven = applied.reached(7);
    CompletableFuture<Void> nine = applied.reached(9);
    applied.advance(6);
    assertThat(seven).isNotDone();
    applied.advance(8);
    assertThat(seven).isCompleted();
    assertThat(nine).isNotDone();
    applied.advance(7);
    assertThat(nine).as("heights never go back").isNotDone();
    applied.advance(9);
    assertThat(nine).isCompleted();
  }
}
