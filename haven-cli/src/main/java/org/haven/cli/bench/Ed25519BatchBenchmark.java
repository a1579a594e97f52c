package org.haven.cli.bench;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Ed25519Verifier;
import org.haven.core.crypto.Signature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one Ed25519 verification, in microseconds per signature: BouncyCastle one by one,
 * {@link Ed25519Verifier} one by one, and {@link Ed25519Verifier.Batch} over 100 and 1,000
 * signatures (hashing and decoding R included), signed by as many distinct keys or by 5. Keys are
 * decoded before timing, as a node's cache of officers' keys has them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Ed25519BatchBenchmark {
  private static final int SIGNATURES = 1000;

  /** How many distinct keys sign: "distinct" for one per signature, else a count. */
  @Param({"distinct", "5"})
  public String keys;

  private final List<Ed25519PublicKey> publicKeys = new ArrayList<>();
  private final List<byte[]> messages = new ArrayList<>();
  private final List<Signature> signatures = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();

  @Setup
  public void setUp() {
    int keyCount = keys.equals("distinct") ? SIGNATURES : Integer.parseInt(keys);
    List<Ed25519PrivateKey> privateKeys = new ArrayList<>();
    for (int i = 0; i < keyCount; i++) {
      privateKeys.add(Ed25519PrivateKey.generate(random));
    }
    for (int i = 0; i < SIGNATURES; i++) {
      Ed25519PrivateKey key = privateKeys.get(i % keyCount);
      byte[] message = new byte[300];
      random.nextBytes(message);
      publicKeys.add(key.publicKey());
      messages.add(message);
      signatures.add(key.sign(message));
    }
    if (batch(SIGNATURES).cardinality() != SIGNATURES) {
      throw new IllegalStateException("the batch refused an honest signature");
    }
  }

  @Benchmark
  @OperationsPerInvocation(SIGNATURES)
  public int bouncyCastle() {
    int valid = 0;
    for (int i = 0; i < SIGNATURES; i++) {
      if (publicKeys.get(i).verify(messages.get(i), signatures.get(i))) {
        valid++;
      }
    }
    return valid;
  }

  @Benchmark
  @OperationsPerInvocation(SIGNATURES)
  public int single() {
    int valid = 0;
    for (int i = 0; i < SIGNATURES; i++) {
      if (Ed25519Verifier.verify(publicKeys.get(i), messages.get(i), signatures.get(i))) {
        valid++;
      }
    }
    return valid;
  }

  @Benchmark
  @OperationsPerInvocation(100)
  public BitSet batchOf100() {
    return batch(100);
  }

  @Benchmark
  @OperationsPerInvocation(SIGNATURES)
  public BitSet batchOf1000() {
    return batch(SIGNATURES);
  }

  private BitSet batch(int size) {
    Ed25519Verifier.Batch batch = Ed25519Verifier.newBatch(random);
    for (int i = 0; i < size; i++) {
      batch.add(publicKeys.get(i), messages.get(i), signatures.get(i));
    }
    return batch.verify();
  }
}
