package org.haven.vault;

import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.registry.Relationship;

/**
 * A mother, father, legal guardian or institution caring for the child, as the vault holds them.
 * Who may consent to travel is a ledger matter and is not kept here.
 *
 * @param names the guardian's full name as on their document, or the institution's name; 1 to
 *     {@value #MAX_NAMES_LENGTH} characters, normalised as for the child's names
 * @param document empty when the guardian has no identity document, as is common for the parents of
 *     unregistered children
 */
public record Guardian(
    Relationship relationship, String names, Optional<IdentityDocument> document) {
  public static final int MAX_NAMES_LENGTH = 200;

  /**
   * @throws IllegalArgumentException naming the field, if one is missing or invalid
   */
  public Guardian {
    Fields.required("guardian.relationship", relationship);
    names = Fields.requiredLine("guardian.names", names, MAX_NAMES_LENGTH);
    Fields.required("guardian.document", document);
  }

  void writeTo(CanonicalWriter out) {
    out.u8(relationship.code()).string(names).bool(document.isPresent());
    document.ifPresent(d -> d.writeTo(out));
  }

  static Guardian readFrom(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Relationship relationship = WireCode.read(in, Relationship.values(), "guardian.relationship");
    String names = in.string("guardian.names");
    Optional<IdentityDocument> document =
        in.bool("guardian.document")
            ? Optional.of(IdentityDocument.readFrom(in))
            : Optional.empty();
    try {
      return new Guardian(relationship, names, document);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Guardian["
        + relationship
        + ", redacted, "
        + (document.isPresent() ? "with" : "without")
        + " document]";
  }
}
