package org.haven.cli.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Signature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The limit the ledger is measured against: one Ed25519 verification on one core. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ed25519Benchmark {
  private Ed25519PublicKey key;
  private byte[] message;
  private Signature signature;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    Ed25519PrivateKey privateKey = Ed25519PrivateKey.generate(random);
    key = privateKey.publicKey();
    message = new byte[300];
    random.nextBytes(message);
    signature = privateKey.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return key.verify(message, signature);
  }
}
