package org.haven.card.bundle;

import java.util.Objects;
import java.util.OptionalLong;
import org.haven.card.codec.MalformedCborException;

/**
 * A bundle or delta file that cannot be used. The message is a plain sentence that names the
 * problem and, where there is one, the field and the byte offset; it never holds a stack trace or
 * personal data, so a device can show it as it is.
 */
public final class BundleException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a file is refused. Stable names: devices log them. */
  public enum Problem {
    /** The file could not be read from disk. */
    UNREADABLE,
    /** The file is larger than any bundle a device accepts. */
    TOO_LARGE,
    /** The file ends before its structure does: a cut-short download or copy. */
    TRUNCATED,
    /** The bytes are not the expected structure, or a value in it is invalid. */
    MALFORMED,
    /** The structure is right but not written the one canonical way. */
    NOT_CANONICAL,
    /** A delta where a full bundle was expected, or the reverse. */
    WRONG_KIND,
    /** The signer is not one of the trusted member nodes. */
    UNKNOWN_SIGNER,
    /** The signature does not verify: the file was altered or signed by another key. */
    BAD_SIGNATURE,
    /** The ledger checkpoint is not signed by any trusted member node. */
    CHECKPOINT_NOT_TRUSTED,
    /** A delta for another series of bundles (another salt): a full download is needed. */
    WRONG_SERIES,
    /** A delta for another version or content of the bundle than the one it is applied to. */
    WRONG_BASE,
    /** Applying the delta does not give the bundle the delta promised. */
    RESULT_MISMATCH,
    /** A bundle older than the one the device holds: a rollback, refused. */
    OLDER_THAN_HELD,
    /**
     * Fewer trusted member nodes than the quorum attested the content: it may be one member's
     * alone, not the ledger's.
     */
    NOT_ATTESTED
  }

  private final Problem problem;

  public BundleException(Problem problem, String detail) {
    super(detail);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /**
   * The CBOR of {@code document} ("bundle", "delta" or "file") could not be read: {@link
   * Problem#TRUNCATED} if it is cut short, {@link Problem#MALFORMED} otherwise, naming the field
   * and the byte offset.
   */
  static BundleException unreadable(String document, MalformedCborException e) {
    OptionalLong offset = e.offset();
    String at = offset.isPresent() ? " (at byte " + offset.getAsLong() + ")" : "";
    return switch (e.reason()) {
      case TRUNCATED ->
          new BundleException(
              Problem.TRUNCATED,
              "The "
                  + document
                  + " is cut short: it ends at byte "
                  + offset.orElse(0)
                  + ", inside "
                  + e.what().orElse(document)
                  + ".");
      case TRAILING_BYTES ->
          new BundleException(
              Problem.MALFORMED,
              "The "
                  + document
                  + " is malformed: the end has unexpected bytes after the "
                  + document
                  + at
                  + ".");
      case MALFORMED ->
          new BundleException(
              Problem.MALFORMED, "The " + document + " is malformed: " + e.getMessage() + at + ".");
    };
  }

  public Problem problem() {
    return problem;
  }
}
