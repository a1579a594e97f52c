package org.haven.card.cwt;

import java.util.Optional;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.Sex;

/**
 * The integer codes credentials carry for enumerations. They are fixed here, never taken from the
 * order of a Java enum, so that reordering an enum cannot change what old cards mean.
 */
public final class Codes {
  private Codes() {}

  /** 1 mother, 2 father, 3 legal guardian, 4 institution. */
  public static int of(Relationship relationship) {
    return switch (relationship) {
      case MOTHER -> 1;
      case FATHER -> 2;
      case LEGAL_GUARDIAN -> 3;
      case INSTITUTION -> 4;
    };
  }

  public static Optional<Relationship> relationship(long code) {
    for (Relationship relationship : Relationship.values()) {
      if (of(relationship) == code) {
        return Optional.of(relationship);
      }
    }
    return Optional.empty();
  }

  /** The ISO/IEC 5218 code. */
  public static int of(Sex sex) {
    return sex.code();
  }

  public static Optional<Sex> sex(long code) {
    for (Sex sex : Sex.values()) {
      if (sex.code() == code) {
        return Optional.of(sex);
      }
    }
    return Optional.empty();
  }
}
