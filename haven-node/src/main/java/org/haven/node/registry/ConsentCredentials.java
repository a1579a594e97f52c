package org.haven.node.registry;

import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.ChildNumber;

/** Issues the signed QR credential of a travel consent just recorded on the ledger. */
@FunctionalInterface
public interface ConsentCredentials {
  /** The credential's {@code HV1:} text. */
  String issue(Hash consentId, ChildNumber child, RegistryService.ConsentGrant grant);
}
