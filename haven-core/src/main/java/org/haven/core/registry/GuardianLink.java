package org.haven.core.registry;

import java.util.Objects;
import org.haven.core.crypto.Hash;
import org.haven.core.text.BoundedText;

/**
 * A guardian of a child. The guardian's document (type, number, country) is on the ledger only as a
 * hash; in clear it is in the vault.
 *
 * @param reference what authorises the link, for example a birth record or a court order
 */
public record GuardianLink(
    Relationship relationship, Hash documentHash, boolean mayConsentToTravel, String reference) {
  public GuardianLink {
    Objects.requireNonNull(relationship, "relationship");
    Objects.requireNonNull(documentHash, "documentHash");
    BoundedText.require("reference", reference);
  }
}
