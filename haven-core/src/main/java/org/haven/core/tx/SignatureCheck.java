package org.haven.core.tx;

import org.haven.core.crypto.Ed25519PublicKey;

/**
 * Decides whether one endorsement's signature verifies. The block executor supplies one that
 * remembers signatures it already verified in parallel, so that each is verified once.
 */
@FunctionalInterface
public interface SignatureCheck {
  boolean verifies(Transaction tx, Endorsement endorsement, Ed25519PublicKey key);
}
