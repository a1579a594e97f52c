package org.haven.node.auth;

/**
 * The cost of one Argon2id run (RFC 9106 section 3.1).
 *
 * <p>The upper limits are not Argon2's own: they stop a damaged or hostile credential file from
 * making the node allocate more memory or time than any sensible setting would.
 *
 * @param memoryKiB memory in KiB, at least 8 per lane and at most {@value #MAX_MEMORY_KIB} (1 GiB)
 * @param iterations passes over the memory, 1 to {@value #MAX_ITERATIONS}
 * @param parallelism lanes, 1 to {@value #MAX_PARALLELISM}
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
  /**
   * The first of the OWASP Password Storage Cheat Sheet's Argon2id settings: 19 MiB, 2 iterations,
   * 1 lane.
   */
  public static final Argon2Params DEFAULT = new Argon2Params(19_456, 2, 1);

  public static final int MAX_MEMORY_KIB = 1 << 20;
  public static final int MAX_ITERATIONS = 64;
  public static final int MAX_PARALLELISM = 64;

  /** Argon2 needs two blocks of 1 KiB per slice, and a lane has four slices. */
  private static final int MIN_MEMORY_KIB_PER_LANE = 8;

  /**
   * @throws IllegalArgumentException if a parameter is outside its range; the message names it
   */
  public Argon2Params {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "Argon2 parallelism must be 1 to " + MAX_PARALLELISM + " lanes, got " + parallelism);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "Argon2 iterations must be 1 to " + MAX_ITERATIONS + ", got " + iterations);
    }
    int minMemory = MIN_MEMORY_KIB_PER_LANE * parallelism;
    if (memoryKiB < minMemory || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException(
          "Argon2 memory must be "
              + minMemory
              + " to "
              + MAX_MEMORY_KIB
              + " KiB for "
              + parallelism
              + " lane(s), got "
              + memoryKiB);
    }
  }
}
