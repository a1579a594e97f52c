package org.haven.node.api;

import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.InvalidChildNumberException;

/** Values read from a request's path or query, each refused with the parameter named. */
public final class Params {
  private Params() {}

  /**
   * A child number as typed; a failed check digit or a malformed number names {@code field}.
   *
   * @throws ApiProblem 400 naming the field and what is wrong with the number
   */
  public static ChildNumber childNumber(String field, String text) {
    try {
      return ChildNumber.parse(text);
    } catch (InvalidChildNumberException e) {
      throw ApiProblem.invalidField(field, e.getMessage());
    }
  }

  /**
   * A SHA-256 hash as 64 hexadecimal characters, such as a consent id or a card hash.
   *
   * @throws ApiProblem 400 naming the field
   */
  public static Hash hash(String field, String hex) {
    try {
      return Hash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(field, "must be 64 hexadecimal characters");
    }
  }
}
