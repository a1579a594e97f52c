package org.haven.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.haven.node.ConfigException;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;

/**
 * A register exported as FHIR R4 JSON {@code Bundle}s (docs/import.md): one file, or a directory of
 * {@code *.json} files read one at a time in name order. Each {@code Patient} is a child and a row;
 * the {@code RelatedPerson}s whose {@code patient} refers to it are its mother, father or guardian,
 * by their {@code relationship} code (HL7 v3 RoleCode). A row's columns are FHIR paths, so a reject
 * names the element at fault. A bundle that cannot be read is one broken row, and reading goes on
 * at the next file. Parsed with HAPI FHIR, leniently and without logging: a value that is not valid
 * FHIR (a gender code, a date) is kept as written, for the import to refuse that row alone.
 */
final class FhirRegister implements ImportSource {
  static final String PATIENT_ID = "Patient.id";
  static final String PATIENT_IDENTIFIER = "Patient.identifier";
  static final String GIVEN_NAMES = "Patient.name.given";
  static final String FAMILY_NAMES = "Patient.name.family";
  static final String BIRTH_DATE = "Patient.birthDate";
  static final String GENDER = "Patient.gender";
  static final String BIRTH_PLACE = "Patient.extension(patient-birthPlace)";

  /** The standard extension that holds a patient's place of birth. */
  static final String BIRTH_PLACE_URL =
      "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

  /** The code system of {@code RelatedPerson.relationship} codes read. */
  static final String ROLE_CODES = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

  /** The guardian each relationship code stands for; other codes are not read. */
  static final Map<String, String> RELATIONSHIPS =
      Map.of(
          "MTH", "MOTHER",
          "NMTH", "MOTHER",
          "GESTM", "MOTHER",
          "FTH", "FATHER",
          "NFTH", "FATHER",
          "GUARD", "LEGAL_GUARDIAN");

  private static final Object CONTEXT_LOCK = new Object();
  private static FhirContext context;

  private final List<Path> files;
  private final String idSystem;
  private final String sha256;

  private FhirRegister(List<Path> files, String idSystem, String sha256) {
    this.files = files;
    this.idSystem = idSystem;
    this.sha256 = sha256;
  }

  /**
   * Opens a bundle file, or a directory of them.
   *
   * @param idSystem the system of the {@code Patient.identifier} that is a child's id in the
   *     register, or null for the resource's id
   * @throws ConfigException if it does not exist, or a directory holds no {@code *.json} file
   */
  static FhirRegister open(Path fileOrDirectory, String idSystem) {
    try {
      List<Path> files;
      if (Files.isDirectory(fileOrDirectory)) {
        try (Stream<Path> listed = Files.list(fileOrDirectory)) {
          files =
              listed
                  .filter(file -> file.getFileName().toString().endsWith(".json"))
                  .filter(Files::isRegularFile)
                  .sorted()
                  .collect(Collectors.toList());
        }
        if (files.isEmpty()) {
          throw new ConfigException(
              fileOrDirectory + " holds no .json file: give a Bundle file or a directory of them");
        }
      } else {
        files = List.of(fileOrDirectory);
      }
      return new FhirRegister(List.copyOf(files), idSystem, InputDigest.of(files));
    } catch (NoSuchFileException e) {
      throw new ConfigException(fileOrDirectory + " does not exist", e);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + fileOrDirectory + ": " + e.getMessage(), e);
    }
  }

  /** The column that holds a row's source id: the resource's id, or the identifier's value. */
  static String sourceIdColumn(String idSystem) {
    return idSystem == null ? PATIENT_ID : PATIENT_IDENTIFIER;
  }

  /** The column of a guardian's names, such as {@code RelatedPerson(MOTHER).name}. */
  static String guardianNames(String relationship) {
    return "RelatedPerson(" + relationship + ").name";
  }

  /** The column of a guardian's document, such as {@code RelatedPerson(MOTHER).identifier}. */
  static String guardianDocument(String relationship) {
    return "RelatedPerson(" + relationship + ").identifier";
  }

  @Override
  public String whereColumn() {
    return "record";
  }

  @Override
  public List<String> columns() {
    List<String> columns =
        new ArrayList<>(
            List.of(
                sourceIdColumn(idSystem),
                GIVEN_NAMES,
                FAMILY_NAMES,
                BIRTH_DATE,
                GENDER,
                BIRTH_PLACE));
    for (String relationship : List.of("MOTHER", "FATHER", "LEGAL_GUARDIAN")) {
      columns.add(guardianNames(relationship));
      columns.add(guardianDocument(relationship));
    }
    return columns;
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public void forEach(RowHandler rows) throws InterruptedException {
    int number = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      Bundle bundle;
      try {
        bundle = parse(file);
      } catch (DataFormatException e) {
        rows.handle(
            new Broken(
                ++number,
                name,
                "not a FHIR R4 JSON Bundle: the file is not well-formed JSON or holds another"
                    + " resource"));
        continue;
      }
      Map<String, Patient> patients = new HashMap<>();
      List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
      for (Bundle.BundleEntryComponent entry : entries) {
        if (entry.getResource() instanceof Patient patient) {
          referencesTo(entry, patient).forEach(reference -> patients.put(reference, patient));
        }
      }
      Map<Patient, List<RelatedPerson>> related = new HashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).getResource() instanceof RelatedPerson person) {
          Patient child = patients.get(person.getPatient().getReference());
          if (child == null) {
            rows.handle(
                new Broken(
                    ++number,
                    where(name, i),
                    "RelatedPerson.patient refers to no Patient of this bundle"));
          } else {
            related.computeIfAbsent(child, p -> new ArrayList<>()).add(person);
          }
        }
      }
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).getResource() instanceof Patient patient) {
          rows.handle(
              new Values(
                  ++number,
                  where(name, i),
                  values(patient, related.getOrDefault(patient, List.of()))));
        }
      }
    }
  }

  private Map<String, String> values(Patient patient, List<RelatedPerson> related) {
    Map<String, String> values = new LinkedHashMap<>();
    String sourceId =
        idSystem == null
            ? patient.getIdElement().getIdPart()
            : patient.getIdentifier().stream()
                .filter(identifier -> idSystem.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElse(null);
    put(values, sourceIdColumn(idSystem), sourceId);
    Optional<HumanName> name = officialName(patient.getName());
    put(
        values,
        GIVEN_NAMES,
        name.map(
                n ->
                    n.getGiven().stream()
                        .map(StringType::getValue)
                        .collect(Collectors.joining(" ")))
            .orElse(null));
    put(values, FAMILY_NAMES, name.map(HumanName::getFamily).orElse(null));
    put(values, BIRTH_DATE, patient.getBirthDateElement().getValueAsString());
    put(values, GENDER, patient.getGenderElement().getValueAsString());
    Extension birthPlace = patient.getExtensionByUrl(BIRTH_PLACE_URL);
    if (birthPlace != null && birthPlace.getValue() instanceof Address address) {
      put(values, BIRTH_PLACE, place(address));
    }
    for (RelatedPerson person : related) {
      Optional<String> relationship =
          person.getRelationship().stream()
              .flatMap(concept -> concept.getCoding().stream())
              .filter(coding -> ROLE_CODES.equals(coding.getSystem()))
              .map(Coding::getCode)
              .filter(RELATIONSHIPS::containsKey)
              .map(RELATIONSHIPS::get)
              .findFirst();
      if (relationship.isEmpty() || values.containsKey(guardianNames(relationship.get()))) {
        continue;
      }
      put(
          values,
          guardianNames(relationship.get()),
          officialName(person.getName()).map(FhirRegister::text).orElse(null));
      put(
          values,
          guardianDocument(relationship.get()),
          person.getIdentifier().stream().map(Identifier::getValue).findFirst().orElse(null));
    }
    return values;
  }

  /** The name of use {@code official}, else the first. */
  private static Optional<HumanName> officialName(List<HumanName> names) {
    return names.stream()
        .filter(name -> name.getUse() == HumanName.NameUse.OFFICIAL)
        .findFirst()
        .or(() -> names.stream().findFirst());
  }

  /** A guardian's names in one: the name's {@code text}, else its given names and family name. */
  private static String text(HumanName name) {
    if (name.hasText()) {
      return name.getText();
    }
    List<String> parts = new ArrayList<>();
    name.getGiven().forEach(given -> parts.add(given.getValue()));
    parts.add(name.getFamily());
    return parts.stream()
        .filter(part -> part != null && !part.isBlank())
        .collect(Collectors.joining(" "));
  }

  /** A place of birth: the address's {@code text}, else its city, district and state. */
  private static String place(Address address) {
    if (address.hasText()) {
      return address.getText();
    }
    return Stream.of(address.getCity(), address.getDistrict(), address.getState())
        .filter(part -> part != null && !part.isBlank())
        .collect(Collectors.joining(", "));
  }

  private static void put(Map<String, String> values, String column, String value) {
    if (value != null) {
      values.put(column, value);
    }
  }

  /** How a RelatedPerson may refer to {@code patient}: its full URL, or Patient/id. */
  private static List<String> referencesTo(Bundle.BundleEntryComponent entry, Patient patient) {
    List<String> references = new ArrayList<>();
    if (entry.hasFullUrl()) {
      references.add(entry.getFullUrl());
    }
    if (patient.getIdElement().hasIdPart()) {
      references.add("Patient/" + patient.getIdElement().getIdPart());
    }
    return references;
  }

  private static String where(String file, int entry) {
    return file + " Bundle.entry[" + entry + "]";
  }

  /**
   * One bundle, decoded as UTF-8 with U+FFFD for bytes that are not (the row holding such a value
   * is refused), read leniently: an invalid value is kept as written and nothing is logged.
   */
  private static Bundle parse(Path file) {
    try (Reader reader = ImportSource.decoding(Files.newInputStream(file))) {
      return parser().parseResource(Bundle.class, reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A JSON parser of R4 resources that is lenient and silent: an invalid value is kept as written,
   * and nothing is logged (a log line could quote personal data).
   */
  static IParser parser() {
    return context()
        .newJsonParser()
        .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
  }

  /** HAPI's context for R4: slow to make (it scans the model), so made once. */
  private static FhirContext context() {
    synchronized (CONTEXT_LOCK) {
      if (context == null) {
        context = FhirContext.forR4();
      }
      return context;
    }
  }
}
