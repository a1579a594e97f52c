package org.haven.core.registry.identity;

import java.util.Objects;
import org.haven.core.crypto.Hash;

/**
 * One keyed linkage token: HMAC-SHA-256 under the consortium's {@link LinkageKey}, 32 bytes. Equal
 * tokens mean equal inputs of the same {@link TokenType}; without the key a token says nothing
 * about the child.
 *
 * @param value the 32-byte HMAC; {@link Hash} only as the ledger's type for 32-byte values
 */
public record LinkageToken(TokenType type, Hash value) {
  public LinkageToken {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }
}
