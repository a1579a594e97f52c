package org.haven.card.sdjwt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.CredentialProblem;
import org.haven.card.CredentialRead;
import org.haven.card.TrustList;
import org.haven.card.cose.CoseSign1;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OrgId;

/**
 * The card as an SD-JWT VC (RFC 9901, Selective Disclosure for JSON Web Tokens), for wallets and
 * online verifiers that speak JOSE rather than COSE. Every personal claim is its own Disclosure, so
 * that a holder can show, say, only the names and date of birth.
 *
 * <p>The issuer-signed JWT holds in clear only {@code iss}, {@code iat}, {@code exp}, {@code vct},
 * {@code _sd} (the SHA-256 digests of the Disclosures, sorted) and {@code _sd_alg}; its header is
 * {@code {"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": base64url(kid)}} with the same 8-byte kid as
 * the QR card. The JWS is built with Nimbus but signed with Haven's own Ed25519 key, since Nimbus's
 * Ed25519 signer needs Google Tink. Key binding (a KB-JWT) is not supported.
 */
public final class SdJwtCard {
  /** The JWS {@code typ} of an SD-JWT VC. */
  public static final String TYPE = "dc+sd-jwt";

  /** The {@code vct} (credential type) claim of a Haven card. */
  public static final String VCT = "haven-child-card";

  /** The most characters a presentation may have; a card with a face is about 3,000. */
  public static final int MAX_LENGTH = 64 * 1024;

  /** Disclosed: the child number, canonical, a string of 11 digits. */
  public static final String CHILD_NUMBER = "child_number";

  /** Disclosed: a string. */
  public static final String GIVEN_NAME = "given_name";

  /** Disclosed: a string. */
  public static final String FAMILY_NAME = "family_name";

  /** Disclosed: a string, ISO 8601 {@code YYYY-MM-DD}. */
  public static final String BIRTHDATE = "birthdate";

  /** Disclosed: a number, the ISO/IEC 5218 code. */
  public static final String SEX = "sex";

  /** Disclosed when the card has a face: a string, base64url of the JPEG. */
  public static final String FACE = "face";

  /**
   * Disclosed: an array of objects {@code {"relationship": "MOTHER", "names": ...,
   * "document_digest": hex, "may_consent_to_travel": true}}, the digest left out if none.
   */
  public static final String GUARDIANS = "guardians";

  /** Disclosed: a number, the child's index in the issuer's status list. */
  public static final String STATUS_INDEX = "status_index";

  /** Disclosed: a string, base64url of the card's 16-byte salt for its document digests. */
  public static final String DOCUMENT_SALT = "document_salt";

  private static final String SD = "_sd";
  private static final String SD_ALG = "_sd_alg";
  private static final String SHA_256 = "sha-256";
  private static final int DISCLOSURE_SALT_BYTES = 16;
  private static final Set<String> CLEAR_CLAIMS = Set.of("iss", "iat", "exp", "vct", SD, SD_ALG);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdJwtCard() {}

  /**
   * Issues the card as an SD-JWT with every Disclosure: {@code <JWT>~<Disclosure>~...~}.
   *
   * @param random the source of the Disclosures' salts, 128 bits each
   */
  public static String issue(CardClaims card, Ed25519PrivateKey issuerKey, SecureRandom random) {
    List<String> disclosures = new ArrayList<>();
    Map<String, JsonNode> claims = new LinkedHashMap<>();
    claims.put(CHILD_NUMBER, NODES.textNode(card.child().toString()));
    claims.put(GIVEN_NAME, NODES.textNode(card.givenNames()));
    claims.put(FAMILY_NAME, NODES.textNode(card.familyNames()));
    claims.put(BIRTHDATE, NODES.textNode(card.dateOfBirth().toString()));
    claims.put(SEX, NODES.numberNode(card.sex().code()));
    card.face().ifPresent(face -> claims.put(FACE, NODES.textNode(base64url(face))));
    ArrayNode guardians = NODES.arrayNode();
    card.guardians().forEach(g -> guardians.add(guardian(g)));
    claims.put(GUARDIANS, guardians);
    claims.put(STATUS_INDEX, NODES.numberNode(card.statusIndex()));
    claims.put(DOCUMENT_SALT, NODES.textNode(base64url(card.salt())));
    TreeSet<String> digests = new TreeSet<>();
    for (Map.Entry<String, JsonNode> claim : claims.entrySet()) {
      String disclosure = disclosure(random, claim.getKey(), claim.getValue());
      disclosures.add(disclosure);
      digests.add(digest(disclosure));
    }
    ObjectNode payload = NODES.objectNode();
    payload.put("iss", card.issuer().value());
    payload.put("iat", card.issuedAt().getEpochSecond());
    payload.put("exp", card.expiresAt().getEpochSecond());
    payload.put("vct", VCT);
    ArrayNode sd = payload.putArray(SD);
    digests.forEach(sd::add);
    payload.put(SD_ALG, SHA_256);
    return sign(payload, issuerKey) + "~" + String.join("~", disclosures) + "~";
  }

  private static ObjectNode guardian(CardGuardian guardian) {
    ObjectNode node = NODES.objectNode();
    node.put("relationship", guardian.relationship().name());
    node.put("names", guardian.names());
    guardian.document().ifPresent(d -> node.put("document_digest", d.toHex()));
    node.put("may_consent_to_travel", guardian.mayConsentToTravel());
    return node;
  }

  /** The compact JWS of {@code payload}, signed with {@code key}. */
  static String sign(ObjectNode payload, Ed25519PrivateKey key) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.EdDSA)
            .type(new JOSEObjectType(TYPE))
            .keyID(base64url(CoseSign1.keyId(key.publicKey())))
            .build();
    try {
      JWSObject jws = new JWSObject(header, new Payload(JSON.writeValueAsString(payload)));
      jws.sign(new Ed25519Signer(key));
      return jws.serialize();
    } catch (JsonProcessingException | JOSEException e) {
      throw new IllegalStateException("Failed to sign an SD-JWT in memory", e);
    }
  }

  /** RFC 9901 section 4.2.1: base64url of the JSON array {@code [salt, name, value]}. */
  private static String disclosure(SecureRandom random, String name, JsonNode value) {
    byte[] salt = new byte[DISCLOSURE_SALT_BYTES];
    random.nextBytes(salt);
    ArrayNode array = NODES.arrayNode().add(Base64URL.encode(salt).toString()).add(name).add(value);
    try {
      return Base64URL.encode(JSON.writeValueAsBytes(array)).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to write a Disclosure in memory", e);
    }
  }

  /**
   * RFC 9901 section 4.2.3: base64url of the SHA-256 of the Disclosure's base64url text, not of the
   * JSON it encodes.
   */
  static String digest(String disclosure) {
    return base64url(Hash.sha256(disclosure.getBytes(StandardCharsets.US_ASCII)).toBytes());
  }

  private static String base64url(Bytes bytes) {
    return Base64URL.encode(bytes.toArray()).toString();
  }

  /**
   * What the holder shows a verifier: the issuer-signed JWT with only the Disclosures of the claims
   * named.
   *
   * @throws IllegalArgumentException if {@code sdJwt} is not an SD-JWT without key binding
   */
  public static String present(String sdJwt, Set<String> claimNames) {
    String[] parts = split(sdJwt);
    StringBuilder out = new StringBuilder(parts[0]).append('~');
    for (int i = 1; i < parts.length; i++) {
      if (claimNames.contains(decodeDisclosure(parts[i]).get(1).asText())) {
        out.append(parts[i]).append('~');
      }
    }
    return out.toString();
  }

  /**
   * Verifies an SD-JWT card and returns what it discloses, following RFC 9901 section 7: the JWS
   * signature by a trusted key, then every Disclosure's digest, each listed once in {@code _sd}.
   * Never throws on bad input; problems are as for the QR card, and no detail holds a claim's
   * value.
   */
  public static CredentialRead<DisclosedCard> read(String sdJwt, TrustList trust, Instant now) {
    Objects.requireNonNull(sdJwt, "sdJwt");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(now, "now");
    if (sdJwt.length() > MAX_LENGTH) {
      return invalid(CredentialProblem.TOO_LARGE, "The SD-JWT is longer than any card.");
    }
    String[] parts;
    JWSObject jws;
    JsonNode payload;
    try {
      parts = split(sdJwt);
      jws = JWSObject.parse(parts[0]);
      payload = JSON.readTree(jws.getPayload().toBytes());
    } catch (IllegalArgumentException | ParseException | IOException e) {
      return invalid(CredentialProblem.MALFORMED, "The SD-JWT does not parse.");
    }
    JWSHeader header = jws.getHeader();
    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())
        || header.getType() == null
        || !TYPE.equals(header.getType().getType())
        || header.getKeyID() == null) {
      return invalid(
          CredentialProblem.MALFORMED, "The SD-JWT header is not EdDSA, dc+sd-jwt with a kid.");
    }
    if (!payload.path("iss").isTextual()
        || !payload.path("iat").canConvertToLong()
        || !payload.path("exp").canConvertToLong()
        || !SHA_256.equals(payload.path(SD_ALG).asText())
        || !payload.path(SD).isArray()) {
      return invalid(
          CredentialProblem.MALFORMED, "The SD-JWT lacks iss, iat, exp, _sd or _sd_alg sha-256.");
    }
    Instant issuedAt;
    Instant expiresAt;
    try {
      issuedAt = Instant.ofEpochSecond(payload.get("iat").asLong());
      expiresAt = Instant.ofEpochSecond(payload.get("exp").asLong());
    } catch (DateTimeException e) {
      return invalid(CredentialProblem.MALFORMED, "The SD-JWT's times are out of range.");
    }
    // The JWS signing input is what the issuer signed. The ledger records the QR card's hash,
    // not this one's, so under a key reported compromised an SD-JWT is never vouched for.
    Optional<TrustList.Issuer> issuer =
        trust.issuer(
            Bytes.of(new Base64URL(header.getKeyID()).decode()),
            issuedAt,
            Hash.sha256(jws.getSigningInput()));
    if (issuer.isEmpty()) {
      return invalid(
          CredentialProblem.UNKNOWN_ISSUER,
          "The signing key is not on the trust list, was not valid on the issue date, or was"
              + " reported compromised.");
    }
    if (!verify(jws, issuer.get().key())) {
      return invalid(
          CredentialProblem.BAD_SIGNATURE,
          "The signature does not match: the SD-JWT was altered or forged.");
    }
    if (!issuer.get().org().value().equals(payload.get("iss").asText())) {
      return invalid(
          CredentialProblem.UNKNOWN_ISSUER,
          "The SD-JWT names an issuer other than the organisation whose key signed it.");
    }
    if (!VCT.equals(payload.path("vct").asText())) {
      return invalid(CredentialProblem.WRONG_TYPE, "The SD-JWT is not a Haven child's ID card.");
    }
    if (expiresAt.isAfter(CardClaims.latestExpiry(issuedAt))) {
      return invalid(
          CredentialProblem.LIFETIME_OVER_POLICY,
          "The card claims a validity longer than a card may have.");
    }
    if (!expiresAt.isAfter(now)) {
      return invalid(CredentialProblem.EXPIRED, "The card has expired.");
    }
    return disclose(parts, payload, issuer.get().org(), issuedAt, expiresAt);
  }

  private static CredentialRead<DisclosedCard> disclose(
      String[] parts, JsonNode payload, OrgId issuer, Instant issuedAt, Instant expiresAt) {
    Set<String> signedDigests = new HashSet<>();
    for (JsonNode digest : payload.get(SD)) {
      if (!digest.isTextual() || !signedDigests.add(digest.asText())) {
        return invalid(CredentialProblem.MALFORMED, "The SD-JWT lists a digest twice.");
      }
    }
    Map<String, JsonNode> claims = new HashMap<>();
    Set<String> used = new HashSet<>();
    for (int i = 1; i < parts.length; i++) {
      String digest = digest(parts[i]);
      if (!signedDigests.contains(digest)) {
        return invalid(
            CredentialProblem.BAD_SIGNATURE,
            "Disclosure " + i + " is not among those the issuer signed: it was altered or added.");
      }
      if (!used.add(digest)) {
        return invalid(CredentialProblem.MALFORMED, "Disclosure " + i + " is shown twice.");
      }
      ArrayNode disclosure;
      try {
        disclosure = decodeDisclosure(parts[i]);
      } catch (IllegalArgumentException e) {
        return invalid(CredentialProblem.MALFORMED, "Disclosure " + i + " does not parse.");
      }
      String name = disclosure.get(1).asText();
      if (CLEAR_CLAIMS.contains(name) || "...".equals(name) || claims.containsKey(name)) {
        return invalid(
            CredentialProblem.MALFORMED, "Disclosure " + i + " names a claim it may not.");
      }
      claims.put(name, disclosure.get(2));
    }
    return new CredentialRead.Valid<>(new DisclosedCard(issuer, issuedAt, expiresAt, claims));
  }

  /** The JWT and the Disclosures; the text must end with {@code ~}, as no key binding is used. */
  private static String[] split(String sdJwt) {
    if (!sdJwt.endsWith("~")) {
      throw new IllegalArgumentException("an SD-JWT without key binding ends with ~");
    }
    String[] parts = sdJwt.substring(0, sdJwt.length() - 1).split("~", -1);
    for (String part : parts) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("an SD-JWT has no empty parts");
      }
    }
    return parts;
  }

  /** A Disclosure for an object property: a JSON array of a string salt, a string name, a value. */
  private static ArrayNode decodeDisclosure(String disclosure) {
    JsonNode node;
    try {
      node = JSON.readTree(new Base64URL(disclosure).decode());
    } catch (IOException e) {
      throw new IllegalArgumentException("a Disclosure is base64url of JSON", e);
    }
    if (!(node instanceof ArrayNode array)
        || array.size() != 3
        || !array.get(0).isTextual()
        || !array.get(1).isTextual()) {
      throw new IllegalArgumentException("a Disclosure is [salt, name, value]");
    }
    return array;
  }

  private static boolean verify(JWSObject jws, Ed25519PublicKey key) {
    try {
      return jws.verify(new Ed25519Verifier(key));
    } catch (JOSEException e) {
      return false;
    }
  }

  private static CredentialRead<DisclosedCard> invalid(CredentialProblem problem, String detail) {
    return new CredentialRead.Invalid<>(problem, detail);
  }

  /** Nimbus's signer interface over Haven's Ed25519 key, for EdDSA only. */
  private static final class Ed25519Signer implements JWSSigner {
    private final Ed25519PrivateKey key;
    private final JCAContext context = new JCAContext();

    Ed25519Signer(Ed25519PrivateKey key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) {
      return Base64URL.encode(key.sign(signingInput).bytes().toArray());
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return context;
    }
  }

  /** Nimbus's verifier interface over Haven's Ed25519 key, for EdDSA only. */
  private static final class Ed25519Verifier implements JWSVerifier {
    private final Ed25519PublicKey key;
    private final JCAContext context = new JCAContext();

    Ed25519Verifier(Ed25519PublicKey key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
      byte[] bytes = signature.decode();
      return bytes.length == Signature.SIZE
          && key.verify(signingInput, Signature.create(Bytes.of(bytes)));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
      return context;
    }
  }
}
