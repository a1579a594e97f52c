package org.haven.card.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.card.TrustList;
import org.haven.card.cose.CoseSign1;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;

/** A trust list held in memory: keys, their owners and the times they are valid. */
public final class TestTrust implements TrustList {
  private record Entry(Issuer issuer, Bytes kid, Instant from, Instant until) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Trusts the test issuer's key at all times. */
  public static TestTrust standard() {
    return new TestTrust().trust(TestCards.ISSUER, TestCards.ISSUER_KEY.publicKey());
  }

  /** Trusts nobody. */
  public static TestTrust empty() {
    return new TestTrust();
  }

  public TestTrust trust(OrgId org, Ed25519PublicKey key) {
    return trust(org, key, Instant.MIN, Instant.MAX);
  }

  /** Trusts {@code key} for signatures from {@code from} (inclusive) to {@code until}. */
  public TestTrust trust(OrgId org, Ed25519PublicKey key, Instant from, Instant until) {
    entries.add(new Entry(new Issuer(org, key), CoseSign1.keyId(key), from, until));
    return this;
  }

  @Override
  public Optional<Issuer> issuer(Bytes kid, Instant at, Hash signedHash) {
    return entries.stream()
        .filter(e -> e.kid().equals(kid) && !at.isBefore(e.from()) && at.isBefore(e.until()))
        .map(Entry::issuer)
        .findFirst();
  }

  /** Revokes nothing: revocations come from a verifier bundle. */
  @Override
  public boolean revoked(Hash signedHash) {
    return false;
  }
}
