package org.haven.node.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Validation;

/**
 * A request the node refuses, as an RFC 9457 problem: the status, a short title, a detail that says
 * what is wrong and what to do, the ledger's reason when the ledger refused it, and the fields at
 * fault. Thrown by handlers and services; one exception handler writes it.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final String TYPE_PREFIX = "urn:haven:problem:";

  /**
   * One field at fault: its path in the request (for example {@code child.dateOfBirth}), what is
   * wrong with it as a code a client translates ({@link FieldFault}), and a sentence in English.
   */
  public record FieldError(String field, FieldFault fault, String detail) {}

  /**
   * What is wrong with a field, answered as {@code errors[].code} so that a client can say it in
   * its officer's language (the web app's {@code problem.field.<code>} messages); {@code detail}
   * still says it in English, and says which rule a {@link #NOT_ACCEPTED} value broke.
   */
  public enum FieldFault {
    REQUIRED("required"),
    NOT_TEXT("not-text"),
    NOT_TRUE_OR_FALSE("not-true-or-false"),
    NOT_ONE_OF("not-one-of"),
    OUT_OF_RANGE("out-of-range"),
    NOT_A_DATE("not-a-date"),
    NOT_A_TIME("not-a-time"),
    NOT_BASE64("not-base64"),
    NOT_AN_OBJECT("not-an-object"),
    NOT_A_LIST("not-a-list"),
    TOO_MANY("too-many"),
    NOT_A_COUNTRY("not-a-country"),
    /** Well-formed, but a rule of the registry refuses it; the detail names the rule. */
    NOT_ACCEPTED("not-accepted");

    private final String code;

    FieldFault(String code) {
      this.code = code;
    }

    /** The code on the wire. */
    public String code() {
      return code;
    }
  }

  private final int status;
  private final String type;
  private final String title;
  private final transient Optional<RejectReason> reason;
  private final transient List<FieldError> errors;
  private final transient Optional<Duration> retryAfter;

  private ApiProblem(
      int status,
      String type,
      String title,
      String detail,
      Optional<RejectReason> reason,
      List<FieldError> errors,
      Optional<Duration> retryAfter) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.reason = reason;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  private static ApiProblem of(int status, String type, String title, String detail) {
    return new ApiProblem(
        status, TYPE_PREFIX + type, title, detail, Optional.empty(), List.of(), Optional.empty());
  }

  /** A field whose value a rule of the registry refuses; detail names the rule. */
  public static ApiProblem invalidField(String field, String detail) {
    return invalidField(field, FieldFault.NOT_ACCEPTED, detail);
  }

  /** A field that is missing or invalid, as {@code fault}. */
  public static ApiProblem invalidField(String field, FieldFault fault, String detail) {
    return fieldProblem(400, "invalid-field", "Invalid request", field, fault, detail);
  }

  /** A well-formed field whose content the node cannot use, such as an image without a QR code. */
  public static ApiProblem unprocessable(String field, String detail) {
    return fieldProblem(
        422, "unprocessable", "Cannot use the request", field, FieldFault.NOT_ACCEPTED, detail);
  }

  private static ApiProblem fieldProblem(
      int status, String type, String title, String field, FieldFault fault, String detail) {
    return new ApiProblem(
        status,
        TYPE_PREFIX + type,
        title,
        field + ": " + detail,
        Optional.empty(),
        List.of(new FieldError(field, fault, detail)),
        Optional.empty());
  }

  /** The request's method is not one the route takes. */
  public static ApiProblem methodNotAllowed(String detail) {
    return of(405, "method-not-allowed", "Method not allowed", detail);
  }

  /** The request body's media type is not one the route takes. */
  public static ApiProblem unsupportedMediaType(String detail) {
    return of(415, "unsupported-media-type", "Unsupported media type", detail);
  }

  /**
   * The problem for a domain value's {@link IllegalArgumentException}. A message of the form "name:
   * detail" names the field {@code prefix + name} (the last part of a dotted name, since the prefix
   * already locates it); any other message is put on {@code fallbackField}.
   */
  public static ApiProblem invalidArgument(
      String prefix, String fallbackField, IllegalArgumentException e) {
    String message = e.getMessage() == null ? "is invalid" : e.getMessage();
    int colon = message.indexOf(": ");
    if (colon > 0 && message.substring(0, colon).matches("[A-Za-z.\\[\\]0-9]+")) {
      String name = message.substring(0, colon);
      String leaf = name.substring(name.lastIndexOf('.') + 1);
      return invalidField(prefix + leaf, message.substring(colon + 2));
    }
    return fallbackField == null ? badRequest(message) : invalidField(fallbackField, message);
  }

  /** A request that cannot be read at all, such as malformed JSON or an empty body. */
  public static ApiProblem badRequest(String detail) {
    return of(400, "bad-request", "Bad request", detail);
  }

  public static ApiProblem unauthenticated(String detail) {
    return of(401, "unauthenticated", "Not logged in", detail);
  }

  /** A login or session token sent where it could be read on the way: not over HTTPS. */
  public static ApiProblem httpsRequired(String detail) {
    return of(403, "https-required", "HTTPS required", detail);
  }

  public static ApiProblem forbidden(String detail) {
    return of(403, "forbidden", "Not permitted", detail);
  }

  /**
   * The table of authority ({@code Permissions}) refused an officer a read or an act the node
   * checks itself: 403, with the same reason the ledger would give.
   */
  public static ApiProblem notPermitted(Validation.Rejected refusal) {
    return new ApiProblem(
        statusOf(refusal.reason()),
        TYPE_PREFIX + "forbidden",
        "Not permitted",
        refusal.detail(),
        Optional.of(refusal.reason()),
        List.of(),
        Optional.empty());
  }

  public static ApiProblem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  /** The request conflicts with the ledger's state. */
  public static ApiProblem conflict(String detail) {
    return of(409, "conflict", "Conflict", detail);
  }

  public static ApiProblem tooLarge(String detail) {
    return of(413, "too-large", "Request too large", detail);
  }

  public static ApiProblem tooManyRequests(String detail, Duration retryAfter) {
    return new ApiProblem(
        429,
        TYPE_PREFIX + "too-many-requests",
        "Too many attempts",
        detail,
        Optional.empty(),
        List.of(),
        Optional.of(retryAfter));
  }

  /** The node failed unexpectedly; the detail must not echo the request. */
  public static ApiProblem internal(String detail) {
    return of(500, "internal", "Internal error", detail);
  }

  /**
   * The node did not take the request (it is busy, starting or stopping): nothing was changed and
   * the client may retry.
   */
  public static ApiProblem unavailable(String detail) {
    return new ApiProblem(
        503,
        TYPE_PREFIX + "unavailable",
        "Not committed",
        detail,
        Optional.empty(),
        List.of(),
        Optional.of(Duration.ofSeconds(1)));
  }

  /**
   * This member's ledger is damaged, or rebuilt and not yet verified, so it serves none of it:
   * nothing was read or changed, and the client should ask another member.
   */
  public static ApiProblem ledgerUnavailable(String detail) {
    return of(503, "ledger-unavailable", "Ledger unavailable on this member", detail);
  }

  /**
   * The node took the request but cannot say whether the ledger committed it: a timeout, or a
   * consensus failure after the proposal. The client must retry with the same Idempotency-Key (or
   * the same signed transaction), never with a new one.
   */
  public static ApiProblem outcomeUnknown(String detail) {
    return new ApiProblem(
        504,
        TYPE_PREFIX + "outcome-unknown",
        "Outcome unknown",
        detail,
        Optional.empty(),
        List.of(),
        Optional.of(Duration.ofSeconds(1)));
  }

  /** Whether this is {@link #outcomeUnknown}: what the request wrote may still be committed. */
  public boolean outcomeIsUnknown() {
    return type.equals(TYPE_PREFIX + "outcome-unknown");
  }

  /** The ledger refused a transaction; the status follows the reason. */
  public static ApiProblem rejected(Validation.Rejected rejection) {
    return new ApiProblem(
        statusOf(rejection.reason()),
        "urn:haven:reject:" + rejection.reason().name(),
        "Transaction rejected",
        rejection.detail(),
        Optional.of(rejection.reason()),
        List.of(),
        Optional.empty());
  }

  private static int statusOf(RejectReason reason) {
    return switch (reason) {
      case MALFORMED -> 400;
      case ROLE_NOT_PERMITTED, OUTSIDE_ORGANISATION, OUTSIDE_JURISDICTION, CONSENT_NOT_SHOWN -> 403;
      case NOT_FOUND -> 404;
      case DUPLICATE_ID, CONFLICT, CHECKPOINT_DIVERGES, EQUIVOCATION -> 409;
      case OVERSIZED -> 413;
      case UNKNOWN_SIGNER, INACTIVE_SIGNER, BAD_SIGNATURE, WRONG_SIGNERS, INSUFFICIENT_APPROVALS ->
          422;
    };
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public Optional<RejectReason> reason() {
    return reason;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** How long to wait before retrying, for a {@code Retry-After} header. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
