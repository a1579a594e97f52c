package org.haven.vault;

import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.identity.Jurisdiction;

/**
 * A guardian's identity document. The number is personal data: the ledger carries only its hash,
 * and {@link #toString()} leaves it out.
 *
 * @param number as printed on the document, 1 to {@value #MAX_NUMBER_LENGTH} characters; whitespace
 *     is normalised as for names
 * @param country the issuing country
 */
public record IdentityDocument(DocumentType type, String number, Jurisdiction country) {
  public static final int MAX_NUMBER_LENGTH = 64;

  /**
   * @throws IllegalArgumentException naming the field, if one is missing or the number is blank or
   *     too long
   */
  public IdentityDocument {
    Fields.required("guardian.document.type", type);
    number = Fields.requiredLine("guardian.document.number", number, MAX_NUMBER_LENGTH);
    Fields.required("guardian.document.country", country);
  }

  void writeTo(CanonicalWriter out) {
    out.u8(type.code()).string(number).string(country.code());
  }

  static IdentityDocument readFrom(CanonicalReader in) throws DecodeException {
    int at = in.position();
    DocumentType type = WireCode.read(in, DocumentType.values(), "guardian.document.type");
    String number = in.string("guardian.document.number");
    String country = in.string("guardian.document.country");
    try {
      return new IdentityDocument(type, number, new Jurisdiction(country));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, "guardian.document: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "IdentityDocument[" + type + " of " + country + ", number redacted]";
  }
}
