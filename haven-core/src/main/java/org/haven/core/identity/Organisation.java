package org.haven.core.identity;

import java.util.Objects;
import java.util.regex.Pattern;
import org.haven.core.crypto.Ed25519PublicKey;

/** A member of the consortium, with one public key per {@link KeyPurpose}. */
public record Organisation(
    OrgId id,
    String name,
    Jurisdiction country,
    Ed25519PublicKey nodeKey,
    Ed25519PublicKey issuerKey,
    boolean active) {
  private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]{1,120}");

  public Organisation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(nodeKey, "nodeKey");
    Objects.requireNonNull(issuerKey, "issuerKey");
    if (nodeKey.equals(issuerKey)) {
      throw new IllegalArgumentException(
          "an organisation's node key and issuer key must differ: one signs checkpoints, the"
              + " other cards");
    }
    if (name == null || !PRINTABLE.matcher(name).matches()) {
      throw new IllegalArgumentException("organisation name must be 1 to 120 printable characters");
    }
  }

  public Ed25519PublicKey key(KeyPurpose purpose) {
    return purpose == KeyPurpose.NODE ? nodeKey : issuerKey;
  }

  public Organisation withKey(KeyPurpose purpose, Ed25519PublicKey key) {
    return purpose == KeyPurpose.NODE
        ? new Organisation(id, name, country, key, issuerKey, active)
        : new Organisation(id, name, country, nodeKey, key, active);
  }

  public Organisation deactivated() {
    return new Organisation(id, name, country, nodeKey, issuerKey, false);
  }
}
