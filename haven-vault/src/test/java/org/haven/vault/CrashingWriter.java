package org.haven.vault;

import static org.haven.vault.TestChildren.aChild;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.ChildNumber;

/**
 * Run in a child JVM by {@link VaultCrashTest}: puts child after child into the vault and prints
 * {@code acked i} once put {@code i} has returned, until it is killed.
 *
 * <p>Arguments: the vault directory and the master key file.
 */
final class CrashingWriter {
  /** Bounds a writer that outlives a failed test; the test kills it after a few hundred. */
  private static final int MAX_PUTS = 10_000;

  /**
   * The children's numbers in the order they are put: distinct, and the same in the writer's JVM
   * and the test's, since both draw them from the same seed.
   */
  private static final List<ChildNumber> CHILD_NUMBERS = distinctChildNumbers(MAX_PUTS, 20_240_601);

  private CrashingWriter() {}

  public static void main(String[] args) {
    try (Vault vault = Vault.open(Path.of(args[0]), MasterKey.fromFile(Path.of(args[1])))) {
      for (int i = 0; i < MAX_PUTS; i++) {
        vault.put(childNumber(i), child(i), salt(i));
        System.out.println("acked " + i);
      }
    }
  }

  static ChildNumber childNumber(int i) {
    return CHILD_NUMBERS.get(i);
  }

  private static List<ChildNumber> distinctChildNumbers(int count, long seed) {
    Random random = new Random(seed);
    Set<ChildNumber> numbers = new LinkedHashSet<>();
    while (numbers.size() < count) {
      numbers.add(ChildNumber.generate(random, numbers::contains));
    }
    return List.copyOf(numbers);
  }

  static PersonalData child(int i) {
    return aChild()
        .named("Child " + i, "Family " + i)
        .bornOn(LocalDate.of(2020, 1, 1).plusDays(i % 1000))
        .build();
  }

  static Bytes salt(int i) {
    return Hash.sha256(Bytes.of(childNumber(i).toString().getBytes(StandardCharsets.US_ASCII)))
        .toBytes();
  }
}
