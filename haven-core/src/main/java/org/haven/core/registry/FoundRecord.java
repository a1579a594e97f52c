package org.haven.core.registry;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.text.BoundedText;

/**
 * What the ledger keeps about a found child beside its {@link ChildRecord}: who declared it and
 * when, and how a registrar resolved it. Nothing personal.
 *
 * @param matchedTo the child a registrar confirmed the found child to be; present only when {@code
 *     resolution} is {@code MATCHED}
 * @param decidedBy the registrar who resolved it; present unless {@code OPEN}
 * @param reason the registrar's reason; empty while {@code OPEN}
 */
public record FoundRecord(
    ChildNumber child,
    OfficerId declaredBy,
    long declaredAtMillis,
    Resolution resolution,
    Optional<ChildNumber> matchedTo,
    Optional<OfficerId> decidedBy,
    String reason) {
  /** The longest reason kept: the ledger's reason limit. */
  public static final int MAX_REASON_LENGTH = 500;

  /** Where a found child stands. Wire codes are fixed. */
  public enum Resolution implements WireCode {
    /** Awaits a registrar. */
    OPEN(0),
    /** Confirmed to be a child already on the ledger. */
    MATCHED(1),
    /** Registered as a new child, with evidence {@link Evidence#FOUND_CHILD}. */
    REGISTERED(2);

    private final int code;

    Resolution(int code) {
      this.code = code;
    }

    @Override
    public int code() {
      return code;
    }
  }

  public FoundRecord {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(declaredBy, "declaredBy");
    Objects.requireNonNull(resolution, "resolution");
    Objects.requireNonNull(matchedTo, "matchedTo");
    Objects.requireNonNull(decidedBy, "decidedBy");
    Objects.requireNonNull(reason, "reason");
    if (resolution == Resolution.OPEN ? !reason.isEmpty() : reason.isEmpty()) {
      throw new IllegalArgumentException("reason: present exactly when resolved");
    }
    if (!reason.isEmpty()) {
      BoundedText.require("reason", reason, MAX_REASON_LENGTH);
    }
    if (matchedTo.isPresent() != (resolution == Resolution.MATCHED)) {
      throw new IllegalArgumentException("matchedTo: present exactly when MATCHED");
    }
    if (decidedBy.isPresent() == (resolution == Resolution.OPEN)) {
      throw new IllegalArgumentException("decidedBy: present exactly when resolved");
    }
  }

  /** A found child just declared. */
  public static FoundRecord open(ChildNumber child, OfficerId declaredBy, long atMillis) {
    return new FoundRecord(
        child, declaredBy, atMillis, Resolution.OPEN, Optional.empty(), Optional.empty(), "");
  }

  /** This record resolved by {@code registrar}. */
  public FoundRecord resolved(
      Resolution how, Optional<ChildNumber> match, OfficerId registrar, String why) {
    return new FoundRecord(
        child, declaredBy, declaredAtMillis, how, match, Optional.of(registrar), why);
  }

  /** The evidence of the registration this record led to, if it led to one. */
  public Optional<Evidence> evidence() {
    return resolution == Resolution.REGISTERED
        ? Optional.of(Evidence.FOUND_CHILD)
        : Optional.empty();
  }

  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.string(declaredBy.value()).u64(declaredAtMillis);
    WireCode.write(out, resolution);
    out.bool(matchedTo.isPresent());
    matchedTo.ifPresent(match -> RegistryCodec.writeChildNumber(out, match));
    out.bool(decidedBy.isPresent());
    decidedBy.ifPresent(officer -> out.string(officer.value()));
    out.string(reason);
  }

  public static FoundRecord decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    ChildNumber child = RegistryCodec.readChildNumber(in, "found child");
    OfficerId declaredBy = in.string("declared by", OfficerId::new);
    long declaredAt = in.u64("declared at");
    Resolution resolution = WireCode.read(in, Resolution.values(), "resolution");
    Optional<ChildNumber> match =
        in.bool("has match")
            ? Optional.of(RegistryCodec.readChildNumber(in, "match"))
            : Optional.empty();
    Optional<OfficerId> decidedBy =
        in.bool("decided")
            ? Optional.of(in.string("decided by", OfficerId::new))
            : Optional.empty();
    String reason = in.string("reason");
    try {
      return new FoundRecord(child, declaredBy, declaredAt, resolution, match, decidedBy, reason);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }
}
