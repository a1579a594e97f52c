package org.haven.core.tx;

import java.util.Objects;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OfficerId;

/** One officer's signature over a transaction body. */
public record Endorsement(OfficerId signer, Signature signature) {
  public Endorsement {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
  }
}
