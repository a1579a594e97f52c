package org.haven.card;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.haven.card.codec.Base45;
import org.haven.card.codec.InvalidBase45Exception;
import org.haven.card.codec.MalformedCborException;
import org.haven.card.codec.Zlib;
import org.haven.card.codec.ZlibException;
import org.haven.card.cose.CoseSign1;
import org.haven.card.cwt.CredentialType;
import org.haven.card.cwt.CwtClaims;
import org.haven.card.cwt.CwtWriter;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;

/**
 * Issues and reads Haven credentials as QR text: {@code "HV1:" + Base45(zlib(COSE_Sign1(CWT)))}, in
 * the style of the EU Digital COVID Certificate. docs/card-format.md describes every layer.
 *
 * <p>Reading never throws on bad input. It checks, in order: the prefix, the Base45 text, the
 * compressed size, the COSE and CWT structure, the issuer's key, the signature, that the issuer
 * named is the key's owner, the credential type, the expiry, and only then what the claims mean. A
 * changed byte is therefore reported as {@link CredentialProblem#BAD_SIGNATURE} whenever the
 * structure survives it.
 */
public final class CredentialCodec {
  /** What every Haven credential of this format starts with. */
  public static final String PREFIX = "HV1:";

  /** The most a COSE message may inflate to: far above a card, far below harm. */
  public static final int MAX_INFLATED_SIZE = 64 * 1024;

  /** The most text a QR code can hold (version 40, alphanumeric mode, level L). */
  public static final int MAX_TEXT_LENGTH = 4296;

  private CredentialCodec() {}

  /**
   * Signs {@code card} with the issuer's key and returns its QR text. Instants are written in whole
   * seconds.
   *
   * @throws IllegalArgumentException if the expiry is not after the issue time in whole seconds or
   *     is beyond {@link CardClaims#MAX_LIFETIME} from it, a text claim is not valid Unicode, or
   *     the credential would be too large to read back
   */
  public static String issueCard(CardClaims card, Ed25519PrivateKey issuerKey) {
    if (card.expiresAt().getEpochSecond() <= card.issuedAt().getEpochSecond()) {
      throw new IllegalArgumentException("expiresAt: must be after issuedAt in whole seconds");
    }
    if (card.expiresAt().isAfter(CardClaims.latestExpiry(card.issuedAt()))) {
      throw new IllegalArgumentException(
          "expiresAt: a card is valid at most " + CardClaims.MAX_LIFETIME + " from its issue");
    }
    return envelope(CoseSign1.sign(CwtWriter.card(card), issuerKey));
  }

  /**
   * Signs {@code consent} with the issuer's key and returns its QR text. The CWT {@code exp} is the
   * end of the consent's last day anywhere on Earth.
   *
   * @throws IllegalArgumentException as {@link #issueCard} does
   */
  public static String issueConsent(ConsentClaims consent, Ed25519PrivateKey issuerKey) {
    return envelope(CoseSign1.sign(CwtWriter.consent(consent), issuerKey));
  }

  private static String envelope(byte[] cose) {
    if (cose.length > MAX_INFLATED_SIZE) {
      throw new IllegalArgumentException(
          "the credential is "
              + cose.length
              + " bytes signed, above the "
              + MAX_INFLATED_SIZE
              + " bytes a reader accepts");
    }
    return PREFIX + Base45.encode(Zlib.compress(cose));
  }

  /**
   * The card hash of a credential's QR text: SHA-256 of the bytes its issuer signed ({@link
   * CoseSign1#signedHash()}), as {@code ISSUE_CARD} records it. Checks the structure, not the
   * signature.
   *
   * @throws IllegalArgumentException if the text is not a Haven credential
   */
  public static Hash signedHash(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a Haven credential: no " + PREFIX + " prefix");
    }
    try {
      return CoseSign1.decode(
              Zlib.inflate(Base45.decode(text, PREFIX.length(), text.length()), MAX_INFLATED_SIZE))
          .signedHash();
    } catch (InvalidBase45Exception | ZlibException | MalformedCborException e) {
      throw new IllegalArgumentException("not a readable Haven credential: " + e.getMessage(), e);
    }
  }

  /** Reads a child's ID card from scanned QR text. */
  public static CredentialRead<CardClaims> readCard(String text, TrustList trust, Instant now) {
    return read(text, trust, now, CredentialType.CARD, CwtClaims::toCard);
  }

  /** Reads a travel consent from scanned QR text. */
  public static CredentialRead<ConsentClaims> readConsent(
      String text, TrustList trust, Instant now) {
    return read(text, trust, now, CredentialType.CONSENT, CwtClaims::toConsent);
  }

  private static <T> CredentialRead<T> read(
      String text,
      TrustList trust,
      Instant now,
      CredentialType expected,
      Function<CwtClaims, T> toClaims) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(now, "now");
    if (!text.startsWith(PREFIX)) {
      return invalid(CredentialProblem.NOT_HAVEN, notHaven(text));
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      return invalid(
          CredentialProblem.TOO_LARGE,
          "The text is longer than any QR code can hold, so it did not come from a card.");
    }
    CoseSign1 cose;
    CwtClaims claims;
    try {
      byte[] compressed = Base45.decode(text, PREFIX.length(), text.length());
      cose = CoseSign1.decode(Zlib.inflate(compressed, MAX_INFLATED_SIZE));
      claims = cose.readPayload(CwtClaims::parse);
    } catch (InvalidBase45Exception e) {
      return invalid(
          CredentialProblem.TRUNCATED,
          "The code was read incompletely or damaged (" + e.getMessage() + "). Scan it again.");
    } catch (ZlibException e) {
      return switch (e.reason()) {
        case TOO_LARGE ->
            invalid(
                CredentialProblem.TOO_LARGE,
                "The code inflates beyond " + MAX_INFLATED_SIZE + " bytes: it is not a real card.");
        case TRUNCATED ->
            invalid(
                CredentialProblem.TRUNCATED,
                "The code was read incompletely: its data is cut short. Scan it again.");
        case CORRUPT ->
            invalid(CredentialProblem.MALFORMED, "The code's compressed data is damaged.");
      };
    } catch (MalformedCborException e) {
      return invalid(
          CredentialProblem.MALFORMED, "The code's signed data is malformed: " + e.getMessage());
    }
    Hash signed = cose.signedHash();
    Optional<TrustList.Issuer> issuer = trust.issuer(cose.kid(), claims.issuedAt(), signed);
    if (issuer.isEmpty()) {
      return invalid(
          CredentialProblem.UNKNOWN_ISSUER,
          "The signing key is not on the trust list, was not valid on the issue date, or was"
              + " reported compromised before the ledger recorded this credential.");
    }
    if (!cose.verify(issuer.get().key())) {
      return invalid(
          CredentialProblem.BAD_SIGNATURE,
          "The signature does not match: the code was altered or forged.");
    }
    if (!issuer.get().org().value().equals(claims.issuer())) {
      return invalid(
          CredentialProblem.UNKNOWN_ISSUER,
          "The code names an issuer other than the organisation whose key signed it.");
    }
    if (claims.type() != expected) {
      return invalid(CredentialProblem.WRONG_TYPE, wrongType(claims.type()));
    }
    if (trust.revoked(signed)) {
      return invalid(
          CredentialProblem.REVOKED,
          "This card was revoked on the ledger, for example reported lost or stolen.");
    }
    if (claims.type() == CredentialType.CARD
        && claims.expiresAt().isAfter(CardClaims.latestExpiry(claims.issuedAt()))) {
      return invalid(
          CredentialProblem.LIFETIME_OVER_POLICY,
          "The card claims a validity longer than the "
              + CardClaims.MAX_LIFETIME.getYears()
              + " years"
              + " a card may have: no issuer makes such a card.");
    }
    if (!claims.expiresAt().isAfter(now)) {
      return invalid(
          CredentialProblem.EXPIRED,
          claims.type() == CredentialType.CARD
              ? "The card has expired; the family should ask for a new one."
              : "The travel consent has expired.");
    }
    try {
      return new CredentialRead.Valid<>(toClaims.apply(claims));
    } catch (MalformedCborException e) {
      return invalid(
          CredentialProblem.MALFORMED,
          "The issuer signed claims that are not valid: " + e.getMessage());
    }
  }

  private static String notHaven(String text) {
    if (text.startsWith("HC1:")) {
      return "This is an EU Digital COVID Certificate, not a Haven credential.";
    }
    if (text.startsWith("HV") && text.indexOf(':') > 2 && text.indexOf(':') <= 5) {
      return "This is a Haven credential in a format this reader does not know; update it.";
    }
    if (text.regionMatches(true, 0, "http://", 0, 7)
        || text.regionMatches(true, 0, "https://", 0, 8)) {
      return "This QR code holds a web address, not a Haven credential.";
    }
    return "This QR code is not a Haven credential.";
  }

  private static String wrongType(CredentialType actual) {
    return actual == CredentialType.CONSENT
        ? "This is a travel consent, not a child's ID card."
        : "This is a child's ID card, not a travel consent.";
  }

  private static <T> CredentialRead<T> invalid(CredentialProblem problem, String detail) {
    return new CredentialRead.Invalid<>(problem, detail);
  }
}
