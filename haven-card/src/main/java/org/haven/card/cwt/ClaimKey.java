package org.haven.card.cwt;

/**
 * The CWT claim keys of Haven credentials (RFC 8392), and the keys inside a guardian map. The
 * registered claims keep their IANA keys; Haven's own claims use keys below -65536, the range RFC
 * 8392 section 9.1 reserves for private use, so they can never clash with a registered claim.
 * docs/card-format.md gives every key with its type; a key, once used, is never given a new
 * meaning.
 */
public final class ClaimKey {
  /** {@code iss}, RFC 8392 section 3.1.1: the issuing organisation's id, text. */
  public static final long ISSUER = 1;

  /** {@code exp}, RFC 8392 section 3.1.4: NumericDate, whole seconds since 1970 UTC. */
  public static final long EXPIRES_AT = 4;

  /** {@code iat}, RFC 8392 section 3.1.6: NumericDate. */
  public static final long ISSUED_AT = 6;

  /** Text {@code "card"} or {@code "consent"}. */
  public static final long TYPE = -65537;

  /** The child number in canonical form: 11 ASCII digits, text. */
  public static final long CHILD = -65538;

  /** Text. */
  public static final long GIVEN_NAMES = -65539;

  /** Text. */
  public static final long FAMILY_NAMES = -65540;

  /** RFC 8943 tag 100 (days since 1970-01-01) on an integer. */
  public static final long DATE_OF_BIRTH = -65541;

  /** ISO/IEC 5218 code, unsigned integer: 0 not known, 1 male, 2 female, 9 not applicable. */
  public static final long SEX = -65542;

  /** Greyscale JPEG, byte string; left out when there is no photo. */
  public static final long FACE = -65543;

  /** Array of guardian maps keyed by the {@code GUARDIAN_} keys. */
  public static final long GUARDIANS = -65544;

  /** The child's index in the issuer's status list, unsigned integer. */
  public static final long STATUS_INDEX = -65545;

  /** 16 random bytes under which the credential's document digests are taken, byte string. */
  public static final long SALT = -65546;

  /** The consent's 32-byte id on the ledger, byte string. */
  public static final long CONSENT_ID = -65547;

  /** The 32-byte document digest of the companion's document, byte string. */
  public static final long COMPANION = -65548;

  /** Array of ISO 3166-1 alpha-2 country codes, text. */
  public static final long DESTINATIONS = -65549;

  /** RFC 8943 tag 100 on an integer: the first day of the consent. */
  public static final long VALID_FROM = -65550;

  /** RFC 8943 tag 100 on an integer: the last day of the consent. */
  public static final long VALID_UNTIL = -65551;

  /** Boolean: true if the consent covers more than one trip. */
  public static final long MULTIPLE_TRIPS = -65552;

  /** In a guardian map: the relationship code, unsigned integer (see {@link Codes}). */
  public static final long GUARDIAN_RELATIONSHIP = 1;

  /** In a guardian map: the guardian's names, text. */
  public static final long GUARDIAN_NAMES = 2;

  /** In a guardian map: the 32-byte document digest, byte string; left out if none. */
  public static final long GUARDIAN_DOCUMENT = 3;

  /** In a guardian map: whether the guardian may consent to travel, boolean. */
  public static final long GUARDIAN_MAY_CONSENT = 4;

  /** RFC 8943: a date as the number of days since 1970-01-01. */
  public static final int TAG_EPOCH_DAYS = 100;

  private ClaimKey() {}
}
