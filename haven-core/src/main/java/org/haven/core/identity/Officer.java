package org.haven.core.identity;

import java.util.Objects;
import org.haven.core.crypto.Ed25519PublicKey;

/** A person enrolled by their organisation's admin to act on the ledger in one role and country. */
public record Officer(
    OfficerId id,
    OrgId org,
    Role role,
    Jurisdiction jurisdiction,
    Ed25519PublicKey key,
    boolean active) {
  public Officer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(key, "key");
  }

  public Officer deactivated() {
    return new Officer(id, org, role, jurisdiction, key, false);
  }
}
