package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.ConsentState;
import org.haven.core.registry.EventType;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.RegistryState;
import org.haven.core.text.BoundedText;

/**
 * A border officer's own record of a check: the actual or attempted crossing and its outcome,
 * passed or not, with every field the device decided on. The officer signs it on the device that
 * made the check ({@link #sign}); whoever uploads it later relays the officer's transaction
 * unchanged, so the record stays the officer's and any change in transit breaks the signature.
 *
 * <p>Rules: the signer is an active {@code BORDER_OFFICER} and the checkpoint is in the officer's
 * jurisdiction ({@link Permissions.Action#RECORD_CROSSING}). A record naming a consent carries
 * proof the consent was shown: the SHA-256 of the credential presented, whose commitment the
 * consent holds on the ledger ({@link TravelConsent#shownBy}). Only such a PASS uses up a
 * single-trip consent. A check of a child on the ledger joins the child's timeline.
 *
 * @param child the child number read from the card or typed, if any
 * @param checkpoint the border checkpoint's id, for example {@code KE-NAMANGA}
 * @param checkpointCountry the checkpoint's country: the officer's jurisdiction
 * @param destination the country the child travels to; the checkpoint's own for an entry
 * @param reasons the decision's machine-readable reasons, as the device named them
 * @param cardProblem why the card's credential was refused, if it was
 * @param consentProblem why the consent's credential was refused, if it was
 * @param consent the consent presented and accepted by the credential codec, with its proof
 * @param companion the companion's document digest under the card's salt, when a genuine card was
 *     read: it can be matched only by whoever holds the card
 * @param bundleVersion the version of the verifier bundle the device decided with
 * @param checkedAtMillis when the check was made, which may be long before the upload
 */
public record RecordCrossing(
    Optional<ChildNumber> child,
    Direction direction,
    String checkpoint,
    Jurisdiction checkpointCountry,
    Jurisdiction destination,
    Outcome outcome,
    List<String> reasons,
    Optional<String> cardProblem,
    Optional<String> consentProblem,
    Optional<ShownConsent> consent,
    Optional<Hash> companion,
    long bundleVersion,
    long checkedAtMillis)
    implements Payload {
  /** The most reasons one check records. */
  public static final int MAX_REASONS = 16;

  /** The longest checkpoint id. */
  public static final int MAX_CHECKPOINT_LENGTH = 64;

  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,63}");

  /** Leaving or entering the country of the checkpoint; each with its wire code. */
  public enum Direction {
    EXIT(1),
    ENTRY(2);

    private final int code;

    Direction(int code) {
      this.code = code;
    }
  }

  /** The border decision; each with its wire code. */
  public enum Outcome implements WireCode {
    PASS(1),
    SECONDARY_INSPECTION(2),
    ALERT(3);

    private final int code;

    Outcome(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }
  }

  /**
   * A consent as the border saw it.
   *
   * @param id the consent's id, from its credential
   * @param credential SHA-256 of the credential's text as presented ({@link
   *     TravelConsent#credentialDigest}): the proof that it was shown
   */
  public record ShownConsent(Hash id, Hash credential) {
    public ShownConsent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(credential, "credential");
    }
  }

  /**
   * @throws IllegalArgumentException naming the field if the record cannot stand
   */
  public RecordCrossing {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(direction, "direction");
    BoundedText.require("checkpoint", checkpoint, MAX_CHECKPOINT_LENGTH);
    Objects.requireNonNull(checkpointCountry, "checkpointCountry");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(outcome, "outcome");
    reasons = List.copyOf(reasons);
    Objects.requireNonNull(cardProblem, "cardProblem");
    Objects.requireNonNull(consentProblem, "consentProblem");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(companion, "companion");
    if (reasons.isEmpty()
        || reasons.size() > MAX_REASONS
        || !reasons.stream().allMatch(reason -> CODE.matcher(reason).matches())) {
      throw new IllegalArgumentException(
          "reasons: 1 to " + MAX_REASONS + " codes of capitals and underscores");
    }
    if (!cardProblem.stream().allMatch(problem -> CODE.matcher(problem).matches())) {
      throw new IllegalArgumentException("cardProblem: a code of capitals and underscores");
    }
    if (!consentProblem.stream().allMatch(problem -> CODE.matcher(problem).matches())) {
      throw new IllegalArgumentException("consentProblem: a code of capitals and underscores");
    }
    if (bundleVersion < 0) {
      throw new IllegalArgumentException("bundleVersion: must not be negative");
    }
    if (checkedAtMillis < 0) {
      throw new IllegalArgumentException("checkedAtMillis: must not be negative");
    }
  }

  /**
   * The one transaction of this record by {@code officer}: its time is the check's and its nonce is
   * derived from the record, so signing the same check again (an upload retried, a page reloaded)
   * gives the same transaction, Ed25519 being deterministic, and the ledger counts it once.
   */
  public Transaction sign(TxSigner officer, Hash chainId) {
    CanonicalWriter out = new CanonicalWriter();
    encode(out);
    byte[] nonce = Arrays.copyOf(Hash.sha256(out.toByteArray()).toArray(), TxBody.NONCE_SIZE);
    TxBody body = new TxBody(officer.officer(), checkedAtMillis, Bytes.of(nonce), this);
    return Transaction.sign(body, chainId, List.of(officer));
  }

  static RecordCrossing decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Optional<ChildNumber> child =
        in.bool("has child")
            ? Optional.of(RegistryCodec.readChildNumber(in, "child"))
            : Optional.empty();
    Direction direction = coded(in, "direction", Direction.values(), d -> d.code);
    String checkpoint = BoundedText.read(in, "checkpoint", MAX_CHECKPOINT_LENGTH);
    Jurisdiction checkpointCountry = in.string("checkpoint country", Jurisdiction::new);
    Jurisdiction destination = in.string("destination", Jurisdiction::new);
    Outcome outcome = coded(in, "outcome", Outcome.values(), o -> o.code);
    List<String> reasons = in.list("reasons", MAX_REASONS, r -> r.string("reason"));
    Optional<String> cardProblem =
        in.bool("has card problem") ? Optional.of(in.string("card problem")) : Optional.empty();
    Optional<String> consentProblem =
        in.bool("has consent problem")
            ? Optional.of(in.string("consent problem"))
            : Optional.empty();
    Optional<ShownConsent> consent =
        in.bool("has consent")
            ? Optional.of(new ShownConsent(in.hash("consent id"), in.hash("consent credential")))
            : Optional.empty();
    Optional<Hash> companion =
        in.bool("has companion") ? Optional.of(in.hash("companion")) : Optional.empty();
    long bundleVersion = in.u64("bundle version");
    long checkedAt = in.u64("checked at");
    try {
      return new RecordCrossing(
          child,
          direction,
          checkpoint,
          checkpointCountry,
          destination,
          outcome,
          reasons,
          cardProblem,
          consentProblem,
          consent,
          companion,
          bundleVersion,
          checkedAt);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  private static <E> E coded(
      CanonicalReader in, String field, E[] values, java.util.function.ToIntFunction<E> code)
      throws DecodeException {
    int at = in.position();
    int value = in.u8(field);
    for (E candidate : values) {
      if (code.applyAsInt(candidate) == value) {
        return candidate;
      }
    }
    throw new DecodeException(at, field + ": unknown code " + value);
  }

  @Override
  public Kind kind() {
    return Kind.RECORD_CROSSING;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.bool(child.isPresent());
    child.ifPresent(number -> RegistryCodec.writeChildNumber(out, number));
    out.u8(direction.code)
        .string(checkpoint)
        .string(checkpointCountry.code())
        .string(destination.code())
        .u8(outcome.code)
        .list(reasons, CanonicalWriter::string)
        .bool(cardProblem.isPresent());
    cardProblem.ifPresent(out::string);
    out.bool(consentProblem.isPresent());
    consentProblem.ifPresent(out::string);
    out.bool(consent.isPresent());
    consent.ifPresent(shown -> out.hash(shown.id()).hash(shown.credential()));
    out.bool(companion.isPresent());
    companion.ifPresent(out::hash);
    out.u64(bundleVersion).u64(checkedAtMillis);
  }

  @Override
  public Validation check(TxContext context) {
    Validation permitted =
        context.permit(
            Permissions.Action.RECORD_CROSSING,
            Permissions.Subject.checkpointIn(checkpointCountry));
    if (!permitted.isAccepted()) {
      return permitted;
    }
    if (consent.isPresent()) {
      ShownConsent shown = consent.get();
      Optional<TravelConsent> recorded = context.state().registry().consent(shown.id());
      if (recorded.isPresent() && !recorded.get().shownBy(shown.credential())) {
        return reject(
            RejectReason.CONSENT_NOT_SHOWN,
            "the crossing names consent "
                + shown.id()
                + " without its credential: the credential digest does not match the one the"
                + " consent was issued with; record the check without the consent");
      }
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    if (child.isEmpty() || registry.child(child.get()).isEmpty()) {
      return;
    }
    EventType type =
        direction == Direction.EXIT ? EventType.CROSSING_EXIT : EventType.CROSSING_ENTRY;
    registry.appendEvent(
        child.get(),
        new TimelineEvent(
            type,
            checkpointCountry,
            checkedAtMillis,
            context.actor().id(),
            Optional.of(new TimelineEvent.BorderCheck(checkpoint, outcome))));
    if (outcome == Outcome.PASS && consent.isPresent()) {
      registry
          .consent(consent.get().id())
          .filter(
              recorded ->
                  recorded.active()
                      && !recorded.multipleTrips()
                      && recorded.child().equals(child.get())
                      && recorded.shownBy(consent.get().credential()))
          .map(recorded -> recorded.ended(ConsentState.USED))
          .ifPresent(registry::putConsent);
    }
  }
}
