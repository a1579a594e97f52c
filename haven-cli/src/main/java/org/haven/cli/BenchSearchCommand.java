package org.haven.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.NameCodes;
import org.haven.core.registry.identity.SyntheticPopulation;
import org.haven.vault.Commitment;
import org.haven.vault.MasterKey;
import org.haven.vault.PersonalData;
import org.haven.vault.ReadResult;
import org.haven.vault.Vault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A registrar's search in a vault of a realistic size: the blind index ({@link Vault#search})
 * against the alternative it replaces, decrypting every record and comparing its name codes.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Fills a new vault in DIR with --children synthetic children (the duplicate evaluation's"
          + " population: East African, Somali, Arabic and other names), each put synced with its"
          + " search tokens, then times --queries searches by a child's names and date of birth"
          + " (median, 99th percentile, matches per query) and one decrypt-and-scan of every"
          + " record, the cost a search would have without the index. Reports the vault's size"
          + " on disk."
    })
final class BenchSearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A directory that does not exist.")
  Path dir;

  @Option(
      names = "--children",
      defaultValue = "100000",
      description = "Children in the vault (default: ${DEFAULT-VALUE}).")
  int children;

  @Option(
      names = "--queries",
      defaultValue = "2000",
      description = "Searches timed (default: ${DEFAULT-VALUE}).")
  int queries;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(
          dir + " exists: give a new directory, the benchmark fills a vault of its own");
    }
    SecureRandom random = new SecureRandom();
    SplittableRandom seeded = new SplittableRandom(17);
    List<SyntheticPopulation.Child> population =
        SyntheticPopulation.generate(seeded, children, 0).children().subList(0, children);
    List<ChildNumber> numbers = new ArrayList<>(children);
    Set<ChildNumber> taken = new HashSet<>();
    out.printf("%nhaven bench search: %,d children%n", children);
    try (Vault vault = Vault.open(dir, MasterKey.generate(random))) {
      long start = System.nanoTime();
      for (SyntheticPopulation.Child child : population) {
        ChildNumber number = ChildNumber.generate(seeded, taken::contains);
        taken.add(number);
        numbers.add(number);
        vault.put(number, data(child), Commitment.newSalt(random));
      }
      double fillSeconds = seconds(start);
      out.printf(
          "  fill:   %,.0f puts/s (%.1f s, each synced with its search tokens)%n",
          children / fillSeconds, fillSeconds);

      long[] nanos = new long[queries];
      long matches = 0;
      for (int i = 0; i < queries; i++) {
        SyntheticPopulation.Child child = population.get(seeded.nextInt(children));
        long began = System.nanoTime();
        List<ChildNumber> found =
            vault.search(child.givenNames() + " " + child.familyNames(), child.born());
        nanos[i] = System.nanoTime() - began;
        matches += found.size();
      }
      Arrays.sort(nanos);
      out.printf(
          "  search: median %.3f ms, p99 %.3f ms, %.2f matches per query (%,d queries)%n",
          nanos[queries / 2] / 1e6,
          nanos[(int) (queries * 0.99)] / 1e6,
          (double) matches / queries,
          queries);

      SyntheticPopulation.Child wanted = population.get(seeded.nextInt(children));
      List<Set<String>> query = NameCodes.searchable(wanted.givenNames());
      long scanStart = System.nanoTime();
      int scanned = 0;
      for (ChildNumber number : numbers) {
        if (vault.read(number) instanceof ReadResult.Found found
            && found.data().dateOfBirth().equals(wanted.born())
            && matchesAll(query, found.data())) {
          scanned++;
        }
      }
      out.printf(
          "  decrypt-and-scan: %.1f s for one search over every record (%d found)%n",
          seconds(scanStart), scanned);
    }
    out.printf("  vault on disk: %.1f MiB%n", sizeOf(dir) / (1024.0 * 1024.0));
    return 0;
  }

  private static PersonalData data(SyntheticPopulation.Child child) {
    return new PersonalData(
        child.givenNames(),
        child.familyNames(),
        child.born(),
        "Nairobi",
        child.sex(),
        List.of(),
        Optional.empty(),
        "");
  }

  private static boolean matchesAll(List<Set<String>> query, PersonalData data) {
    Set<String> codes = new HashSet<>();
    NameCodes.searchable(data.givenNames() + " " + data.familyNames()).forEach(codes::addAll);
    return query.stream().allMatch(part -> part.stream().anyMatch(codes::contains));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }
}
