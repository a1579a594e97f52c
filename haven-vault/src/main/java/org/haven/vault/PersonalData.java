package org.haven.vault;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.Sex;

/**
 * A child's personal data: what the vault holds encrypted and the ledger only commits to (see
 * {@link Commitment}). Immutable; {@link #toString()} reveals nothing.
 *
 * <p>Text fields are normalised on construction (Unicode NFC, whitespace runs made one space, ends
 * trimmed) so that equal data has one encoding. A text field that may be unknown is empty when it
 * is; an optional structured part is an empty {@link Optional}.
 *
 * @param givenNames required, at most {@value #MAX_NAME_LENGTH} characters
 * @param familyNames empty for a child with no family name, at most {@value #MAX_NAME_LENGTH}
 * @param dateOfBirth not after today anywhere on Earth
 * @param placeOfBirth empty when unknown, as for a child found without papers
 * @param guardians at most {@value #MAX_GUARDIANS}, with at most one mother and one father
 * @param notes free text, may be empty, at most {@value #MAX_NOTES_LENGTH} characters
 * @param found for a child found alone: its estimated age, where and when it was found, its marks.
 *     Such a child may have no name ({@code givenNames} empty), and its date of birth is the
 *     estimate ({@link FoundDetails#estimatedDateOfBirth})
 */
public record PersonalData(
    String givenNames,
    String familyNames,
    LocalDate dateOfBirth,
    String placeOfBirth,
    Sex sex,
    List<Guardian> guardians,
    Optional<Photo> photo,
    String notes,
    Optional<FoundDetails> found) {
  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_PLACE_LENGTH = 200;
  public static final int MAX_GUARDIANS = 8;
  public static final int MAX_NOTES_LENGTH = 4000;

  /** The first byte of the encoding; a new layout takes a new version. */
  static final int FORMAT_VERSION = 1;

  /** The first byte of the encoding of a found child's data: version 1, then the found details. */
  static final int FOUND_FORMAT_VERSION = 2;

  /**
   * How the encoding writes a sex: the position in this list, fixed since the first layout and
   * independent of the order of {@link Sex}'s constants (whose ISO/IEC 5218 codes are not these).
   */
  private static final List<Sex> SEX_CODES =
      List.of(Sex.NOT_KNOWN, Sex.MALE, Sex.FEMALE, Sex.NOT_APPLICABLE);

  /** The first time zone to start each new day (Line Islands), so no real birth is refused. */
  private static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

  private static final Set<Relationship> AT_MOST_ONE =
      EnumSet.of(Relationship.MOTHER, Relationship.FATHER);

  /**
   * @throws IllegalArgumentException naming the field, if one is missing or breaks the rules above
   */
  public PersonalData {
    Fields.required("found", found);
    givenNames =
        found.isPresent()
            ? Fields.optionalLine("givenNames", givenNames, MAX_NAME_LENGTH)
            : Fields.requiredLine("givenNames", givenNames, MAX_NAME_LENGTH);
    familyNames = Fields.optionalLine("familyNames", familyNames, MAX_NAME_LENGTH);
    Fields.required("dateOfBirth", dateOfBirth);
    if (dateOfBirth.isAfter(LocalDate.now(EARLIEST_ZONE))) {
      throw new IllegalArgumentException("dateOfBirth: a date of birth cannot be in the future");
    }
    placeOfBirth = Fields.optionalLine("placeOfBirth", placeOfBirth, MAX_PLACE_LENGTH);
    Fields.required("sex", sex);
    guardians = List.copyOf(Fields.required("guardians", guardians));
    requireGuardians(guardians);
    Fields.required("photo", photo);
    notes = Fields.optionalText("notes", notes, MAX_NOTES_LENGTH);
  }

  /** The data of a child with a known identity: not found alone. */
  public PersonalData(
      String givenNames,
      String familyNames,
      LocalDate dateOfBirth,
      String placeOfBirth,
      Sex sex,
      List<Guardian> guardians,
      Optional<Photo> photo,
      String notes) {
    this(
        givenNames,
        familyNames,
        dateOfBirth,
        placeOfBirth,
        sex,
        guardians,
        photo,
        notes,
        Optional.empty());
  }

  private static void requireGuardians(List<Guardian> guardians) {
    if (guardians.size() > MAX_GUARDIANS) {
      throw new IllegalArgumentException(
          "guardians: at most " + MAX_GUARDIANS + ", got " + guardians.size());
    }
    for (Relationship relationship : AT_MOST_ONE) {
      if (guardians.stream().filter(g -> g.relationship() == relationship).count() > 1) {
        throw new IllegalArgumentException("guardians: more than one " + relationship);
      }
    }
  }

  /**
   * The canonical encoding, the input to {@link Commitment}:
   *
   * <pre>
   * u8 version(1) || string(givenNames) || string(familyNames) || string(dateOfBirth, ISO 8601)
   * || string(placeOfBirth) || u8 sex || list(guardian) || bool hasPhoto [|| bytes(photo)]
   * || string(notes)
   * [|| u8 ageFrom || u8 ageTo || u64 foundAtMillis || string(placeFound)
   *  || string(distinguishingMarks)]      only when found, and then the version is 2
   * guardian = u8 relationship || string(names) || bool hasDocument
   *            [|| u8 documentType || string(number) || string(country)]
   * </pre>
   */
  public Bytes encode() {
    CanonicalWriter out =
        new CanonicalWriter()
            .u8(found.isPresent() ? FOUND_FORMAT_VERSION : FORMAT_VERSION)
            .string(givenNames)
            .string(familyNames)
            .string(dateOfBirth.toString())
            .string(placeOfBirth)
            .u8(SEX_CODES.indexOf(sex))
            .list(guardians, (writer, guardian) -> guardian.writeTo(writer))
            .bool(photo.isPresent());
    photo.ifPresent(p -> out.bytes(p.image()));
    out.string(notes);
    found.ifPresent(details -> details.writeTo(out));
    return out.toBytes();
  }

  private static Sex readSex(CanonicalReader in) throws DecodeException {
    int at = in.position();
    int code = in.u8("sex");
    if (code >= SEX_CODES.size()) {
      throw new DecodeException(at, "sex: unknown code " + code);
    }
    return SEX_CODES.get(code);
  }

  /**
   * Reads what {@link #encode()} wrote.
   *
   * @throws DecodeException naming the field, never quoting its value, if {@code encoded} is not
   *     exactly the canonical encoding of valid personal data
   */
  public static PersonalData decode(Bytes encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    int version = in.u8("version");
    if (version != FORMAT_VERSION && version != FOUND_FORMAT_VERSION) {
      throw new DecodeException(0, "version: unsupported personal data version " + version);
    }
    String givenNames = in.string("givenNames");
    String familyNames = in.string("familyNames");
    LocalDate dateOfBirth = readDate(in);
    String placeOfBirth = in.string("placeOfBirth");
    Sex sex = readSex(in);
    List<Guardian> guardians = in.list("guardians", MAX_GUARDIANS, Guardian::readFrom);
    Optional<Photo> photo = readPhoto(in);
    String notes = in.string("notes");
    Optional<FoundDetails> found =
        version == FOUND_FORMAT_VERSION ? Optional.of(FoundDetails.readFrom(in)) : Optional.empty();
    in.finish();
    PersonalData data;
    try {
      data =
          new PersonalData(
              givenNames,
              familyNames,
              dateOfBirth,
              placeOfBirth,
              sex,
              guardians,
              photo,
              notes,
              found);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(0, e.getMessage());
    }
    // Unnormalised text would decode to data whose encoding, and so commitment, differs.
    if (!data.encode().equals(encoded)) {
      throw new DecodeException(0, "personal data: not in canonical form");
    }
    return data;
  }

  private static LocalDate readDate(CanonicalReader in) throws DecodeException {
    int at = in.position();
    String text = in.string("dateOfBirth");
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new DecodeException(at, "dateOfBirth: not an ISO 8601 date");
    }
  }

  private static Optional<Photo> readPhoto(CanonicalReader in) throws DecodeException {
    if (!in.bool("photo")) {
      return Optional.empty();
    }
    int at = in.position();
    Bytes image = in.bytes("photo");
    try {
      return Optional.of(new Photo(image));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  /** Says only which optional parts are present: everything else is personal data. */
  @Override
  public String toString() {
    return "PersonalData[redacted, "
        + guardians.size()
        + " guardians, "
        + (photo.isPresent() ? "with" : "without")
        + " photo"
        + (found.isPresent() ? ", found alone" : "")
        + "]";
  }
}
