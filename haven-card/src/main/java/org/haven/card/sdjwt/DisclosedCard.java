package org.haven.card.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.haven.core.identity.OrgId;

/**
 * What a verified SD-JWT card shows: who issued it and when, and the claims its holder chose to
 * disclose, by their names in {@link SdJwtCard}. Immutable: claim values are copied out. {@link
 * #toString()} shows only claim names, since the values are personal data.
 */
public final class DisclosedCard {
  private final OrgId issuer;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final Map<String, JsonNode> claims;

  DisclosedCard(OrgId issuer, Instant issuedAt, Instant expiresAt, Map<String, JsonNode> claims) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.issuedAt = Objects.requireNonNull(issuedAt, "issuedAt");
    this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    this.claims = Map.copyOf(claims);
  }

  public OrgId issuer() {
    return issuer;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The names of the disclosed claims. */
  public Set<String> names() {
    return claims.keySet();
  }

  /** A copy of the disclosed value of claim {@code name}, or empty if it was not disclosed. */
  public Optional<JsonNode> claim(String name) {
    return Optional.ofNullable(claims.get(name)).map(JsonNode::deepCopy);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DisclosedCard card
        && issuer.equals(card.issuer)
        && issuedAt.equals(card.issuedAt)
        && expiresAt.equals(card.expiresAt)
        && claims.equals(card.claims);
  }

  @Override
  public int hashCode() {
    return Objects.hash(issuer, issuedAt, expiresAt, claims);
  }

  @Override
  public String toString() {
    return "DisclosedCard[issuer=" + issuer + ", disclosed=" + claims.keySet() + "]";
  }
}
