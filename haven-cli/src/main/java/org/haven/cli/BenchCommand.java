package org.haven.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.haven.cli.bench.BlockExecutionBenchmark;
import org.haven.cli.bench.BundleBenchmark;
import org.haven.cli.bench.Ed25519Benchmark;
import org.haven.consensus.Receipt;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.Role;
import org.haven.core.tx.Transaction;
import org.haven.node.HavenNode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that report each figure beside a limit measured in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks. Each figure is reported beside a limit measured in the same run.",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchCommand.Micro.class,
      BenchCommand.Bundle.class,
      BenchVerifyCommand.class,
      BenchClusterCommand.class,
      BenchCatchUpCommand.class,
      BenchImportCommand.class,
      BenchScaleCommand.class,
      BenchSearchCommand.class
    })
final class BenchCommand {

  /** How the JMH benchmarks run: forks, iterations, and seconds per iteration. */
  static final class JmhOptions {
    @Option(
        names = "--forks",
        defaultValue = "1",
        description = "JMH forks (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(
        names = "--iterations",
        defaultValue = "5",
        description = "Measured iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(
        names = "--seconds",
        defaultValue = "2",
        description = "Seconds per iteration (default: ${DEFAULT-VALUE}).")
    int seconds;

    /** The run of the benchmarks matching {@code includes}, after two warm-up iterations. */
    Options including(String... includes) {
      OptionsBuilder options = new OptionsBuilder();
      for (String include : includes) {
        options.include(include);
      }
      return options
          .forks(forks)
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(seconds))
          .measurementIterations(iterations)
          .measurementTime(TimeValue.seconds(seconds))
          .build();
    }
  }

  @Command(
      name = "micro",
      mixinStandardHelpOptions = true,
      description = {
        "JMH micro-benchmarks: executing a block of 1,000 signed transactions in memory (decode,"
            + " signatures on all cores, rules, state, Merkle log) beside one Ed25519"
            + " verification on one core, in the same run."
      })
  static final class Micro implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JmhOptions jmh;

    @Override
    public Integer call() throws RunnerException {
      Options options =
          jmh.including(
              Ed25519Benchmark.class.getName() + ".verify",
              BlockExecutionBenchmark.class.getName() + ".executeBlock");
      double verify = 0;
      double execute = 0;
      for (RunResult result : new Runner(options).run()) {
        double score = result.getPrimaryResult().getScore();
        if (result.getParams().getBenchmark().endsWith("verify")) {
          verify = score;
        } else {
          execute = score;
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%nhaven bench micro (%d cores)%n", Runtime.getRuntime().availableProcessors());
      out.printf(
          "  block execution:    %,10.0f tx/s  (in memory, 1,000 enrolments per block)%n", execute);
      out.printf("  Ed25519 verify:     %,10.0f /s    (one core, same run)%n", verify);
      out.printf("  ratio:              %10.2f%n", execute / verify);
      return 0;
    }
  }

  @Command(
      name = "bundle",
      mixinStandardHelpOptions = true,
      description = {
        "JMH: what bundle provenance costs for 100,000 and 1,000,000 children. 'attest' is a"
            + " member building a bundle in memory, digesting its content and signing the"
            + " digest; 'verify' is a border device reading the file and checking the quorum's"
            + " attestations and the checkpoint."
      })
  static final class Bundle implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin JmhOptions jmh;

    @Override
    public Integer call() throws RunnerException {
      Options options = jmh.including(BundleBenchmark.class.getName());
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%nhaven bench bundle (%d cores)%n", Runtime.getRuntime().availableProcessors());
      for (RunResult result : new Runner(options).run()) {
        out.printf(
            "  %-7s %9s children: %,10.1f ms ± %.1f%n",
            result.getParams().getBenchmark().replaceAll(".*\\.", ""),
            result.getParams().getParam("children"),
            result.getPrimaryResult().getScore(),
            result.getPrimaryResult().getScoreError());
      }
      return 0;
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Signed transactions committed per second on one node (single-member Raft group, RocksDB,"
            + " fsync per block), beside this machine's Ed25519 verifications per second on one"
            + " core, measured in the same run.",
        "Transactions are signed before the clock starts and submitted in-process; each is"
            + " decoded, validated (signatures included), batched, replicated through Raft, verified, applied and"
            + " written."
      })
  static final class Ingest implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--transactions",
        defaultValue = "60000",
        description = "Transactions to commit (default: ${DEFAULT-VALUE}).")
    int transactions;

    @Option(
        names = "--warmup",
        defaultValue = "20000",
        description = "Transactions committed before timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
        names = "--verify-seconds",
        defaultValue = "3",
        description = "How long to measure Ed25519 verification (default: ${DEFAULT-VALUE}).")
    int verifySeconds;

    /** What the measured transactions do. */
    enum Workload {
      /** Officer enrolments: each carries a new key, so two curve operations per transaction. */
      ENROLMENT,
      /**
       * Border crossings recorded on registered children: one signature per transaction, the
       * ledger's busiest kind of traffic.
       */
      CROSSING
    }

    @Option(
        names = "--workload",
        defaultValue = "ENROLMENT",
        description = "ENROLMENT or CROSSING (default: ${DEFAULT-VALUE}).")
    Workload workload;

    @Option(
        names = "--clients",
        description = "Threads submitting concurrently (default: the number of cores).")
    int clients = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      out.println("Measuring Ed25519 verifications per second on one core (BouncyCastle) ...");
      out.flush();
      int cores = Runtime.getRuntime().availableProcessors();
      double oneCore = ed25519VerificationsPerSecond(verifySeconds, 1);
      double allCores = ed25519VerificationsPerSecond(verifySeconds, cores);
      Path dir = Files.createTempDirectory("haven-bench-");
      try {
        Path dataDir = Files.createDirectories(dir.resolve("node"));
        DemoLedger ledger =
            DemoLedger.create(
                dataDir,
                List.of(new DemoLedger.Member("bench-org", "Benchmark Registry", "KE")),
                0);
        out.printf("Signing %d %s transactions ...%n", warmup + transactions, workload);
        out.flush();
        List<List<Transaction>> setup = new ArrayList<>();
        List<Transaction> txs;
        if (workload == Workload.ENROLMENT) {
          txs = enrolments(ledger, warmup + transactions);
        } else {
          Crossings crossings = new Crossings(ledger);
          setup.addAll(crossings.setup());
          txs = crossings.next(warmup + transactions);
        }
        try (HavenNode node = HavenNode.start(dataDir)) {
          for (List<Transaction> phase : setup) {
            commit(node, phase, clients);
          }
          commit(node, txs.subList(0, warmup), clients);
          out.printf("Committing %d transactions ...%n", transactions);
          out.flush();
          long started = System.nanoTime();
          commit(node, txs.subList(warmup, txs.size()), clients);
          double seconds = (System.nanoTime() - started) / 1e9;
          double perSecond = transactions / seconds;
          long blocks = node.queries().head().height();
          out.printf(
              "%nhaven bench ingest, %s workload (%d cores)%n",
              workload, Runtime.getRuntime().availableProcessors());
          out.printf(
              "  committed:          %,10.0f tx/s  (%d tx in %.2f s, %d blocks in all)%n",
              perSecond, transactions, seconds, blocks);
          out.printf("  Ed25519 verify:     %,10.0f /s    (one core, same run)%n", oneCore);
          out.printf(
              "  Ed25519 verify:     %,10.0f /s    (all %d cores, same run)%n", allCores, cores);
          out.printf(
              "  ratio:              %10.2f       (committed / one-core verify; goal >= 0.7)%n",
              perSecond / oneCore);
          out.printf(
              "  ratio:              %10.2f       (committed / all-core verify)%n",
              perSecond / allCores);
        }
      } finally {
        deleteTree(dir);
      }
      return 0;
    }

    private static List<Transaction> enrolments(DemoLedger ledger, int count) {
      List<Transaction> txs = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        txs.add(
            ledger.enrol(ledger.newOfficer("officer." + i, "bench-org", Role.FIELD_AGENT, "KE")));
      }
      return txs;
    }

    /**
     * Submits from {@code threads} threads, as concurrent clients of a node would, then waits for
     * every receipt.
     */
    static void commit(HavenNode node, List<Transaction> txs, int threads) throws Exception {
      List<CompletableFuture<Receipt>> receipts =
          Collections.synchronizedList(new ArrayList<>(txs.size()));
      ExecutorService submitters = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> slices = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<Transaction> slice =
              txs.subList(t * txs.size() / threads, (t + 1) * txs.size() / threads);
          slices.add(
              submitters.submit(
                  () -> slice.forEach(tx -> receipts.add(node.submit(tx.encoded())))));
        }
        for (Future<?> slice : slices) {
          slice.get();
        }
      } finally {
        submitters.shutdown();
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

  /**
   * Verifies pre-signed 200-byte messages in a loop on {@code threads} threads at once, after a
   * second of warm-up, and returns the verifications per second of all threads together.
   */
  static double ed25519VerificationsPerSecond(int seconds, int threads) throws Exception {
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
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> counts = new ArrayList<>();
      long warmUntil = System.nanoTime() + 1_000_000_000L;
      long end = warmUntil + seconds * 1_000_000_000L;
      for (int t = 0; t < threads; t++) {
        counts.add(
            pool.submit(
                () -> {
                  long verified = 0;
                  while (System.nanoTime() < end) {
                    for (int i = 0; i < count; i++) {
                      if (!keys[i].verify(messages[i], signatures[i])) {
                        throw new IllegalStateException("a valid signature failed to verify");
                      }
                    }
                    if (System.nanoTime() >= warmUntil) {
                      verified += count;
                    }
                  }
                  return verified;
                }));
      }
      long total = 0;
      for (Future<Long> verified : counts) {
        total += verified.get();
      }
      return total / (double) seconds;
    } finally {
      pool.shutdown();
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
