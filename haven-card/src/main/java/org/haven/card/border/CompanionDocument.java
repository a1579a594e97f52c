package org.haven.card.border;

import java.util.Objects;
import org.haven.card.DocumentDigest;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;

/**
 * The identity document of the adult travelling with the child, as the officer reads it. It is
 * personal data: it is only ever hashed under a credential's salt, and {@link #toString()} hides
 * the number.
 *
 * @param type the document type's stable name, as credentials digest it, for example {@code
 *     PASSPORT}
 * @param country the issuing country
 */
public record CompanionDocument(String type, String number, Jurisdiction country) {
  /**
   * @throws IllegalArgumentException if the type is blank or the number has no letter or digit
   */
  public CompanionDocument {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(country, "country");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type: must not be blank");
    }
    if (number.codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw new IllegalArgumentException("number: must hold letters or digits");
    }
  }

  /** The {@link DocumentDigest} of this document under a credential's salt. */
  public Hash digest(Bytes salt) {
    return DocumentDigest.of(salt, type, number, country.code());
  }

  @Override
  public String toString() {
    return "CompanionDocument[" + type + ", " + country + ", number redacted]";
  }
}
