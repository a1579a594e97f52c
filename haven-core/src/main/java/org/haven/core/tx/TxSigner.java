package org.haven.core.tx;

import java.util.Objects;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.OfficerId;

/** An officer together with the private key they sign with. */
public record TxSigner(OfficerId officer, Ed25519PrivateKey key) {
  public TxSigner {
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(key, "key");
  }
}
