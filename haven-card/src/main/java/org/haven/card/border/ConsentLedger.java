package org.haven.card.border;

import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.ConsentState;

/**
 * What the ledger says of a consent at the moment of an online check. The verifier bundle lists
 * only active consents, so offline a consent it no longer lists was "revoked or used"; a node
 * checking online asks its ledger state which, and sees a use or revocation made after its bundle.
 */
@FunctionalInterface
public interface ConsentLedger {
  /** Offline: no ledger to ask; the bundle alone decides. */
  ConsentLedger OFFLINE = consentId -> Optional.empty();

  /** The consent's state on the ledger now, or empty if it is not known there. */
  Optional<ConsentState> state(Hash consentId);
}
