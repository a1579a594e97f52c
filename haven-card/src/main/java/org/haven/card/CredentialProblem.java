package org.haven.card;

/** Why a scanned credential is not accepted. Stable names: results and logs carry them. */
public enum CredentialProblem {
  /** Not a Haven credential at all: no {@code HV1:} prefix, or another QR format. */
  NOT_HAVEN,
  /** The Base45 text is cut short or holds characters outside its alphabet. */
  TRUNCATED,
  /** The compressed or CBOR structure does not decode, or a claim is missing or wrong. */
  MALFORMED,
  /** The compressed payload would inflate beyond the size limit: a zlib bomb. */
  TOO_LARGE,
  /** The issuer's key id is not in the trust list, or the key was not valid when signed. */
  UNKNOWN_ISSUER,
  /** The signature does not verify: the credential was forged or altered. */
  BAD_SIGNATURE,
  /** The credential's validity has ended. */
  EXPIRED,
  /** A card where a consent was expected, or the reverse. */
  WRONG_TYPE,
  /** No QR code could be found in the image, or the image could not be read. */
  UNREADABLE_IMAGE,
  /** No credential was scanned: the officer typed the child number by hand. */
  NOT_PRESENTED,
  /** The ledger revoked this one credential, for example a card reported lost or stolen. */
  REVOKED,
  /** The card's validity, from its issue to its expiry, is longer than the policy allows. */
  LIFETIME_OVER_POLICY
}
