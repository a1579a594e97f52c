package org.haven.vault;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.OfficerId;

/**
 * A registrar's request for information about a declaration, and the field agent's answer once
 * given. Both texts may name people, so they are personal data and stay in the vault of the
 * declaring organisation; the ledger knows only that information was requested (the declaration's
 * status {@code INFO_REQUESTED}).
 *
 * @param question what is missing, 1 to {@value #MAX_TEXT_LENGTH} characters
 * @param answer empty while the request is open
 */
public record InformationRequest(
    OfficerId askedBy, long askedAtMillis, String question, Optional<Answer> answer) {
  public static final int MAX_TEXT_LENGTH = 2000;

  /**
   * @throws IllegalArgumentException naming the field, if one is missing, blank or too long
   */
  public InformationRequest {
    Fields.required("askedBy", askedBy);
    question = requiredText("question", question);
    Fields.required("answer", answer);
  }

  /** A request just asked, not answered yet. */
  public static InformationRequest asked(OfficerId registrar, long atMillis, String question) {
    return new InformationRequest(registrar, atMillis, question, Optional.empty());
  }

  public boolean open() {
    return answer.isEmpty();
  }

  /** This request with its answer. */
  public InformationRequest answered(Answer given) {
    return new InformationRequest(askedBy, askedAtMillis, question, Optional.of(given));
  }

  private static String requiredText(String field, String value) {
    String text = Fields.optionalText(field, value, MAX_TEXT_LENGTH);
    if (text.isEmpty()) {
      throw new IllegalArgumentException(field + ": must not be blank");
    }
    return text;
  }

  /**
   * The field agent's answer: a text, and optionally a corrected value of one of the child's fields
   * (which the registrar applies as a correction if they accept it) and a photo of a new evidence
   * document.
   */
  public record Answer(
      OfficerId answeredBy,
      long answeredAtMillis,
      String text,
      Optional<Correction> correction,
      Optional<Photo> document) {
    /**
     * @throws IllegalArgumentException naming the field, if one is missing, blank or too long
     */
    public Answer {
      Fields.required("answeredBy", answeredBy);
      text = requiredText("answer", text);
      Fields.required("correction", correction);
      Fields.required("document", document);
    }

    @Override
    public String toString() {
      return "Answer[redacted, "
          + (correction.isPresent() ? "with" : "without")
          + " correction, "
          + (document.isPresent() ? "with" : "without")
          + " document]";
    }
  }

  /**
   * A corrected value the field agent proposes for one field of the child's data.
   *
   * @param field one of {@link #FIELDS}, as the API names the child's fields
   * @param value 1 to {@value PersonalData#MAX_NAME_LENGTH} characters
   */
  public record Correction(String field, String value) {
    /** The child's fields an answer may propose a value for. */
    public static final Set<String> FIELDS =
        Set.of("givenNames", "familyNames", "dateOfBirth", "placeOfBirth", "sex");

    /**
     * @throws IllegalArgumentException if the field is not one of {@link #FIELDS} or the value is
     *     blank or too long
     */
    public Correction {
      Objects.requireNonNull(field, "field");
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "correction.field: must be one of givenNames, familyNames, dateOfBirth, placeOfBirth"
                + " or sex");
      }
      value = Fields.requiredLine("correction.value", value, PersonalData.MAX_NAME_LENGTH);
    }

    @Override
    public String toString() {
      return "Correction[" + field + ", redacted]";
    }
  }

  void writeTo(CanonicalWriter out) {
    out.string(askedBy.value()).u64(askedAtMillis).string(question).bool(answer.isPresent());
    answer.ifPresent(
        given -> {
          out.string(given.answeredBy().value())
              .u64(given.answeredAtMillis())
              .string(given.text())
              .bool(given.correction().isPresent());
          given.correction().ifPresent(c -> out.string(c.field()).string(c.value()));
          out.bool(given.document().isPresent());
          given.document().ifPresent(photo -> out.bytes(photo.image()));
        });
  }

  static InformationRequest readFrom(CanonicalReader in) throws DecodeException {
    int at = in.position();
    OfficerId askedBy = in.string("request.askedBy", OfficerId::new);
    long askedAt = in.u64("request.askedAt");
    String question = in.string("request.question");
    Optional<Answer> answer = Optional.empty();
    if (in.bool("request.answered")) {
      OfficerId by = in.string("answer.answeredBy", OfficerId::new);
      long answeredAt = in.u64("answer.answeredAt");
      String text = in.string("answer.text");
      Optional<Correction> correction =
          in.bool("answer.correction")
              ? Optional.of(build(at, () -> new Correction(in.string("field"), in.string("value"))))
              : Optional.empty();
      Optional<Photo> document =
          in.bool("answer.document")
              ? Optional.of(build(at, () -> new Photo(in.bytes("document"))))
              : Optional.empty();
      answer = Optional.of(build(at, () -> new Answer(by, answeredAt, text, correction, document)));
    }
    Optional<Answer> given = answer;
    return build(at, () -> new InformationRequest(askedBy, askedAt, question, given));
  }

  private interface Part<T> {
    T read() throws DecodeException;
  }

  private static <T> T build(int at, Part<T> part) throws DecodeException {
    try {
      return part.read();
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, "request: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "InformationRequest[redacted, " + (open() ? "open" : "answered") + "]";
  }
}
