package org.haven.cli;

import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.haven.core.registry.identity.Sex;
import org.haven.core.registry.identity.SyntheticPopulation;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code haven bench import}: writes a synthetic national register for {@code haven import}, the
 * same children in both formats (a CSV export with its mapping, and FHIR R4 bundles with theirs),
 * from the population the duplicate-detection evaluation uses ({@link SyntheticPopulation}): East
 * African naming cultures, spelling variants, twins, siblings and injected duplicates.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic national register of N children in both import formats: DIR/register.csv"
          + " with DIR/mapping.json, and DIR/fhir/ (Bundles of 1,000 children) with"
          + " DIR/fhir-mapping.json.",
      "Names of Kenyan, Somali, Swahili, Ganda and Sudanese cultures, with spelling variants,"
          + " twins, siblings and about 3.5% injected duplicates. The same seed writes the same"
          + " register. Then: haven import --csv DIR/register.csv --mapping DIR/mapping.json"
    })
final class BenchImportCommand implements Callable<Integer> {
  /** How long the all-core Ed25519 rate is measured, in seconds. */
  private static final int LIMIT_SECONDS = 3;

  /** Children per FHIR bundle file. */
  static final int BUNDLE_SIZE = 1_000;

  /** One injected duplicate of each of the 7 categories per this many children. */
  private static final int CHILDREN_PER_INJECTED_ROUND = 200;

  private static final DateTimeFormatter CSV_DATES = DateTimeFormatter.ofPattern("dd/MM/uuuu");

  /** The system of the generated register's record ids in FHIR. */
  static final String SOURCE_ID_SYSTEM = "https://register.example/bench/record";

  private static final String CSV_MAPPING =
      """
      {
        "source": "bench-csv",
        "columns": {
          "sourceId": "record_id",
          "givenNames": "first_name",
          "familyNames": "surname",
          "dateOfBirth": "birth_date",
          "placeOfBirth": "birth_place",
          "sex": "sex",
          "motherNames": "mother_name",
          "motherDocument": "mother_id"
        },
        "dateFormat": "dd/MM/yyyy",
        "sexCodes": {"M": "MALE", "F": "FEMALE", "U": "NOT_KNOWN"},
        "documentType": "NATIONAL_ID",
        "documentCountry": "KE"
      }
      """;

  private static final String FHIR_MAPPING =
      """
      {
        "source": "bench-fhir",
        "sourceIdSystem": "%s",
        "documentType": "NATIONAL_ID",
        "documentCountry": "KE"
      }
      """
          .formatted(SOURCE_ID_SYSTEM);

  /** Towns where children of each culture are born, for the place of birth. */
  private static final Map<SyntheticPopulation.Culture, List<String>> TOWNS =
      Map.of(
          SyntheticPopulation.Culture.KIKUYU, List.of("Nyeri", "Murang'a", "Kiambu", "Nakuru"),
          SyntheticPopulation.Culture.LUO, List.of("Kisumu", "Homa Bay", "Siaya", "Migori"),
          SyntheticPopulation.Culture.KALENJIN, List.of("Eldoret", "Kericho", "Bomet", "Kapsabet"),
          SyntheticPopulation.Culture.LUHYA, List.of("Kakamega", "Bungoma", "Busia", "Vihiga"),
          SyntheticPopulation.Culture.KAMBA, List.of("Machakos", "Kitui", "Makueni"),
          SyntheticPopulation.Culture.SOMALI, List.of("Garissa", "Dadaab", "Wajir", "Mandera"),
          SyntheticPopulation.Culture.SWAHILI, List.of("Mombasa", "Lamu", "Kilifi", "Kwale"),
          SyntheticPopulation.Culture.GANDA, List.of("Busia", "Nairobi", "Malaba"),
          SyntheticPopulation.Culture.SUDANESE, List.of("Kakuma", "Lodwar", "Nairobi"));

  @Spec CommandSpec spec;

  @Option(
      names = "--children",
      required = true,
      paramLabel = "N",
      description = "How many children, injected duplicates included (a family is not cut).")
  int children;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The directory to write to; made if it does not exist.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "20261208",
      description = "The generator's seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--run",
      description =
          "Then import DIR/register.csv into a fresh demo node started in this process (in"
              + " DIR/node), as the Kenyan registrar, and print rows per second beside Ed25519"
              + " verifications per second on all cores measured in the same run.")
  boolean run;

  @Option(
      names = "--parallel",
      defaultValue = "8",
      description = "With --run: haven import's --parallel (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Override
  public Integer call() throws Exception {
    if (children < 10) {
      throw new ParameterException(spec.commandLine(), "--children must be at least 10");
    }
    int perCategory = Math.max(1, children / CHILDREN_PER_INJECTED_ROUND);
    int injected = perCategory * SyntheticPopulation.Category.values().length;
    SyntheticPopulation population =
        SyntheticPopulation.generate(new SplittableRandom(seed), children - injected, perCategory);
    Files.createDirectories(out.resolve("fhir"));
    writeCsv(population.children());
    writeFhir(population.children());
    Files.writeString(out.resolve("mapping.json"), CSV_MAPPING);
    PrintWriter print = spec.commandLine().getOut();
    print.printf(
        Locale.ROOT,
        "%,d children: %,d pairs of twins, %,d injected duplicates (%,d of each of %d kinds)%n",
        population.children().size(),
        population.twins().size(),
        population.injected().size(),
        perCategory,
        SyntheticPopulation.Category.values().length);
    print.printf(
        "%s with %s%n%s with %s%n",
        out.resolve("register.csv"),
        out.resolve("mapping.json"),
        out.resolve("fhir"),
        out.resolve("fhir-mapping.json"));
    print.flush();
    if (run) {
      measure(print, population.children().size());
    }
    return 0;
  }

  /**
   * Imports the CSV into a demo node in this process and prints rows per second, with the load
   * average and the all-core Ed25519 verification rate around it.
   */
  private void measure(PrintWriter print, int rows) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    String loadBefore = LocalConsortium.loadAverage();
    double limit = BenchCommand.ed25519VerificationsPerSecond(LIMIT_SECONDS, cores);
    DemoCommand.Running demo = DemoCommand.start(Files.createDirectories(out.resolve("node")), 0);
    try {
      Path password = Files.writeString(out.resolve("password"), DemoCommand.DEMO_PASSWORD);
      Path session = out.resolve("session.json");
      int login =
          HavenCli.run(
              "login",
              "--node",
              "http://127.0.0.1:" + demo.node().httpPort(),
              "--officer",
              "ke.registrar.otieno",
              "--password-file",
              password.toString(),
              "--session-file",
              session.toString());
      if (login != 0) {
        throw new IllegalStateException("the registrar could not log in to the demo node");
      }
      long started = System.nanoTime();
      int imported =
          HavenCli.run(
              "import",
              "--csv",
              out.resolve("register.csv").toString(),
              "--mapping",
              out.resolve("mapping.json").toString(),
              "--parallel",
              String.valueOf(parallel),
              "--no-progress",
              "--session-file",
              session.toString());
      double seconds = (System.nanoTime() - started) / 1e9;
      if (imported != 0) {
        throw new IllegalStateException("haven import stopped with exit code " + imported);
      }
      double perSecond = rows / seconds;
      print.printf(
          Locale.ROOT,
          "import: %,d rows in %.1f s, %.1f rows/s (--parallel %d)%n"
              + "Ed25519 verify: %,.0f /s (all %d cores, same run); ratio %.4f%n"
              + "load average: %s before, %s after%n",
          rows,
          seconds,
          perSecond,
          parallel,
          limit,
          cores,
          perSecond / limit,
          loadBefore,
          LocalConsortium.loadAverage());
    } finally {
      demo.node().close();
    }
  }

  private void writeCsv(List<SyntheticPopulation.Child> all) throws IOException {
    try (Writer writer = Files.newBufferedWriter(out.resolve("register.csv"));
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180)) {
      csv.printRecord(
          "record_id",
          "first_name",
          "surname",
          "birth_date",
          "birth_place",
          "sex",
          "mother_name",
          "mother_id");
      for (int i = 0; i < all.size(); i++) {
        SyntheticPopulation.Child child = all.get(i);
        csv.printRecord(
            sourceId(i),
            child.givenNames(),
            child.familyNames(),
            CSV_DATES.format(child.born()),
            town(child),
            child.sex() == Sex.MALE ? "M" : child.sex() == Sex.FEMALE ? "F" : "U",
            child.motherNames(),
            document(child));
      }
    }
  }

  private void writeFhir(List<SyntheticPopulation.Child> all) throws IOException {
    IParser json = FhirRegister.parser();
    for (int first = 0; first < all.size(); first += BUNDLE_SIZE) {
      Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
      for (int i = first; i < Math.min(all.size(), first + BUNDLE_SIZE); i++) {
        add(bundle, all.get(i), i);
      }
      Path file =
          out.resolve("fhir")
              .resolve(String.format(Locale.ROOT, "bundle-%05d.json", first / BUNDLE_SIZE + 1));
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        json.encodeResourceToWriter(bundle, writer);
      }
    }
    Files.writeString(out.resolve("fhir-mapping.json"), FHIR_MAPPING);
  }

  private void add(Bundle bundle, SyntheticPopulation.Child child, int index) {
    String patientUrl = "urn:uuid:" + uuid(index, 0);
    Patient patient = new Patient();
    patient.setId(uuid(index, 0));
    patient.addIdentifier().setSystem(SOURCE_ID_SYSTEM).setValue(sourceId(index));
    HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL);
    for (String given : child.givenNames().split(" ")) {
      name.addGiven(given);
    }
    name.setFamily(child.familyNames());
    patient.setGender(
        child.sex() == Sex.MALE
            ? AdministrativeGender.MALE
            : child.sex() == Sex.FEMALE
                ? AdministrativeGender.FEMALE
                : AdministrativeGender.UNKNOWN);
    patient.getBirthDateElement().setValueAsString(child.born().toString());
    patient.addExtension(FhirRegister.BIRTH_PLACE_URL, new Address().setCity(town(child)));
    bundle.addEntry().setFullUrl(patientUrl).setResource(patient);
    if (!child.motherNames().isEmpty()) {
      RelatedPerson mother = new RelatedPerson();
      mother.setId(uuid(index, 1));
      mother.setPatient(new Reference(patientUrl));
      mother.addRelationship(
          new CodeableConcept().addCoding(new Coding(FhirRegister.ROLE_CODES, "MTH", null)));
      mother.addName().setText(child.motherNames());
      String document = document(child);
      if (!document.isEmpty()) {
        mother.addIdentifier().setValue(document);
      }
      bundle.addEntry().setFullUrl("urn:uuid:" + uuid(index, 1)).setResource(mother);
    }
  }

  private static String sourceId(int index) {
    return String.format(Locale.ROOT, "BR-%08d", index + 1);
  }

  /** A fixed UUID for each row's resources, so the same seed writes the same bundles. */
  private static String uuid(int index, int resource) {
    return String.format(Locale.ROOT, "00000000-0000-4000-8%03d-%012d", resource, index);
  }

  /** The town the child's mother gives birth in. */
  private static String town(SyntheticPopulation.Child child) {
    List<String> towns = TOWNS.get(child.culture());
    return towns.get(child.motherId() % towns.size());
  }

  /** The mother's document number as a register holds it: its digits. */
  private static String document(SyntheticPopulation.Child child) {
    return child.motherDocument().replaceAll("[^0-9]", "");
  }
}
