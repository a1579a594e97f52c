package org.haven.core.testing;

import java.util.Objects;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.tx.TxSigner;

/**
 * An officer as the ledger records them, together with the private key they sign with. The key is
 * not required to match {@code officer.key()}: {@link #signingWith} makes an impostor.
 */
public record TestOfficer(Officer officer, Ed25519PrivateKey key) {
  public TestOfficer {
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(key, "key");
  }

  public OfficerId id() {
    return officer.id();
  }

  public OrgId org() {
    return officer.org();
  }

  public Role role() {
    return officer.role();
  }

  public TxSigner signer() {
    return new TxSigner(officer.id(), key);
  }

  /** The same officer record signing with {@code otherKey}, as someone who stole the id would. */
  public TestOfficer signingWith(Ed25519PrivateKey otherKey) {
    return new TestOfficer(officer, otherKey);
  }
}
