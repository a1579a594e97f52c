package org.haven.card;

import java.nio.charset.StandardCharsets;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.DocumentHash;

/**
 * How a credential names an identity document without showing it: SHA-256 of {@code
 * "haven/credential-document/v1\n" || salt || type || "\n" || number || "\n" || country}, the
 * number reduced to its letters and digits in upper case. The salt is the credential's own, so an
 * offline checkpoint can test a document it is shown against the credential, and nobody can link
 * the digests of two credentials.
 */
public final class DocumentDigest {
  private static final byte[] LABEL =
      "haven/credential-document/v1\n".getBytes(StandardCharsets.US_ASCII);

  private DocumentDigest() {}

  /**
   * @param type the document type's stable name, for example {@code PASSPORT}
   * @param country ISO 3166-1 alpha-2
   * @throws IllegalArgumentException if the number has no letter or digit
   */
  public static Hash of(Bytes salt, String type, String number, String country) {
    String kept = DocumentHash.normaliseNumber(number);
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("document.number: must hold letters or digits");
    }
    String canonical = type + "\n" + kept + "\n" + country;
    return Hash.sha256(LABEL, salt.toArray(), canonical.getBytes(StandardCharsets.UTF_8));
  }
}
