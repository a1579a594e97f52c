package org.haven.card;

import java.time.Instant;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;

/** The issuers a verifier trusts: the verifier bundle's list, or the ledger's members online. */
public interface TrustList {
  /** A trusted issuer's key. */
  record Issuer(OrgId org, Ed25519PublicKey key) {}

  /**
   * The issuer whose key has this COSE {@code kid} (the first 8 bytes of the SHA-256 of the raw
   * public key) and may have signed this credential: a key valid at {@code issuedAt}, or, for a key
   * reported compromised, one whose issue of exactly this credential the ledger recorded before the
   * report, whatever its issue date says.
   *
   * @param signedHash SHA-256 of the bytes the issuer signed ({@link
   *     org.haven.card.cose.CoseSign1#signedHash()})
   */
  Optional<Issuer> issuer(Bytes kid, Instant issuedAt, Hash signedHash);

  /**
   * Whether the credential whose signed bytes hash to {@code signedHash} was revoked on its own.
   */
  boolean revoked(Hash signedHash);
}
