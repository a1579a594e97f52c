package org.haven.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.haven.consensus.Receipt;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.Role;
import org.haven.core.tx.Transaction;
import org.haven.node.HavenNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that report each figure beside a limit measured in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks. Each figure is reported beside a limit measured in the same run.",
    subcommands = {BenchCommand.Ingest.class})
final class BenchCommand {

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Signed transactions committed per second on one node (single-member Raft group, RocksDB,"
            + " fsync per block), beside this machine's Ed25519 verifications per second on one"
            + " core, measured in the same run.",
        "Transactions are signed before the clock starts and submitted in-process; each is"
            + " decoded, prescreened, batched, replicated through Raft, verified, applied and"
            + " written."
      })
  static final class Ingest implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--transactions",
        defaultValue = "40000",
        description = "Transactions to commit (default: ${DEFAULT-VALUE}).")
    int transactions;

    @Option(
        names = "--warmup",
        defaultValue = "5000",
        description = "Transactions committed before timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
        names = "--verify-seconds",
        defaultValue = "3",
        description = "How long to measure Ed25519 verification (default: ${DEFAULT-VALUE}).")
    int verifySeconds;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      out.println("Measuring Ed25519 verifications per second on one core (BouncyCastle) ...");
      out.flush();
      double verifiesPerSecond = ed25519VerificationsPerSecond(verifySeconds);
      Path dir = Files.createTempDirectory("haven-bench-");
      try {
        DemoLedger ledger =
            DemoLedger.create(
                dir, List.of(new DemoLedger.Member("bench-org", "Benchmark Registry", "KE")), 0);
        out.printf("Signing %d transactions ...%n", warmup + transactions);
        out.flush();
        List<Transaction> txs = new ArrayList<>(warmup + transactions);
        for (int i = 0; i < warmup + transactions; i++) {
          txs.add(
              ledger.enrol(ledger.newOfficer("officer." + i, "bench-org", Role.FIELD_AGENT, "KE")));
        }
        try (HavenNode node = HavenNode.start(dir)) {
          commit(node, txs.subList(0, warmup));
          out.printf("Committing %d transactions ...%n", transactions);
          out.flush();
          long started = System.nanoTime();
          commit(node, txs.subList(warmup, txs.size()));
          double seconds = (System.nanoTime() - started) / 1e9;
          double perSecond = transactions / seconds;
          long blocks = node.queries().head().height();
          out.printf(
              "%nhaven bench ingest (%d cores)%n", Runtime.getRuntime().availableProcessors());
          out.printf(
              "  committed:          %,10.0f tx/s  (%d tx in %.2f s, %d blocks in all)%n",
              perSecond, transactions, seconds, blocks);
          out.printf(
              "  Ed25519 verify:     %,10.0f /s    (one core, same run)%n", verifiesPerSecond);
          out.printf(
              "  ratio:              %10.2f       (goal >= 0.7)%n", perSecond / verifiesPerSecond);
        }
      } finally {
        deleteTree(dir);
      }
      return 0;
    }

    private static void commit(HavenNode node, List<Transaction> txs) throws Exception {
      List<CompletableFuture<Receipt>> receipts = new ArrayList<>(txs.size());
      for (Transaction tx : txs) {
        receipts.add(node.submit(tx.encoded()));
      }
      for (CompletableFuture<Receipt> receipt : receipts) {
        Receipt done = receipt.get();
        if (!done.result().accepted()) {
          throw new IllegalStateException(
              "benchmark transaction rejected: " + done.result().validation());
        }
      }
    }
  }

  /** Verifies pre-signed 200-byte messages in a loop on the calling thread. */
  static double ed25519VerificationsPerSecond(int seconds) {
    SecureRandom random = new SecureRandom();
    int count = 256;
    Ed25519PublicKey[] keys = new Ed25519PublicKey[count];
    byte[][] messages = new byte[count][200];
    Signature[] signatures = new Signature[count];
    for (int i = 0; i < count; i++) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      random.nextBytes(messages[i]);
      keys[i] = key.publicKey();
      signatures[i] = key.sign(messages[i]);
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    for (int i = 0; System.nanoTime() < deadline; i++) {
      keys[i % count].verify(messages[i % count], signatures[i % count]);
    }
    long verified = 0;
    long started = System.nanoTime();
    long end = started + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < count; i++) {
        if (!keys[i].verify(messages[i], signatures[i])) {
          throw new IllegalStateException("a valid signature failed to verify");
        }
      }
      verified += count;
    }
    return verified / ((System.nanoTime() - started) / 1e9);
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
