package org.haven.card.cwt;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.codec.CborReader;
import org.haven.card.codec.MalformedCborException;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.InvalidChildNumberException;
import org.haven.core.registry.identity.Sex;

/**
 * The claims of a credential as read from its CWT, in two steps. {@link #parse} checks the CBOR
 * shape of every claim it knows and ignores the others, which is all a reader can trust before the
 * signature is checked. {@link #toCard} and {@link #toConsent} then check what the values mean.
 * Both throw {@link MalformedCborException} with a message that names the claim and never its
 * value.
 */
public final class CwtClaims {
  private String issuer;
  private Instant issuedAt;
  private Instant expiresAt;
  private CredentialType type;
  private String child;
  private String givenNames;
  private String familyNames;
  private LocalDate dateOfBirth;
  private long sex = -1;
  private byte[] face;
  private List<RawGuardian> guardians;
  private long statusIndex = -1;
  private byte[] salt;
  private byte[] consentId;
  private byte[] companion;
  private List<String> destinations;
  private LocalDate validFrom;
  private LocalDate validUntil;
  private Boolean multipleTrips;

  private long seen;

  private record RawGuardian(long relationship, String names, Bytes document, Boolean mayConsent) {}

  private CwtClaims() {}

  /**
   * Reads the claims map from {@code length} bytes of {@code data} at {@code offset}. Requires
   * {@code iss}, {@code iat}, {@code exp} and the type; no claim may appear twice.
   *
   * @throws MalformedCborException if the bytes are not one CBOR map of claims of the right types
   */
  public static CwtClaims parse(byte[] data, int offset, int length) {
    CwtClaims claims = new CwtClaims();
    try (CborReader in = CborReader.of(data, offset, length)) {
      in.startMap("CWT claims");
      while (in.nextKey("CWT claims")) {
        claims.read(in, in.key());
      }
      in.end("CWT claims");
    }
    if (claims.issuer == null || claims.issuedAt == null || claims.expiresAt == null) {
      throw new MalformedCborException("CWT claims: iss, iat and exp are all required");
    }
    if (claims.type == null) {
      throw new MalformedCborException("CWT claims: the credential type is missing");
    }
    return claims;
  }

  private void read(CborReader in, long key) {
    int bit = bit(key);
    if (bit < 0) {
      in.skip("an unknown claim");
      return;
    }
    if ((seen & 1L << bit) != 0) {
      throw new MalformedCborException("CWT claims: a claim appears twice");
    }
    seen |= 1L << bit;
    switch (bit) {
      case 0 -> issuer = in.text("claim iss");
      case 1 -> expiresAt = instant(in.integer("claim exp"), "claim exp");
      case 2 -> issuedAt = instant(in.integer("claim iat"), "claim iat");
      case 3 -> type = readType(in);
      case 4 -> child = in.text("claim child number");
      case 5 -> givenNames = in.text("claim given names");
      case 6 -> familyNames = in.text("claim family names");
      case 7 -> dateOfBirth = date(in, "claim date of birth");
      case 8 -> sex = in.uint("claim sex");
      case 9 -> face = in.bytes("claim face");
      case 10 -> guardians = readGuardians(in);
      case 11 -> statusIndex = in.uint("claim status index");
      case 12 -> salt = in.bytes("claim salt");
      case 13 -> consentId = in.bytes("claim consent id");
      case 14 -> companion = in.bytes("claim companion");
      case 15 -> destinations = readDestinations(in);
      case 16 -> validFrom = date(in, "claim valid from");
      case 17 -> validUntil = date(in, "claim valid until");
      case 18 -> multipleTrips = in.bool("claim multiple trips");
      default -> throw new IllegalStateException("no claim has bit " + bit);
    }
  }

  /** A bit for each known claim, to find repeats; -1 for an unknown claim. */
  private static int bit(long key) {
    if (key == ClaimKey.ISSUER) {
      return 0;
    }
    if (key == ClaimKey.EXPIRES_AT) {
      return 1;
    }
    if (key == ClaimKey.ISSUED_AT) {
      return 2;
    }
    // The private keys run without a gap from TYPE (-65537) down to MULTIPLE_TRIPS (-65552).
    if (key <= ClaimKey.TYPE && key >= ClaimKey.MULTIPLE_TRIPS) {
      return (int) (ClaimKey.TYPE - key) + 3;
    }
    return -1;
  }

  private static CredentialType readType(CborReader in) {
    return CredentialType.ofLabel(in.text("claim type"))
        .orElseThrow(() -> new MalformedCborException("claim type: not card or consent"));
  }

  private static List<RawGuardian> readGuardians(CborReader in) {
    List<RawGuardian> guardians = new ArrayList<>(2);
    in.startArray(CborReader.UNTAGGED, "claim guardians");
    while (!in.arrayEnds("claim guardians")) {
      guardians.add(readGuardian(in));
    }
    return guardians;
  }

  private static RawGuardian readGuardian(CborReader in) {
    String what = "claim guardians";
    long relationship = -1;
    String names = null;
    Bytes document = null;
    Boolean mayConsent = null;
    long seen = 0;
    in.startMap(what);
    while (in.nextKey(what)) {
      long key = in.key();
      if (key < ClaimKey.GUARDIAN_RELATIONSHIP || key > ClaimKey.GUARDIAN_MAY_CONSENT) {
        in.skip(what);
        continue;
      }
      if ((seen & 1L << key) != 0) {
        throw new MalformedCborException(what + ": a guardian has a key twice");
      }
      seen |= 1L << key;
      if (key == ClaimKey.GUARDIAN_RELATIONSHIP) {
        relationship = in.uint(what + " relationship");
      } else if (key == ClaimKey.GUARDIAN_NAMES) {
        names = in.text(what + " names");
      } else if (key == ClaimKey.GUARDIAN_DOCUMENT) {
        document = Bytes.of(in.bytes(what + " document"));
      } else {
        mayConsent = in.bool(what + " may consent");
      }
    }
    return new RawGuardian(relationship, names, document, mayConsent);
  }

  private static List<String> readDestinations(CborReader in) {
    List<String> destinations = new ArrayList<>(2);
    in.startArray(CborReader.UNTAGGED, "claim destinations");
    while (!in.arrayEnds("claim destinations")) {
      destinations.add(in.text("claim destinations"));
    }
    return destinations;
  }

  private static Instant instant(long seconds, String what) {
    try {
      return Instant.ofEpochSecond(seconds);
    } catch (DateTimeException e) {
      throw new MalformedCborException(what + ": the time is out of range");
    }
  }

  private static LocalDate date(CborReader in, String what) {
    long days = in.integer(ClaimKey.TAG_EPOCH_DAYS, what);
    try {
      return LocalDate.ofEpochDay(days);
    } catch (DateTimeException e) {
      throw new MalformedCborException(what + ": the date is out of range");
    }
  }

  /** The {@code iss} claim as written: check it with {@link OrgId} before trusting it. */
  public String issuer() {
    return issuer;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public CredentialType type() {
    return type;
  }

  /**
   * The claims as a card.
   *
   * @throws IllegalStateException if the type is not {@link CredentialType#CARD}
   * @throws MalformedCborException if a claim is missing or its value is not allowed
   */
  public CardClaims toCard() {
    requireType(CredentialType.CARD);
    OrgId org = orgId();
    ChildNumber number = childNumber();
    String given = required(givenNames, "claim given names");
    String family = required(familyNames, "claim family names");
    LocalDate born = required(dateOfBirth, "claim date of birth");
    if (sex < 0) {
      throw missing("claim sex");
    }
    Sex childSex =
        Codes.sex(sex)
            .orElseThrow(() -> new MalformedCborException("claim sex: not an ISO/IEC 5218 code"));
    List<CardGuardian> cardGuardians =
        new ArrayList<>(required(guardians, "claim guardians").size());
    for (RawGuardian raw : guardians) {
      cardGuardians.add(toGuardian(raw));
    }
    if (statusIndex < 0) {
      throw missing("claim status index");
    }
    Bytes cardSalt = salt();
    try {
      return new CardClaims(
          org,
          issuedAt,
          expiresAt,
          number,
          given,
          family,
          born,
          childSex,
          Optional.ofNullable(face).map(Bytes::of),
          cardGuardians,
          statusIndex,
          cardSalt);
    } catch (IllegalArgumentException e) {
      throw new MalformedCborException("CWT claims: the claims do not make a valid card");
    }
  }

  /**
   * The claims as a travel consent.
   *
   * @throws IllegalStateException if the type is not {@link CredentialType#CONSENT}
   * @throws MalformedCborException if a claim is missing, its value is not allowed, or {@code exp}
   *     is not {@link CwtWriter#consentExpiry} of the last day
   */
  public ConsentClaims toConsent() {
    requireType(CredentialType.CONSENT);
    OrgId org = orgId();
    ChildNumber number = childNumber();
    Hash id = hash(consentId, "claim consent id");
    Hash companionDigest = hash(companion, "claim companion");
    List<Jurisdiction> countries = new ArrayList<>(2);
    for (String code : required(destinations, "claim destinations")) {
      try {
        countries.add(new Jurisdiction(code));
      } catch (IllegalArgumentException e) {
        throw new MalformedCborException("claim destinations: not an ISO 3166-1 alpha-2 code");
      }
    }
    LocalDate from = required(validFrom, "claim valid from");
    LocalDate until = required(validUntil, "claim valid until");
    boolean multiple = required(multipleTrips, "claim multiple trips");
    if (!expiresAt.equals(CwtWriter.consentExpiry(until))) {
      throw new MalformedCborException("claim exp: does not match the consent's last day");
    }
    Bytes consentSalt = salt();
    try {
      return new ConsentClaims(
          org,
          issuedAt,
          id,
          number,
          companionDigest,
          countries,
          from,
          until,
          multiple,
          consentSalt);
    } catch (IllegalArgumentException e) {
      throw new MalformedCborException("CWT claims: the claims do not make a valid consent");
    }
  }

  private void requireType(CredentialType expected) {
    if (type != expected) {
      throw new IllegalStateException("the credential is a " + type.label());
    }
  }

  private OrgId orgId() {
    try {
      return new OrgId(issuer);
    } catch (IllegalArgumentException e) {
      throw new MalformedCborException("claim iss: not an organisation id");
    }
  }

  private ChildNumber childNumber() {
    try {
      return ChildNumber.fromCanonical(required(child, "claim child number"));
    } catch (InvalidChildNumberException e) {
      throw new MalformedCborException("claim child number: not a valid child number");
    }
  }

  private Bytes salt() {
    byte[] value = required(salt, "claim salt");
    if (value.length != CardClaims.SALT_SIZE) {
      throw new MalformedCborException("claim salt: must be " + CardClaims.SALT_SIZE + " bytes");
    }
    return Bytes.of(value);
  }

  private static CardGuardian toGuardian(RawGuardian raw) {
    String what = "claim guardians";
    if (raw.relationship() < 0 || raw.names() == null || raw.mayConsent() == null) {
      throw missing(what + ": relationship, names and may consent");
    }
    Relationship relationship =
        Codes.relationship(raw.relationship())
            .orElseThrow(() -> new MalformedCborException(what + ": unknown relationship code"));
    Optional<Hash> document = Optional.empty();
    if (raw.document() != null) {
      if (raw.document().size() != Hash.SIZE) {
        throw new MalformedCborException(what + ": a document digest must be 32 bytes");
      }
      document = Optional.of(Hash.of(raw.document()));
    }
    return new CardGuardian(relationship, raw.names(), document, raw.mayConsent());
  }

  private static Hash hash(byte[] value, String what) {
    if (required(value, what).length != Hash.SIZE) {
      throw new MalformedCborException(what + ": must be 32 bytes");
    }
    return Hash.of(value);
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw missing(what);
    }
    return value;
  }

  private static MalformedCborException missing(String what) {
    return new MalformedCborException(what + ": missing");
  }

  @Override
  public String toString() {
    return "CwtClaims[" + type + ", issuedAt=" + issuedAt + ", personal data redacted]";
  }
}
