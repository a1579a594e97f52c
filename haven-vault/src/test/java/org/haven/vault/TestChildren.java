package org.haven.vault;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;

/**
 * Builders for personal data and child numbers, so that each test names only what matters to it.
 */
final class TestChildren {
  static final Jurisdiction KENYA = new Jurisdiction("KE");

  private TestChildren() {}

  static Builder aChild() {
    return new Builder();
  }

  /** A valid child number, the same for the same {@code seed}. */
  static ChildNumber aChildNumber(long seed) {
    return ChildNumber.generate(new Random(seed));
  }

  static Guardian aMother(String names, String passportNumber) {
    return new Guardian(
        Relationship.MOTHER,
        names,
        Optional.of(new IdentityDocument(DocumentType.PASSPORT, passportNumber, KENYA)));
  }

  static Guardian aFather(String names) {
    return new Guardian(Relationship.FATHER, names, Optional.empty());
  }

  /** {@code size} bytes that begin as a JPEG file (SOI, then an APP0 marker) does. */
  static Bytes jpeg(int size) {
    return image(size, 0xFF, 0xD8, 0xFF, 0xE0);
  }

  /** {@code size} bytes that begin with the PNG signature. */
  static Bytes png(int size) {
    return image(size, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
  }

  private static Bytes image(int size, int... magic) {
    byte[] image = new byte[size];
    for (int i = 0; i < size; i++) {
      image[i] = (byte) (i < magic.length ? magic[i] : i * 31);
    }
    return Bytes.of(image);
  }

  /** A valid child; every field can be changed before {@link #build()}. */
  static final class Builder {
    private String givenNames = "Amani";
    private String familyNames = "Otieno";
    private LocalDate dateOfBirth = LocalDate.of(2020, 6, 1);
    private String placeOfBirth = "Kisumu";
    private Sex sex = Sex.FEMALE;
    private final List<Guardian> guardians = new ArrayList<>();
    private Optional<Photo> photo = Optional.empty();
    private String notes = "";

    Builder named(String givenNames, String familyNames) {
      this.givenNames = givenNames;
      this.familyNames = familyNames;
      return this;
    }

    Builder bornOn(LocalDate dateOfBirth) {
      this.dateOfBirth = dateOfBirth;
      return this;
    }

    Builder bornIn(String placeOfBirth) {
      this.placeOfBirth = placeOfBirth;
      return this;
    }

    Builder sex(Sex sex) {
      this.sex = sex;
      return this;
    }

    Builder withGuardian(Guardian guardian) {
      guardians.add(guardian);
      return this;
    }

    Builder withOnlyGuardian(Guardian guardian) {
      guardians.clear();
      return withGuardian(guardian);
    }

    Builder withPhoto(Bytes image) {
      this.photo = Optional.of(new Photo(image));
      return this;
    }

    Builder withNotes(String notes) {
      this.notes = notes;
      return this;
    }

    PersonalData build() {
      return new PersonalData(
          givenNames, familyNames, dateOfBirth, placeOfBirth, sex, guardians, photo, notes);
    }
  }
}
