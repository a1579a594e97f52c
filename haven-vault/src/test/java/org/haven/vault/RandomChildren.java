package org.haven.vault;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.Sex;

/** Seeded random personal data, for property tests: the same seed gives the same child. */
final class RandomChildren {
  // Latin, accented, Arabic, Amharic, CJK and emoji text, in one and two UTF-16 units.
  private static final String[] LETTERS = {
    "a", "Z", "é", "ñ", "ß", "م", "ح", "ሀ", "日", "😀", "'", "-"
  };
  private static final String[] COUNTRIES = {"KE", "UG", "TZ", "RW", "SS", "ET", "SO", "CD"};

  private final Random random;

  RandomChildren(long seed) {
    this.random = new Random(seed);
  }

  PersonalData next() {
    List<Guardian> guardians = new ArrayList<>();
    for (Relationship relationship : Relationship.values()) {
      if (random.nextBoolean()) {
        guardians.add(new Guardian(relationship, words(1 + random.nextInt(3)), document()));
      }
    }
    return new PersonalData(
        words(1 + random.nextInt(3)),
        words(random.nextInt(3)),
        LocalDate.of(2000, 1, 1).plusDays(random.nextInt(9000)),
        words(random.nextInt(3)),
        Sex.values()[random.nextInt(Sex.values().length)],
        guardians,
        random.nextBoolean() ? Optional.of(photo()) : Optional.empty(),
        random.nextBoolean() ? words(3) + "\n" + words(4) : "");
  }

  private Optional<IdentityDocument> document() {
    if (random.nextBoolean()) {
      return Optional.empty();
    }
    return Optional.of(
        new IdentityDocument(
            DocumentType.values()[random.nextInt(DocumentType.values().length)],
            "A" + (1_000_000 + random.nextInt(9_000_000)),
            new Jurisdiction(COUNTRIES[random.nextInt(COUNTRIES.length)])));
  }

  private Photo photo() {
    int size = 8 + random.nextInt(2000);
    return new Photo(random.nextBoolean() ? TestChildren.jpeg(size) : TestChildren.png(size));
  }

  private String words(int count) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder word = new StringBuilder();
      for (int length = 1 + random.nextInt(8); length > 0; length--) {
        word.append(LETTERS[random.nextInt(LETTERS.length)]);
      }
      words.add(word.toString());
    }
    return String.join(" ", words);
  }

  Bytes salt() {
    byte[] salt = new byte[Commitment.SALT_SIZE];
    random.nextBytes(salt);
    return Bytes.of(salt);
  }
}
