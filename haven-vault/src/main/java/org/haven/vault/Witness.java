package org.haven.vault;

import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;

/**
 * A person who attests a late declaration: who they are, how they know the child, the document that
 * identifies them and what they state. The ledger holds only a keyed hash of {@code documentNumber}
 * (the declaration's attestor reference); the rest is personal data, kept here.
 *
 * @param names 1 to {@value #MAX_LINE_LENGTH} characters, on one line
 * @param relationship how the witness knows the child, for example "neighbour" or "village elder";
 *     1 to {@value #MAX_LINE_LENGTH} characters
 * @param documentNumber the number of the witness's identity document, 1 to {@value
 *     #MAX_LINE_LENGTH} characters
 * @param statement what the witness states about the birth, 1 to {@value #MAX_STATEMENT_LENGTH}
 *     characters, may span lines
 */
public record Witness(String names, String relationship, String documentNumber, String statement) {
  public static final int MAX_LINE_LENGTH = 200;
  public static final int MAX_STATEMENT_LENGTH = 2000;

  /**
   * @throws IllegalArgumentException naming the field, if one is blank or too long
   */
  public Witness {
    names = Fields.requiredLine("names", names, MAX_LINE_LENGTH);
    relationship = Fields.requiredLine("relationship", relationship, MAX_LINE_LENGTH);
    documentNumber = Fields.requiredLine("documentNumber", documentNumber, MAX_LINE_LENGTH);
    statement = Fields.optionalText("statement", statement, MAX_STATEMENT_LENGTH);
    if (statement.isEmpty()) {
      throw new IllegalArgumentException("statement: must not be blank");
    }
  }

  void writeTo(CanonicalWriter out) {
    out.string(names).string(relationship).string(documentNumber).string(statement);
  }

  static Witness readFrom(CanonicalReader in) throws DecodeException {
    int at = in.position();
    String names = in.string("witness.names");
    String relationship = in.string("witness.relationship");
    String documentNumber = in.string("witness.documentNumber");
    String statement = in.string("witness.statement");
    try {
      return new Witness(names, relationship, documentNumber, statement);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, "witness." + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Witness[redacted]";
  }
}
