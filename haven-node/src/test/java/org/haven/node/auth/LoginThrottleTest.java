package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private static final String KEY = "officer:ke.registrar.otieno";

  private final FakeClock clock = new FakeClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void fourFailures_doNotLock() {
    fail(KEY, 4);

    assertThat(throttle.retryAfter(KEY)).isEmpty();
  }

  @Test
  void theFifthFailureInFifteenMinutes_locksForFifteenMinutes() {
    fail(KEY, 4);
    clock.advance(Duration.ofMinutes(14));

    throttle.failed(KEY);

    assertThat(throttle.retryAfter(KEY)).contains(Duration.ofMinutes(15));
    clock.advance(Duration.ofMinutes(10));
    assertThat(throttle.retryAfter(KEY)).contains(Duration.ofMinutes(5));
    clock.advance(Duration.ofMinutes(5));
    assertThat(throttle.retryAfter(KEY)).isEmpty();
  }

  @Test
  void failuresFurtherApartThanTheWindow_doNotLock() {
    for (int i = 0; i < 20; i++) {
      throttle.failed(KEY);
      clock.advance(Duration.ofMinutes(4));
    }

    assertThat(throttle.retryAfter(KEY)).isEmpty();
  }

  @Test
  void eachFailureWhileLocked_doublesTheLockout_upToAnHour() {
    fail(KEY, 5);

    throttle.failed(KEY);
    assertThat(throttle.retryAfter(KEY)).contains(Duration.ofMinutes(30));
    throttle.failed(KEY);
    assertThat(throttle.retryAfter(KEY)).contains(Duration.ofHours(1));
    throttle.failed(KEY);
    assertThat(throttle.retryAfter(KEY)).contains(Duration.ofHours(1));
  }

  @Test
  void aFailureSoonAfterALockout_locksAgainForTwiceAsLong() {
    fail(KEY, 5);
    clock.advance(Duration.ofMinutes(15));
    assertThat(throttle.retryAfter(KEY)).isEmpty();

    clock.advance(Duration.ofMinutes(14));
    throttle.failed(KEY);

    assertThat(throttle.retryAfter(KEY)).contains(Duration.ofMinutes(30));
  }

  @Test
  void aQuietWindowAfterTheLockout_forgetsTheKey() {
    fail(KEY, 5);
    clock.advance(Duration.ofMinutes(15 + 15));

    fail(KEY, 4);

    assertThat(throttle.retryAfter(KEY)).isEmpty();
    throttle.failed(KEY);
    assertThat(throttle.retryAfter(KEY)).contains(Duration.ofMinutes(15));
  }

  @Test
  void success_clearsFailuresAndLockout() {
    fail(KEY, 6);

    throttle.succeeded(KEY);

    assertThat(throttle.retryAfter(KEY)).isEmpty();
    fail(KEY, 4);
    assertThat(throttle.retryAfter(KEY)).isEmpty();
  }

  @Test
  void forget_liftsTheLockoutsOfTheKeysItAccepts_only() {
    fail(KEY + "@192.0.2.1", 5);
    fail(KEY + "@192.0.2.2", 5);
    fail("officer:ug.clerk.nakato@192.0.2.1", 5);

    assertThat(throttle.forget(key -> key.startsWith(KEY + "@"))).isEqualTo(2);

    assertThat(throttle.retryAfter(KEY + "@192.0.2.1")).isEmpty();
    assertThat(throttle.retryAfter(KEY + "@192.0.2.2")).isEmpty();
    assertThat(throttle.retryAfter("officer:ug.clerk.nakato@192.0.2.1")).isPresent();
  }

  @Test
  void allowing_locksAtItsOwnCount_andSharesNoKeys() {
    LoginThrottle lenient = throttle.allowing(20);

    fail(lenient, KEY, 19);
    assertThat(lenient.retryAfter(KEY)).isEmpty();
    assertThat(throttle.retryAfter(KEY)).isEmpty();
    fail(lenient, KEY, 1);

    assertThat(lenient.retryAfter(KEY)).contains(LoginThrottle.FIRST_LOCKOUT);
    assertThat(throttle.retryAfter(KEY)).isEmpty();
  }

  @Test
  void keysAreCountedApart() {
    fail(KEY, 5);

    fail("ip:192.0.2.7", 4);

    assertThat(throttle.retryAfter(KEY)).isPresent();
    assertThat(throttle.retryAfter("ip:192.0.2.7")).isEmpty();
    assertThat(throttle.retryAfter("officer:ug.clerk.nakato")).isEmpty();
  }

  @Test
  void atCapacity_forgetsTheKeyWhoseLastFailureIsOldest() {
    LoginThrottle small = new LoginThrottle(clock, 2);
    for (String key : List.of("ip:192.0.2.1", "ip:192.0.2.2", "ip:192.0.2.1")) {
      for (int i = 0; i < 5; i++) {
        small.failed(key);
      }
    }

    small.failed("ip:192.0.2.3");

    assertThat(small.retryAfter("ip:192.0.2.2")).isEmpty();
    assertThat(small.retryAfter("ip:192.0.2.1")).isPresent();
  }

  @Test
  void failuresFromManyThreads_areAllCounted() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> failures = new ArrayList<>();
      for (int i = 0; i < 4 * 8; i++) {
        String key = "ip:192.0.2." + (i % 8);
        failures.add(threads.submit(() -> throttle.failed(key)));
      }
      for (Future<?> failure : failures) {
        failure.get();
      }
    } finally {
      threads.shutdownNow();
    }

    for (int i = 0; i < 8; i++) {
      String key = "ip:192.0.2." + i;
      assertThat(throttle.retryAfter(key)).as(key).isEmpty();
      throttle.failed(key);
      assertThat(throttle.retryAfter(key)).as(key).contains(Duration.ofMinutes(15));
    }
  }

  private void fail(String key, int times) {
    fail(throttle, key, times);
  }

  private static void fail(LoginThrottle throttle, String key, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(key);
    }
  }
}
