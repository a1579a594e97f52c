package org.haven.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.EventType;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.RecordEvent;
import org.haven.core.tx.Transaction;
import org.haven.node.HavenNode;
import org.haven.node.registry.Actor;
import org.haven.storage.Directories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Builds a single-node ledger of many transactions and measures what growth costs: ingest at the
 * start and at the end, a full {@code haven verify} replay and its peak memory, a restart, disk per
 * transaction, a verifier bundle over every child, and timeline reads; each beside a limit measured
 * in the same run (Ed25519 verifications per second on all cores, RocksDB batched puts per second
 * on the same disk).
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a single-node ledger of --transactions transactions: first children (a tenth as many"
          + " children as transactions, each declared and registered: two transactions), then"
          + " border crossings, sightings and check-ins on them. Transactions are pre-signed"
          + " in chunks, off the clock, and submitted in-process as 'haven bench ingest' does;"
          + " children carry no vault data (see docs/BENCHMARKS.md).",
      "Reports ingest in the first and last million transactions (a tenth each when fewer), the"
          + " 'haven verify' replay rate and its peak memory, node restart time, disk bytes per"
          + " transaction, bundle build time and size, and timeline read latency, beside Ed25519"
          + " verifications per second on all cores and RocksDB puts per second on this disk."
    })
final class BenchScaleCommand implements Callable<Integer> {
  private static final String ORG = "bench-org";
  private static final String COUNTRY = "KE";
  private static final long WINDOW = 1_000_000;

  /** The events recorded in turn once every child is registered. */
  private static final EventType[] EVENTS = {
    EventType.CROSSING_EXIT,
    EventType.CROSSING_ENTRY,
    EventType.SIGHTING,
    EventType.CLINIC_CHECK_IN,
    EventType.CROSSING_EXIT,
    EventType.CROSSING_ENTRY,
    EventType.SCHOOL_CHECK_IN
  };

  @Spec CommandSpec spec;

  @Option(
      names = "--transactions",
      defaultValue = "10000000",
      description = "Transactions to build the ledger of (default: ${DEFAULT-VALUE}).")
  long transactions;

  @Option(
      names = "--chunk",
      defaultValue = "20000",
      description = "Transactions signed before each timed submission (default: ${DEFAULT-VALUE}).")
  int chunk;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "A directory, which must not exist yet, to build the ledger in (default: a new temporary"
              + " directory). Deleted at the end unless --keep.")
  Path dir;

  @Option(names = "--keep", description = "Keep the ledger built.")
  boolean keep;

  @Option(
      names = "--verify-heap",
      defaultValue = "256m",
      description = "The -Xmx of the 'haven verify' process (default: ${DEFAULT-VALUE}).")
  String verifyHeap;

  @Option(
      names = "--timeline-reads",
      defaultValue = "2000",
      description = "Timeline reads of random children measured (default: ${DEFAULT-VALUE}).")
  int timelineReads;

  @Option(
      names = "--clients",
      description = "Threads submitting concurrently (default: the number of cores).")
  int clients = Runtime.getRuntime().availableProcessors();

  /** The transactions of one timed submission and how long they took to commit. */
  private record Segment(String workload, long transactions, long nanos) {}

  @Override
  public Integer call() throws Exception {
    if (transactions < 1000 || chunk < 2) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--transactions must be at least 1000 and --chunk at least 2");
    }
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    say(
        "Measuring the limits: Ed25519 verifications per second on all %d cores, and RocksDB"
            + " puts per second on this disk ...",
        cores);
    double ed25519Before = BenchCommand.ed25519VerificationsPerSecond(3, cores);
    Path root = dir != null ? dir : Files.createTempDirectory("haven-scale-");
    if (dir != null) {
      if (Files.exists(dir)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--dir " + dir + " exists already; name a new directory");
      }
      Files.createDirectories(dir);
    }
    try {
      RawPutRate.Result puts = RawPutRate.measure(root.resolve("raw-puts"));
      Path dataDir = Files.createDirectories(root.resolve("node"));
      Figures figures = build(dataDir);
      reportBuild(out, cores, ed25519Before, puts, figures);
      double ed25519Replay = BenchCommand.ed25519VerificationsPerSecond(3, cores);
      say("Measuring the replay: haven verify in a process of its own, -Xmx%s ...", verifyHeap);
      VerifyRun verify = VerifyRun.run(dataDir, verifyHeap);
      reportVerify(out, cores, ed25519Replay, figures, verify);
      return verify.exitCode() == 0 ? 0 : 1;
    } finally {
      if (keep) {
        say("Kept the ledger in %s", root.resolve("node"));
      } else {
        Directories.deleteTree(root);
      }
    }
  }

  /** What the build and the node's measurements found, filled in as they are made. */
  private static final class Figures {
    final List<Segment> segments = new ArrayList<>();
    long children;
    long committed;
    long blocks;
    double bundleSeconds;
    long bundleBytes;
    long[] timelineNanos;
    double eventsPerTimeline;
    long dataDirBytes;
    long ledgerBytes;
    double restartSeconds;
  }

  private Figures build(Path dataDir) throws Exception {
    DemoLedger ledger =
        DemoLedger.create(
            dataDir, List.of(new DemoLedger.Member(ORG, "Benchmark Registry", COUNTRY)), 0);
    Officer agent = ledger.newOfficer("scale.agent", ORG, Role.FIELD_AGENT, COUNTRY);
    Officer registrar = ledger.newOfficer("scale.registrar", ORG, Role.REGISTRAR, COUNTRY);
    Officer border = ledger.newOfficer("scale.border", ORG, Role.BORDER_OFFICER, COUNTRY);
    long childCount = Math.max(1, transactions / 10);
    List<ChildNumber> children = childNumbers(childCount);
    Figures measured = new Figures();
    measured.children = childCount;
    List<Segment> segments = measured.segments;
    Random random = new Random(transactions);
    long committed;
    try (HavenNode node = HavenNode.start(dataDir)) {
      committed =
          commit(
              node,
              segments,
              "setup",
              List.of(ledger.enrol(agent), ledger.enrol(registrar), ledger.enrol(border)),
              0);
      int perChunk = chunk / 2;
      for (int from = 0; from < children.size(); from += perChunk) {
        List<ChildNumber> batch =
            children.subList(from, Math.min(children.size(), from + perChunk));
        committed =
            commit(
                node,
                segments,
                "children",
                signed(
                    batch.size(),
                    i -> Crossings.declaration(ledger, agent, batch.get(i), List.of())),
                committed);
        committed =
            commit(
                node,
                segments,
                "children",
                signed(batch.size(), i -> registration(ledger, registrar, batch.get(i))),
                committed);
      }
      long event = 0;
      while (committed < transactions) {
        int count = (int) Math.min(chunk, transactions - committed);
        ChildNumber[] subjects = new ChildNumber[count];
        EventType[] types = new EventType[count];
        for (int i = 0; i < count; i++, event++) {
          subjects[i] = children.get(random.nextInt(children.size()));
          types[i] = EVENTS[(int) (event % EVENTS.length)];
        }
        committed =
            commit(
                node,
                segments,
                "events",
                signed(
                    count,
                    i ->
                        ledger.signedBy(
                            types[i] == EventType.CLINIC_CHECK_IN
                                    || types[i] == EventType.SCHOOL_CHECK_IN
                                ? agent.id()
                                : border.id(),
                            new RecordEvent(subjects[i], types[i]))),
                committed);
      }
      measured.blocks = node.queries().head().height() + 1;
      measured.committed = node.queries().head().treeSize();
      say("Building the verifier bundle over %,d children ...", childCount);
      long started = System.nanoTime();
      byte[] bundle = node.bundles().latest();
      measured.bundleSeconds = (System.nanoTime() - started) / 1e9;
      measured.bundleBytes = bundle.length;
      say("Reading %,d timelines of random children ...", timelineReads);
      Actor reader = new Actor(registrar, ledger.keyOf(registrar.id()));
      long events = 0;
      for (int i = 0; i < Math.min(200, timelineReads); i++) {
        node.registry().timeline(reader, children.get(random.nextInt(children.size())));
      }
      measured.timelineNanos = new long[timelineReads];
      for (int i = 0; i < timelineReads; i++) {
        ChildNumber child = children.get(random.nextInt(children.size()));
        long at = System.nanoTime();
        events += node.registry().timeline(reader, child).size();
        measured.timelineNanos[i] = System.nanoTime() - at;
      }
      measured.eventsPerTimeline = events / (double) Math.max(1, timelineReads);
    }
    measured.dataDirBytes = bytesUnder(dataDir);
    measured.ledgerBytes = bytesUnder(dataDir.resolve(HavenNode.LEDGER_DIR));
    say("Restarting the node ...");
    long started = System.nanoTime();
    try (HavenNode node = HavenNode.start(dataDir)) {
      measured.restartSeconds = (System.nanoTime() - started) / 1e9;
      if (node.queries().head().treeSize() < measured.committed) {
        throw new IllegalStateException(
            "after the restart the ledger holds "
                + node.queries().head().treeSize()
                + " transactions, fewer than the "
                + measured.committed
                + " committed");
      }
    }
    return measured;
  }

  /** {@code count} distinct child numbers, drawn from a seeded generator. */
  private List<ChildNumber> childNumbers(long count) {
    Random random = new Random(count);
    Set<ChildNumber> seen = new HashSet<>();
    List<ChildNumber> numbers = new ArrayList<>();
    while (numbers.size() < count) {
      ChildNumber child = ChildNumber.generate(random);
      if (seen.add(child)) {
        numbers.add(child);
      }
    }
    return numbers;
  }

  private static Transaction registration(DemoLedger ledger, Officer registrar, ChildNumber child) {
    return ledger.signedBy(
        registrar.id(), new DecideDeclaration(child, DecideDeclaration.Decision.REGISTER, "scale"));
  }

  /** {@code count} transactions signed on every core, off the clock. */
  private static List<Transaction> signed(int count, IntFunction<Transaction> sign) {
    return IntStream.range(0, count).parallel().mapToObj(sign).toList();
  }

  /** Commits {@code txs}, timed, and tells how far the build is. */
  private long commit(
      HavenNode node, List<Segment> segments, String workload, List<Transaction> txs, long before)
      throws Exception {
    long started = System.nanoTime();
    BenchCommand.Ingest.commit(node, txs, clients);
    long nanos = System.nanoTime() - started;
    segments.add(new Segment(workload, txs.size(), nanos));
    long committed = before + txs.size();
    long timed = segments.stream().mapToLong(Segment::nanos).sum();
    say(
        "ingest: %,d/%,d tx (%d%%), %s; this chunk %,.0f tx/s, since the start %,.0f tx/s%s",
        committed,
        transactions,
        100 * committed / transactions,
        workload,
        txs.size() / (nanos / 1e9),
        committed / (timed / 1e9),
        committed < transactions
            ? ", about "
                + Throughput.duration(
                    (long) ((transactions - committed) / (committed / (timed / 1e9))))
                + " of committing left"
            : "");
    return committed;
  }

  private static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).mapToLong(BenchScaleCommand::size).sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private void say(String format, Object... args) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(String.format(Locale.ROOT, format, args));
    err.flush();
  }

  /**
   * The rate of the first or last whole chunks holding at least {@code window} transactions of
   * {@code workload} ("" for children and events: the three enrolments before them are left out).
   */
  private static double rate(List<Segment> segments, long window, boolean first, String workload) {
    List<Segment> chosen =
        new ArrayList<>(
            segments.stream()
                .filter(
                    s ->
                        workload.isEmpty()
                            ? !s.workload().equals("setup")
                            : s.workload().equals(workload))
                .toList());
    if (!first) {
      java.util.Collections.reverse(chosen);
    }
    long txs = 0;
    long nanos = 0;
    for (Segment segment : chosen) {
      if (txs >= window) {
        break;
      }
      txs += segment.transactions();
      nanos += segment.nanos();
    }
    return txs / (nanos / 1e9);
  }

  /** The figures of the build, printed before the replay starts, against the limits before it. */
  private void reportBuild(
      PrintWriter out, int cores, double ed25519, RawPutRate.Result puts, Figures f) {
    long window = Math.min(WINDOW, f.committed / 10);
    out.printf(
        Locale.ROOT,
        "%nhaven bench scale: %,d transactions, %,d children, %,d blocks (%d cores)%n",
        f.committed,
        f.children,
        f.blocks,
        cores);
    out.printf(
        Locale.ROOT,
        "  limit, Ed25519 verify:   %,10.0f /s    (all %d cores, before the build)%n",
        ed25519,
        cores);
    out.printf(
        Locale.ROOT,
        "  limit, RocksDB puts:     %,10.0f /s    (%s)%n",
        puts.perSecond(),
        puts.method());
    double first = rate(f.segments, window, true, "");
    double firstEvents = rate(f.segments, window, true, "events");
    double last = rate(f.segments, window, false, "");
    out.printf(
        Locale.ROOT,
        "  ingest, first %,d+ tx:  %,10.0f tx/s  %.2f of the Ed25519 limit (children: declared,"
            + " registered)%n",
        window,
        first,
        first / ed25519);
    out.printf(
        Locale.ROOT,
        "  ingest, first %,d+ events: %,7.0f tx/s  %.2f of the Ed25519 limit%n",
        window,
        firstEvents,
        firstEvents / ed25519);
    out.printf(
        Locale.ROOT,
        "  ingest, last %,d+ tx:   %,10.0f tx/s  %.2f of the Ed25519 limit (events); last / first"
            + " events %.2f, last / first %.2f%n",
        window,
        last,
        last / ed25519,
        last / firstEvents,
        last / first);
    out.printf(Locale.ROOT, "  restart:                 %,10.2f s%n", f.restartSeconds);
    out.printf(
        Locale.ROOT,
        "  disk:                    %,10.0f B/tx  (data directory %,d bytes; ledger database %,d"
            + " bytes, %,.0f B/tx)%n",
        f.dataDirBytes / (double) f.committed,
        f.dataDirBytes,
        f.ledgerBytes,
        f.ledgerBytes / (double) f.committed);
    out.printf(
        Locale.ROOT,
        "  bundle:                  %,10.2f s     (%,d bytes, %,d children)%n",
        f.bundleSeconds,
        f.bundleBytes,
        f.children);
    long[] sorted = f.timelineNanos.clone();
    Arrays.sort(sorted);
    out.printf(
        Locale.ROOT,
        "  timeline read:           %,10.3f ms p50, %.3f ms p99  (%,d reads of random children,"
            + " %.1f events each on average)%n",
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted.length,
        f.eventsPerTimeline);
    out.flush();
  }

  /** The replay's figures, against Ed25519 verifications measured just before it. */
  private void reportVerify(
      PrintWriter out, int cores, double ed25519, Figures f, VerifyRun verify) {
    out.printf(
        Locale.ROOT,
        "  limit, Ed25519 verify:   %,10.0f /s    (all %d cores, just before the replay)%n",
        ed25519,
        cores);
    out.printf(
        Locale.ROOT,
        "  verify replay:           %,10.0f tx/s  %.2f of the Ed25519 limit (%,.0f blocks/s, %.1f s,"
            + " exit %d)%n",
        f.committed / verify.seconds(),
        f.committed / verify.seconds() / ed25519,
        f.blocks / verify.seconds(),
        verify.seconds(),
        verify.exitCode());
    out.printf(
        Locale.ROOT,
        "  verify peak memory:      %,10.0f MiB   (peak resident set of the process, -Xmx%s)%n",
        verify.peakRssBytes() / 1048576.0,
        verifyHeap);
    out.flush();
  }
}
