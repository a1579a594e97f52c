package org.haven.core.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;
import org.haven.core.text.BoundedText;
import org.haven.core.tx.RecordCrossing;

/** Canonical encodings of the registry's records, shared by transactions and ledger state. */
public final class RegistryCodec {
  private RegistryCodec() {}

  public static void writeChildNumber(CanonicalWriter out, ChildNumber number) {
    out.string(number.toString());
  }

  public static ChildNumber readChildNumber(CanonicalReader in, String field)
      throws DecodeException {
    return in.string(field, ChildNumber::fromCanonical);
  }

  public static void writeChild(CanonicalWriter out, ChildRecord child) {
    writeChildNumber(out, child.number());
    out.string(child.issuer().value())
        .string(child.jurisdiction().code())
        .u8(child.status().code())
        .hash(child.commitment())
        .list(child.linkageTokens(), RegistryCodec::writeToken)
        .u32(child.version());
    child
        .declaration()
        .ifPresent(
            declared -> {
              out.string(declared.officer().value()).bool(declared.late());
              WireCode.write(out, declared.evidence());
            });
  }

  public static ChildRecord readChild(CanonicalReader in) throws DecodeException {
    int at = in.position();
    ChildNumber number = readChildNumber(in, "child number");
    OrgId issuer = in.string("issuer", OrgId::new);
    Jurisdiction jurisdiction = in.string("jurisdiction", Jurisdiction::new);
    ChildStatus status = WireCode.read(in, ChildStatus.values(), "status");
    Hash commitment = in.hash("commitment");
    List<LinkageToken> tokens = readTokens(in);
    int version = in.u32("version");
    // Records stored before the declaration was kept end here.
    Optional<ChildRecord.Declaration> declaration =
        in.atEnd()
            ? Optional.empty()
            : Optional.of(
                new ChildRecord.Declaration(
                    in.string("declared by", OfficerId::new),
                    in.bool("late"),
                    WireCode.read(in, Evidence.values(), "evidence")));
    try {
      return new ChildRecord(
          number, issuer, jurisdiction, status, commitment, tokens, version, declaration);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, "child record: " + e.getMessage());
    }
  }

  /** A linkage token: its type's tag, then the 32-byte keyed hash. */
  public static void writeToken(CanonicalWriter out, LinkageToken token) {
    out.u8(token.type().tag()).hash(token.value());
  }

  public static List<LinkageToken> readTokens(CanonicalReader in) throws DecodeException {
    return in.list("linkage tokens", ChildRecord.MAX_LINKAGE_TOKENS, RegistryCodec::readToken);
  }

  private static LinkageToken readToken(CanonicalReader in) throws DecodeException {
    int at = in.position();
    int tag = in.u8("linkage token type");
    for (TokenType type : TokenType.values()) {
      if (type.tag() == tag) {
        return new LinkageToken(type, in.hash("linkage token"));
      }
    }
    throw new DecodeException(at, "unknown linkage token type " + tag);
  }

  public static void writeGuardian(CanonicalWriter out, GuardianLink link) {
    out.u8(link.relationship().code())
        .hash(link.documentHash())
        .bool(link.mayConsentToTravel())
        .string(link.reference());
  }

  public static GuardianLink readGuardian(CanonicalReader in) throws DecodeException {
    Relationship relationship = WireCode.read(in, Relationship.values(), "relationship");
    Hash documentHash = in.hash("guardian document hash");
    boolean mayConsent = in.bool("may consent to travel");
    String reference = BoundedText.read(in, "reference", BoundedText.MAX_LENGTH);
    return new GuardianLink(relationship, documentHash, mayConsent, reference);
  }

  public static void writeAlert(CanonicalWriter out, Alert alert) {
    WireCode.write(out, alert.priority());
    out.string(alert.contactPoint())
        .bool(alert.open())
        .string(alert.raisedBy().value())
        .string(alert.raisingOrganisation().value());
    alert.photoHash().ifPresent(out::hash);
  }

  public static Alert readAlert(CanonicalReader in) throws DecodeException {
    AlertPriority priority = WireCode.read(in, AlertPriority.values(), "priority");
    String contactPoint = BoundedText.read(in, "contact point", BoundedText.MAX_LENGTH);
    boolean open = in.bool("open");
    OfficerId raisedBy = in.string("raised by", OfficerId::new);
    OrgId raising = in.string("raising organisation", OrgId::new);
    // Alerts stored before photos were kept, and alerts without one, end here.
    Optional<Hash> photoHash = in.atEnd() ? Optional.empty() : Optional.of(in.hash("photo hash"));
    return new Alert(priority, contactPoint, open, raisedBy, raising, photoHash);
  }

  public static void writeAlertChange(CanonicalWriter out, AlertChange change) {
    WireCode.write(out, change.action());
    out.string(change.officer().value())
        .string(change.organisation().value())
        .u64(change.atMillis());
    WireCode.write(out, change.priority());
    out.string(change.contactPoint()).string(change.reason());
  }

  public static AlertChange readAlertChange(CanonicalReader in) throws DecodeException {
    AlertAction action = WireCode.read(in, AlertAction.values(), "alert action");
    OfficerId officer = in.string("officer", OfficerId::new);
    OrgId organisation = in.string("organisation", OrgId::new);
    long at = in.u64("at");
    AlertPriority priority = WireCode.read(in, AlertPriority.values(), "priority");
    String contactPoint = BoundedText.read(in, "contact point", BoundedText.MAX_LENGTH);
    return new AlertChange(
        action, officer, organisation, at, priority, contactPoint, in.string("reason"));
  }

  /**
   * An event: its type's wire code, place, time and officer, then for a border check only the
   * outcome's wire code and the checkpoint. Events written before checks were kept end after the
   * officer, and read as events without a check.
   */
  public static void writeEvent(CanonicalWriter out, TimelineEvent event) {
    WireCode.write(out, event.type());
    out.string(event.place().code()).u64(event.atMillis()).string(event.recordedBy().value());
    event
        .check()
        .ifPresent(
            check -> {
              WireCode.write(out, check.outcome());
              out.string(check.checkpoint());
            });
  }

  public static TimelineEvent readEvent(CanonicalReader in) throws DecodeException {
    int at = in.position();
    EventType type = WireCode.read(in, EventType.values(), "event type");
    Jurisdiction place = in.string("place", Jurisdiction::new);
    long time = in.u64("at");
    OfficerId by = in.string("recorded by", OfficerId::new);
    if (in.atEnd()) {
      return new TimelineEvent(type, place, time, by);
    }
    RecordCrossing.Outcome outcome =
        WireCode.read(in, RecordCrossing.Outcome.values(), "check outcome");
    String checkpoint = BoundedText.read(in, "checkpoint", RecordCrossing.MAX_CHECKPOINT_LENGTH);
    try {
      return new TimelineEvent(
          type, place, time, by, Optional.of(new TimelineEvent.BorderCheck(checkpoint, outcome)));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  public static void writeAccess(CanonicalWriter out, AccessEntry entry) {
    out.string(entry.reader().value()).string(entry.purpose()).u64(entry.atMillis());
  }

  public static AccessEntry readAccess(CanonicalReader in) throws DecodeException {
    OfficerId reader = in.string("reader", OfficerId::new);
    String purpose = BoundedText.read(in, "purpose", BoundedText.MAX_LENGTH);
    return new AccessEntry(reader, purpose, in.u64("at"));
  }

  public static void writeConsent(CanonicalWriter out, TravelConsent consent) {
    out.hash(consent.id());
    writeChildNumber(out, consent.child());
    out.hash(consent.companion())
        .list(consent.destinations(), (w, country) -> w.string(country.code()))
        .u64(consent.validFrom().toEpochDay())
        .u64(consent.validUntil().toEpochDay())
        .bool(consent.multipleTrips())
        .list(consent.grantedBy(), CanonicalWriter::hash)
        .string(consent.reference())
        .hash(consent.shown());
    WireCode.write(out, consent.state());
  }

  public static TravelConsent readConsent(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Hash id = in.hash("consent id");
    ChildNumber child = readChildNumber(in, "child");
    Hash companion = in.hash("companion");
    List<Jurisdiction> destinations =
        in.list(
            "destinations",
            TravelConsent.MAX_DESTINATIONS,
            r -> r.string("destination", Jurisdiction::new));
    LocalDate from = epochDay(in, "valid from");
    LocalDate until = epochDay(in, "valid until");
    boolean multiple = in.bool("multiple trips");
    List<Hash> grantedBy = in.list("granted by", 2, r -> r.hash("guardian"));
    String reference = BoundedText.read(in, "reference", BoundedText.MAX_LENGTH);
    Hash shown = in.hash("shown");
    ConsentState state = WireCode.read(in, ConsentState.values(), "state");
    try {
      return new TravelConsent(
          id,
          child,
          companion,
          destinations,
          from,
          until,
          multiple,
          grantedBy,
          reference,
          shown,
          state);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  /** A date as days since 1970-01-01, within the years a consent can name. */
  public static LocalDate epochDay(CanonicalReader in, String field) throws DecodeException {
    int at = in.position();
    long day = in.u64(field);
    if (day > LocalDate.of(9999, 12, 31).toEpochDay()) {
      throw new DecodeException(at, field + ": not a date before the year 10000");
    }
    return LocalDate.ofEpochDay(day);
  }
}
