package org.haven.card;

import java.time.Instant;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.OrgId;

/** The issuers a verifier trusts: the verifier bundle's list, or the ledger's members online. */
public interface TrustList {
  /** A trusted issuer's key. */
  record Issuer(OrgId org, Ed25519PublicKey key) {}

  /**
   * The issuer whose key has this COSE {@code kid} (the first 8 bytes of the SHA-256 of the raw
   * public key) and was valid at {@code at}.
   */
  Optional<Issuer> issuer(Bytes kid, Instant at);
}
