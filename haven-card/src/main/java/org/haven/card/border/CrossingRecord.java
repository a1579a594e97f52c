package org.haven.card.border;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.card.CredentialProblem;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.text.BoundedText;

/**
 * One border check as a crossing event: the record of an actual or attempted crossing, whatever the
 * outcome. It names the child only by child number, and holds no names and no document numbers. Its
 * id is SHA-256 of its canonical encoding, so uploading it twice counts once.
 *
 * <p>The encoding is Haven's canonical binary encoding ({@link CanonicalWriter}), the one ledger
 * transactions use; enums are written by name so that adding a reason never changes old records.
 * docs/border.md lists the fields.
 *
 * @param child the child number, when a genuine card was read
 * @param reasons in {@link BorderReason}'s order, without repeats, never empty
 * @param consentId the presented consent's id, when the codec accepted it
 */
public record CrossingRecord(
    Instant checkedAt,
    OfficerId officer,
    String checkpointId,
    Direction direction,
    Jurisdiction destination,
    Optional<ChildNumber> child,
    Outcome outcome,
    List<BorderReason> reasons,
    Optional<CredentialProblem> cardProblem,
    Optional<CredentialProblem> consentProblem,
    Optional<Hash> consentId,
    long bundleVersion) {
  private static final int FORMAT = 1;
  private static final byte[] SIGNING_LABEL =
      "haven-crossing/v1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_NAME_LENGTH = 64;

  /**
   * @throws IllegalArgumentException if the time is before 1970, the checkpoint id is not 1 to 64
   *     characters, the reasons are empty, repeated or out of order, or the bundle version is
   *     negative
   */
  public CrossingRecord {
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(officer, "officer");
    BoundedText.require("checkpointId", checkpointId, BorderPost.MAX_ID_LENGTH);
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(outcome, "outcome");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(cardProblem, "cardProblem");
    Objects.requireNonNull(consentProblem, "consentProblem");
    Objects.requireNonNull(consentId, "consentId");
    if (checkedAt.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("checkedAt: must not be before 1970");
    }
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("reasons: a crossing always has one");
    }
    for (int i = 1; i < reasons.size(); i++) {
      if (reasons.get(i - 1).compareTo(reasons.get(i)) >= 0) {
        throw new IllegalArgumentException("reasons: must be in order and without repeats");
      }
    }
    if (bundleVersion < 0) {
      throw new IllegalArgumentException("bundleVersion: must not be negative");
    }
  }

  /** The record of {@code decision}, made by {@code officer}. */
  public static CrossingRecord of(BorderDecision decision, OfficerId officer) {
    return new CrossingRecord(
        decision.checkedAt(),
        officer,
        decision.checkpointId(),
        decision.direction(),
        decision.destination(),
        decision.child(),
        decision.outcome(),
        decision.reasons(),
        decision.cardProblem(),
        decision.consentProblem(),
        decision.consentId(),
        decision.bundleVersion());
  }

  /** The canonical encoding: what the officer signs and what the id is the hash of. */
  public Bytes encode() {
    CanonicalWriter out = new CanonicalWriter().u8(FORMAT);
    out.u64(checkedAt.getEpochSecond()).u32(checkedAt.getNano());
    out.string(officer.value()).string(checkpointId);
    out.string(direction.name()).string(destination.code());
    writeOptional(out, child.map(ChildNumber::toString));
    out.string(outcome.name());
    out.list(reasons, (writer, reason) -> writer.string(reason.name()));
    writeOptional(out, cardProblem.map(Enum::name));
    writeOptional(out, consentProblem.map(Enum::name));
    out.bool(consentId.isPresent());
    consentId.ifPresent(out::hash);
    return out.u64(bundleVersion).toBytes();
  }

  /**
   * Reads {@link #encode()}'s output back.
   *
   * @throws DecodeException naming the field if the bytes are not exactly one record's encoding
   */
  public static CrossingRecord decode(Bytes encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    int at = in.position();
    int format = in.u8("format");
    if (format != FORMAT) {
      throw new DecodeException(at, "format: unknown crossing record format " + format);
    }
    long seconds = in.u64("checkedAt seconds");
    at = in.position();
    int nanos = in.u32("checkedAt nanoseconds");
    if (nanos >= 1_000_000_000 || seconds > Instant.MAX.getEpochSecond()) {
      throw new DecodeException(at, "checkedAt: not a valid instant");
    }
    OfficerId officer = in.string("officer", OfficerId::new);
    String checkpointId = in.string("checkpointId");
    Direction direction = in.string("direction", Direction::valueOf);
    Jurisdiction destination = in.string("destination", Jurisdiction::new);
    Optional<ChildNumber> child = readOptional(in, "child", ChildNumber::fromCanonical);
    Outcome outcome = in.string("outcome", Outcome::valueOf);
    List<BorderReason> reasons =
        in.list(
            "reasons",
            BorderReason.values().length,
            reader -> reader.string("reason", BorderReason::valueOf));
    Optional<CredentialProblem> cardProblem =
        readOptional(in, "cardProblem", CredentialProblem::valueOf);
    Optional<CredentialProblem> consentProblem =
        readOptional(in, "consentProblem", CredentialProblem::valueOf);
    Optional<Hash> consentId =
        in.bool("consentId present") ? Optional.of(in.hash("consentId")) : Optional.empty();
    long bundleVersion = in.u64("bundleVersion");
    in.finish();
    try {
      return new CrossingRecord(
          Instant.ofEpochSecond(seconds, nanos),
          officer,
          checkpointId,
          direction,
          destination,
          child,
          outcome,
          reasons,
          cardProblem,
          consentProblem,
          consentId,
          bundleVersion);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(0, "crossing record: " + e.getMessage());
    }
  }

  /** SHA-256 of the canonical encoding: the same check recorded twice has one id. */
  public Hash id() {
    return Hash.sha256(encode());
  }

  /** Signs the record with the officer's key. */
  public SignedCrossing sign(Ed25519PrivateKey officerKey) {
    return new SignedCrossing(this, officerKey.sign(signedMessage(encode())));
  }

  /**
   * What the officer's key signs: a label, so the signature serves nothing else, and the record.
   */
  static byte[] signedMessage(Bytes encoded) {
    byte[] message = new byte[SIGNING_LABEL.length + encoded.size()];
    System.arraycopy(SIGNING_LABEL, 0, message, 0, SIGNING_LABEL.length);
    encoded.copyTo(message, SIGNING_LABEL.length);
    return message;
  }

  private static void writeOptional(CanonicalWriter out, Optional<String> value) {
    out.bool(value.isPresent());
    value.ifPresent(out::string);
  }

  private static <T> Optional<T> readOptional(
      CanonicalReader in, String field, java.util.function.Function<String, T> parse)
      throws DecodeException {
    if (!in.bool(field + " present")) {
      return Optional.empty();
    }
    int at = in.position();
    String value = BoundedText.read(in, field, MAX_NAME_LENGTH);
    try {
      return Optional.of(parse.apply(value));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, field + ": " + e.getMessage());
    }
  }
}
