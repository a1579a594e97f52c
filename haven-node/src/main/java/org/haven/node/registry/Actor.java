package org.haven.node.registry;

import java.util.Objects;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Officer;

/**
 * The officer behind a request, as the ledger knows them now, with the signing key their session
 * unlocked. {@link #toString()} never shows the key.
 */
public record Actor(Officer officer, Ed25519PrivateKey key) {
  public Actor {
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(key, "key");
    if (!officer.key().equals(key.publicKey())) {
      throw new IllegalArgumentException(
          "the session key of " + officer.id() + " is not the key enrolled on the ledger");
    }
  }

  @Override
  public String toString() {
    return "Actor[" + officer.id() + "]";
  }
}
