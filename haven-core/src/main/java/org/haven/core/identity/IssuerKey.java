package org.haven.core.identity;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PublicKey;

/**
 * One issuer key of a member and when, in ledger time, it was the member's key for signing cards:
 * from genesis or the governance change that brought it in, until the rotation that replaced it.
 * The ledger keeps every issuer key a member ever had, so a card signed before a rotation still
 * finds its key.
 *
 * @param validFromMillis when the key became the member's issuer key
 * @param validUntilMillis when a rotation replaced it; empty while it is the current key
 * @param compromised whether governance reported the key compromised: then only the cards the
 *     ledger recorded as issued with it (each {@code ISSUE_CARD}, all before the report) are its
 */
public record IssuerKey(
    Ed25519PublicKey key,
    long validFromMillis,
    Optional<Long> validUntilMillis,
    boolean compromised) {
  public IssuerKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(validUntilMillis, "validUntilMillis");
    if (validFromMillis < 0) {
      throw new IllegalArgumentException("validFromMillis: must not be negative");
    }
    if (validUntilMillis.isPresent() && validUntilMillis.get() <= validFromMillis) {
      throw new IllegalArgumentException("validUntilMillis: must be after validFromMillis");
    }
  }

  /** A key that is current from {@code fromMillis} on. */
  public static IssuerKey current(Ed25519PublicKey key, long fromMillis) {
    return new IssuerKey(key, fromMillis, Optional.empty(), false);
  }

  public boolean isCurrent() {
    return validUntilMillis.isEmpty();
  }

  /** This key, replaced at {@code untilMillis}. */
  public IssuerKey retiredAt(long untilMillis) {
    return new IssuerKey(key, validFromMillis, Optional.of(untilMillis), compromised);
  }

  /** This key, reported compromised. */
  public IssuerKey reportedCompromised() {
    return new IssuerKey(key, validFromMillis, validUntilMillis, true);
  }

  public void encode(CanonicalWriter out) {
    out.fixed(key.bytes()).u64(validFromMillis).u64(validUntilMillis.orElse(0L)).bool(compromised);
  }

  /** Reads what {@link #encode} wrote; an end of 0 means the key is current. */
  public static IssuerKey decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Ed25519PublicKey key = IdentityCodec.readKey(in, "issuer key");
    long from = in.u64("issuer key valid from");
    long until = in.u64("issuer key valid until");
    boolean compromised = in.bool("issuer key compromised");
    try {
      return new IssuerKey(
          key, from, until == 0 ? Optional.empty() : Optional.of(until), compromised);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, "issuer key: " + e.getMessage());
    }
  }
}
