package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.haven.consensus.RaftNode;
import org.haven.core.tx.Transaction;
import org.haven.node.ConfigException;
import org.haven.node.HavenNode;
import org.haven.node.NodeConfig;
import org.haven.storage.Directories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A member whose disk was replaced catching up by snapshot from a large ledger: three member
 * processes take crossings until the leader's ledger holds {@code --ledger-mib}, then a follower is
 * stopped, its ledger and Raft log deleted, and it is started again; the clock runs from its start
 * until it holds the leader's whole ledger and answers {@code GET /ready} with 200.
 */
@Command(
    name = "catchup",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a local consortium of three node processes, loads it with crossings until the"
          + " leader's ledger holds --ledger-mib MiB, then wipes a follower's ledger and Raft log"
          + " (a replaced disk) and times its catching up by the leader's snapshot: from its"
          + " restart until its tree size is the leader's and GET /ready answers 200. Reports the"
          + " snapshot's size and chunks, MiB/s, seconds per GiB, the follower's peak memory, and"
          + " the monitoring routes' latency during the load."
    })
final class BenchCatchUpCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * Crossings written to the leader once the restarted follower answers: Ratis's leader notices
   * that a member lost its log when it next has entries for it (see docs/consensus.md, "Damage
   * found, and repaired from peers"), as it would at once in a network in use.
   */
  private static final int NUDGE = 100;

  @Spec CommandSpec spec;

  @Option(
      names = "--ledger-mib",
      defaultValue = "500",
      description =
          "Load until the leader's ledger (its RocksDB directory) holds this many MiB (default:"
              + " ${DEFAULT-VALUE}).")
  long ledgerMib;

  @Option(
      names = "--load-minutes",
      defaultValue = "0",
      description =
          "Stop loading after this many minutes even if the ledger is smaller, and measure at the"
              + " size reached: on a busy machine the load is slow (default: ${DEFAULT-VALUE}, no"
              + " limit).")
  long loadMinutes;

  @Option(
      names = "--snapshot-every",
      defaultValue = "1000",
      description =
          "raftLog.snapshotEveryEntries in each member's node.json, so that the leader's log is"
              + " purged past the start and the wiped follower needs the snapshot (default:"
              + " ${DEFAULT-VALUE}; the product's default is 10,000).")
  long snapshotEvery;

  @Option(
      names = "--round",
      defaultValue = "100000",
      description =
          "Crossings signed and submitted at a time; the next round is signed while one is"
              + " submitted (default: ${DEFAULT-VALUE}).")
  int round;

  @Option(
      names = "--in-flight",
      defaultValue = "2048",
      description = "Crossings awaiting their answer at any moment (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--batch",
      defaultValue = "100",
      description = "Crossings per POST /transactions/batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--patience",
      defaultValue = "1800",
      description = "Seconds the follower has to catch up (default: ${DEFAULT-VALUE}).")
  long patienceSeconds;

  @Override
  public Integer call() throws Exception {
    if (ledgerMib < 1 || snapshotEvery < 1 || round < 1 || inFlight < 1 || patienceSeconds < 1) {
      throw new ConfigException(
          "--ledger-mib, --snapshot-every, --round, --in-flight and --patience must be at least 1.");
    }
    if (loadMinutes < 0) {
      throw new ConfigException("--load-minutes must be 0 (no limit) or more; got " + loadMinutes);
    }
    if (batch < 1 || batch > LocalConsortium.MAX_BATCH) {
      throw new ConfigException(
          "--batch must be 1 to " + LocalConsortium.MAX_BATCH + "; got " + batch + ".");
    }
    PrintWriter out = spec.commandLine().getOut();
    RaftNode.LogRetention retention =
        new RaftNode.LogRetention(
            snapshotEvery,
            true,
            RaftNode.LogRetention.DEFAULT.segmentBytes(),
            RaftNode.LogRetention.DEFAULT.snapshotChunkBytes(),
            RaftNode.LogRetention.DEFAULT.messageMaxBytes());
    out.printf(
        "Starting three members, a snapshot every %,d Raft entries, chunks of %,d bytes, election"
            + " timeouts of %d-%d s ...%n",
        snapshotEvery,
        retention.snapshotChunkBytes(),
        RaftNode.Timeouts.WIDE_AREA.electionMin().toSeconds(),
        RaftNode.Timeouts.WIDE_AREA.electionMax().toSeconds());
    out.flush();
    try (LocalConsortium consortium =
        LocalConsortium.start(
            config -> config.withRaft(NodeConfig.RaftLog.of(retention), List.of()))) {
      String leader = consortium.awaitLeader();
      Crossings crossings = new Crossings(consortium.ledger());
      consortium.commitSetup(crossings.setup());
      consortium.awaitSameHead(Duration.ofSeconds(60));

      StatusProbe probe = new StatusProbe(consortium.urls(), Duration.ofMillis(20));
      long loadStarted = System.nanoTime();
      long loaded = load(consortium, crossings, leader, out);
      double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
      probe.stop();
      long treeSize = consortium.awaitSameHead(Duration.ofSeconds(600));
      consortium.awaitQuiet(out);

      leader = consortium.awaitLeader();
      String follower = followerOf(leader);
      long ledgerBytes = treeBytes(consortium.dataDir(leader).resolve(HavenNode.LEDGER_DIR));
      out.printf(
          "Stopping %s and deleting its ledger and Raft log (leader %s, tree size %,d, ledger"
              + " %.1f MiB) ...%n",
          follower, leader, treeSize, ledgerBytes / MIB);
      out.flush();
      consortium.stop(follower);
      Path dataDir = consortium.dataDir(follower);
      Directories.deleteTree(dataDir.resolve(HavenNode.LEDGER_DIR));
      Directories.deleteTree(dataDir.resolve(HavenNode.RAFT_DIR));

      String loadBefore = LocalConsortium.loadAverage();
      CatchUp caughtUp = catchUp(consortium, crossings, leader, follower, out);
      String loadAfter = LocalConsortium.loadAverage();
      Path snapshot = installedSnapshot(dataDir, caughtUp.installedIndex());
      long snapshotBytes = treeBytes(snapshot);
      long chunks = chunks(snapshot, retention.snapshotChunkBytes());

      int cores = Runtime.getRuntime().availableProcessors();
      out.printf("%nhaven bench catchup (3 members on one machine, %d cores)%n", cores);
      out.printf(
          "  load:                %,d crossings in %.0f s (%,.0f /s), tree size %,d%n",
          loaded, loadSeconds, loaded / loadSeconds, treeSize);
      out.printf(
          "  leader's ledger:     %,.1f MiB (its RocksDB directory, after the load)%n",
          ledgerBytes / MIB);
      out.printf(
          "  snapshot installed:  Raft index %,d, %,.1f MiB in %d files, %,d chunks of at most"
              + " %,d bytes (counted from the files)%n",
          caughtUp.installedIndex(),
          snapshotBytes / MIB,
          fileCount(snapshot),
          chunks,
          retention.snapshotChunkBytes());
      out.printf(
          "  caught up:           %.1f s from the restart (HTTP answering after %.1f s, snapshot"
              + " seen installed after %.1f s)%n",
          caughtUp.seconds(), caughtUp.httpSeconds(), caughtUp.installedSeconds());
      out.printf(
          "  machine's load:      %s at the restart, %s when caught up (1, 5, 15 min averages)%n",
          loadBefore, loadAfter);
      out.printf(
          "  rate:                %.1f MiB/s of snapshot; %.0f s per GiB of ledger%n",
          snapshotBytes / MIB / caughtUp.seconds(), caughtUp.seconds() * 1024 * MIB / ledgerBytes);
      out.printf(
          "  follower's peak:     RSS %s, heap in use %s (sampled every 250 ms)%n",
          mib(caughtUp.peakResident()), mib(caughtUp.peakHeap()));
      out.println("  monitoring routes during the load, end to end, members in turn, 20 ms apart:");
      probe.report(out, "    ");
      return 0;
    }
  }

  private static final double MIB = 1024.0 * 1024.0;

  /**
   * Submits rounds of crossings to every member in turn until the leader's ledger is large, or the
   * time for loading is up.
   */
  private long load(LocalConsortium consortium, Crossings crossings, String leader, PrintWriter out)
      throws Exception {
    Path ledger = consortium.dataDir(leader).resolve(HavenNode.LEDGER_DIR);
    ExecutorService signer = Executors.newSingleThreadExecutor();
    try {
      Future<List<Transaction>> next = signer.submit(() -> crossings.next(round));
      long loaded = 0;
      long started = System.nanoTime();
      long deadline = started + Duration.ofMinutes(loadMinutes).toNanos();
      while (treeBytes(ledger) < ledgerMib * MIB
          && (loadMinutes == 0 || System.nanoTime() < deadline)) {
        List<Transaction> txs = next.get();
        next = signer.submit(() -> crossings.next(round));
        consortium.submitAll(consortium.urls(), txs, inFlight, batch);
        loaded += txs.size();
        out.printf(
            "  %,d crossings committed in %.0f s; the leader's ledger holds %,.1f MiB%n",
            loaded, (System.nanoTime() - started) / 1e9, treeBytes(ledger) / MIB);
        out.flush();
      }
      return loaded;
    } finally {
      signer.shutdownNow();
    }
  }

  /** What the follower's catching up took, in seconds from its restart, and its peak memory. */
  private record CatchUp(
      double seconds,
      double httpSeconds,
      double installedSeconds,
      long installedIndex,
      OptionalLong peakResident,
      OptionalLong peakHeap) {}

  /**
   * Starts the wiped follower and polls it every {@link #POLL} until its tree size is the leader's
   * and it is ready.
   */
  private CatchUp catchUp(
      LocalConsortium consortium,
      Crossings crossings,
      String leader,
      String follower,
      PrintWriter out)
      throws Exception {
    out.printf("Starting %s again; timing its catching up ...%n", follower);
    out.flush();
    long started = System.nanoTime();
    consortium.launch(follower);
    long deadline = started + Duration.ofSeconds(patienceSeconds).toNanos();
    double httpSeconds = -1;
    double installedSeconds = -1;
    long target = -1;
    JvmMemoryWatch memory = null;
    try {
      while (true) {
        if (System.nanoTime() > deadline) {
          throw new ConfigException(
              follower
                  + " did not catch up within "
                  + patienceSeconds
                  + " s; see its log in "
                  + consortium.dataDir(follower));
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Optional<JsonNode> status = consortium.status(follower);
        if (status.isPresent() && httpSeconds < 0) {
          httpSeconds = elapsed;
          memory = new JvmMemoryWatch(consortium.pid(follower));
          consortium.submitAll(
              List.of(consortium.url(leader)), crossings.next(NUDGE), NUDGE, NUDGE);
          target = consortium.status(leader).orElseThrow().get("treeSize").asLong();
        }
        if (status.isPresent()) {
          JsonNode installed = status.get().path("raft").path("installedSnapshotIndex");
          if (installedSeconds < 0 && installed.isNumber()) {
            installedSeconds = elapsed;
          }
          if (status.get().get("treeSize").asLong() >= target && ready(consortium, follower)) {
            if (!installed.isNumber()) {
              throw new ConfigException(
                  follower
                      + " caught up from the leader's log, not by a snapshot: lower"
                      + " --snapshot-every or load more.");
            }
            return new CatchUp(
                elapsed,
                httpSeconds,
                installedSeconds,
                installed.asLong(),
                memory.peakResidentBytes(),
                memory.peakHeapUsedBytes());
          }
        }
        Thread.sleep(POLL.toMillis());
      }
    } finally {
      if (memory != null) {
        memory.stop();
      }
    }
  }

  private static boolean ready(LocalConsortium consortium, String member)
      throws InterruptedException {
    try {
      return consortium
              .http
              .send(
                  HttpRequest.newBuilder(URI.create(consortium.url(member) + "/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private static String followerOf(String leader) {
    return LocalConsortium.MEMBERS.stream()
        .map(DemoLedger.Member::id)
        .filter(id -> !id.equals(leader))
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  /** The snapshot directory {@code raft/<group>/sm/snapshot-<term>-<index>}. */
  private static Path installedSnapshot(Path dataDir, long index) throws IOException {
    try (Stream<Path> found = Files.walk(dataDir.resolve(HavenNode.RAFT_DIR))) {
      return found
          .filter(path -> path.getFileName().toString().matches("snapshot-\\d+-" + index))
          .findFirst()
          .orElseThrow(
              () ->
                  new ConfigException(
                      "No snapshot " + index + " in " + dataDir.resolve(HavenNode.RAFT_DIR)));
    }
  }

  /** The InstallSnapshot messages a snapshot takes: each file is sent in its own chunks. */
  private static long chunks(Path snapshot, long chunkBytes) throws IOException {
    long chunks = 0;
    try (Stream<Path> files = Files.list(snapshot)) {
      for (Path file : files.toList()) {
        chunks += Math.max(1, (Files.size(file) + chunkBytes - 1) / chunkBytes);
      }
    }
    return chunks;
  }

  private static long fileCount(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  /**
   * The bytes of the regular files under {@code root}, listed again if RocksDB deleted a file while
   * it was listed.
   */
  private static long treeBytes(Path root) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (Stream<Path> paths = Files.walk(root)) {
        return paths.mapToLong(BenchCatchUpCommand::regularFileSize).sum();
      } catch (UncheckedIOException e) {
        if (attempt == 5) {
          throw e.getCause();
        }
      }
    }
  }

  private static long regularFileSize(Path path) {
    try {
      return Files.isRegularFile(path) ? Files.size(path) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mib(OptionalLong bytes) {
    return bytes.isPresent() ? String.format("%,.0f MiB", bytes.getAsLong() / MIB) : "not known";
  }
}
