package org.haven.core.registry.identity;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.crypto.Mac;
import org.haven.core.crypto.Hash;

/**
 * How an identity document or an attestor's reference appears on the ledger: HMAC-SHA-256 (RFC
 * 2104) under the consortium's {@link LinkageKey}. Document numbers come from a small space, so a
 * plain hash could be reversed by trying every number; the keyed hash cannot be computed without
 * the consortium key, yet every member computes the same value for the same document, so a border
 * check can match a companion's document against a guardian link.
 *
 * <p>The input is {@code "haven/document/v1\n" || type || "\n" || number || "\n" || country} with
 * the number reduced to its letters and digits in upper case ("a 765-4321" and "A7654321" are one
 * document), and {@code "haven/attestor/v1\n" || reference} for attestors, the reference trimmed.
 */
public final class DocumentHash {
  private static final String DOCUMENT_LABEL = "haven/document/v1\n";
  private static final String ATTESTOR_LABEL = "haven/attestor/v1\n";

  private DocumentHash() {}

  /**
   * The keyed hash of a document.
   *
   * @param type the document type's stable name, for example {@code NATIONAL_ID}
   * @param number the number as written on the document
   * @param country the issuing country, ISO 3166-1 alpha-2
   * @throws IllegalArgumentException naming the field if the number has no letter or digit
   */
  public static Hash of(LinkageKey key, String type, String number, String country) {
    String normalised = normaliseNumber(number);
    if (normalised.isEmpty()) {
      throw new IllegalArgumentException("document.number: must hold letters or digits");
    }
    return mac(key, DOCUMENT_LABEL + type + "\n" + normalised + "\n" + country);
  }

  /**
   * The keyed hash of an attestor's reference, for example a witness's ID number.
   *
   * @throws IllegalArgumentException if the reference is blank
   */
  public static Hash attestor(LinkageKey key, String reference) {
    String trimmed = reference.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("attestors: a reference must not be blank");
    }
    return mac(key, ATTESTOR_LABEL + trimmed);
  }

  /** The number's letters and digits, in upper case: one document however it was typed. */
  public static String normaliseNumber(String number) {
    StringBuilder kept = new StringBuilder(number.length());
    number
        .codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(c -> kept.appendCodePoint(Character.toUpperCase(c)));
    return kept.toString().toUpperCase(Locale.ROOT);
  }

  private static Hash mac(LinkageKey key, String input) {
    Mac mac = key.newMac();
    return Hash.of(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
  }
}
