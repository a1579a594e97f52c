package org.haven.card.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Set;
import org.haven.card.CardClaims;
import org.haven.card.CredentialProblem;
import org.haven.card.CredentialRead;
import org.haven.card.TrustList;
import org.haven.card.cose.CoseSign1;
import org.haven.card.testing.TestCards;
import org.haven.card.testing.TestTrust;
import org.haven.core.identity.OrgId;
import org.junit.jupiter.api.Test;

class SdJwtCardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CardClaims CARD = TestCards.aCard().build();
  private static final String SD_JWT =
      SdJwtCard.issue(CARD, TestCards.ISSUER_KEY, new SecureRandom());
  private static final TrustList TRUST = TestTrust.standard();

  private static CredentialRead<DisclosedCard> read(String sdJwt) {
    return SdJwtCard.read(sdJwt, TRUST, TestCards.NOW);
  }

  private static DisclosedCard valid(CredentialRead<DisclosedCard> read) {
    assertThat(read).isInstanceOf(CredentialRead.Valid.class);
    return ((CredentialRead.Valid<DisclosedCard>) read).claims();
  }

  private static CredentialProblem problem(CredentialRead<DisclosedCard> read) {
    assertThat(read).isInstanceOf(CredentialRead.Invalid.class);
    return ((CredentialRead.Invalid<DisclosedCard>) read).problem();
  }

  private static JsonNode part(String jwt, int index) throws IOException {
    return JSON.readTree(new Base64URL(jwt.split("\\.")[index]).decode());
  }

  /**
   * RFC 9901 section 4.2.3: the digest of the Disclosure of family_name "Möbius" is taken over its
   * base64url text. Vector from the RFC, quoted alike by several SD-JWT libraries' tests.
   */
  @Test
  void digestMatchesTheRfc9901Example() {
    String disclosure = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0";

    assertThat(SdJwtCard.digest(disclosure))
        .isEqualTo("X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
    assertThat(new String(new Base64URL(disclosure).decode(), StandardCharsets.UTF_8))
        .isEqualTo("[\"_26bc4LT-ac6q2KI6cBW5es\", \"family_name\", \"Möbius\"]");
  }

  @Test
  void signsOnlyDigestsAndNoPersonalData() throws IOException {
    String jwt = SD_JWT.substring(0, SD_JWT.indexOf('~'));
    JsonNode header = part(jwt, 0);
    JsonNode payload = part(jwt, 1);

    assertThat(header.get("alg").asText()).isEqualTo("EdDSA");
    assertThat(header.get("typ").asText()).isEqualTo("dc+sd-jwt");
    assertThat(new Base64URL(header.get("kid").asText()).decode())
        .isEqualTo(CoseSign1.keyId(TestCards.ISSUER_KEY.publicKey()).toArray());
    assertThat(payload.get("iss").asText()).isEqualTo("ke-civil-registry");
    assertThat(payload.get("vct").asText()).isEqualTo(SdJwtCard.VCT);
    assertThat(payload.get("_sd_alg").asText()).isEqualTo("sha-256");
    assertThat(payload.get("_sd")).hasSize(9);
    assertThat(payload.toString()).doesNotContain("Amani").doesNotContain(CARD.child().toString());
  }

  @Test
  void disclosesEveryClaimOfTheCard() {
    DisclosedCard card = valid(read(SD_JWT));

    assertThat(card.issuer()).isEqualTo(CARD.issuer());
    assertThat(card.issuedAt()).isEqualTo(CARD.issuedAt());
    assertThat(card.expiresAt()).isEqualTo(CARD.expiresAt());
    assertThat(card.names())
        .containsExactlyInAnyOrder(
            "child_number",
            "given_name",
            "family_name",
            "birthdate",
            "sex",
            "face",
            "guardians",
            "status_index",
            "document_salt");
    assertThat(card.claim("child_number").orElseThrow().asText()).isEqualTo("89374184939");
    assertThat(card.claim("given_name").orElseThrow().asText()).isEqualTo("Amani Wanjiru");
    assertThat(card.claim("birthdate").orElseThrow().asText()).isEqualTo("2019-03-14");
    assertThat(card.claim("sex").orElseThrow().asInt()).isEqualTo(2);
    assertThat(new Base64URL(card.claim("face").orElseThrow().asText()).decode())
        .isEqualTo(CARD.face().orElseThrow().toArray());
    JsonNode mother = card.claim("guardians").orElseThrow().get(0);
    assertThat(mother.get("relationship").asText()).isEqualTo("MOTHER");
    assertThat(mother.get("document_digest").asText())
        .isEqualTo(CARD.guardians().get(0).document().orElseThrow().toHex());
    assertThat(mother.get("may_consent_to_travel").asBoolean()).isTrue();
  }

  @Test
  void aHolderShowsOnlyTheClaimsTheyChoose() {
    String presentation = SdJwtCard.present(SD_JWT, Set.of("given_name", "birthdate"));

    DisclosedCard card = valid(read(presentation));

    assertThat(card.names()).containsExactlyInAnyOrder("given_name", "birthdate");
    assertThat(card.claim("family_name")).isEmpty();
    assertThat(presentation.split("~")).hasSize(3);
  }

  @Test
  void anAlteredDisclosureIsABadSignature() {
    String[] parts = SD_JWT.split("~");
    String given = SdJwtCard.present(SD_JWT, Set.of("given_name"));
    String disclosure = given.split("~")[1];
    String json = new String(new Base64URL(disclosure).decode(), StandardCharsets.UTF_8);
    String forged = Base64URL.encode(json.replace("Amani", "Imani")).toString();

    CredentialRead<DisclosedCard> read = read(parts[0] + "~" + forged + "~");

    assertThat(problem(read)).isEqualTo(CredentialProblem.BAD_SIGNATURE);
    assertThat(((CredentialRead.Invalid<DisclosedCard>) read).detail()).doesNotContain("mani");
  }

  @Test
  void aDisclosureShownTwiceIsMalformed() {
    String given = SdJwtCard.present(SD_JWT, Set.of("given_name"));
    String disclosure = given.split("~")[1];

    assertThat(problem(read(given + disclosure + "~"))).isEqualTo(CredentialProblem.MALFORMED);
  }

  @Test
  void anAlteredPayloadIsABadSignature() throws IOException {
    String[] jwt = SD_JWT.substring(0, SD_JWT.indexOf('~')).split("\\.");
    ObjectNode payload = (ObjectNode) part(jwt[0] + "." + jwt[1], 1);
    payload.put("exp", payload.get("exp").asLong() + 86_400 * 365);
    String altered =
        jwt[0] + "." + Base64URL.encode(JSON.writeValueAsBytes(payload)) + "." + jwt[2];

    assertThat(problem(read(altered + "~"))).isEqualTo(CredentialProblem.BAD_SIGNATURE);
  }

  @Test
  void refusesDisclosuresThatWouldOverwriteSignedClaims() {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("iss", "ke-civil-registry");
    payload.put("iat", TestCards.ISSUED.getEpochSecond());
    payload.put("exp", TestCards.EXPIRES.getEpochSecond());
    payload.put("vct", SdJwtCard.VCT);
    String disclosure = Base64URL.encode("[\"c2FsdA\", \"iss\", \"another-registry\"]").toString();
    payload.putArray("_sd").add(SdJwtCard.digest(disclosure));
    payload.put("_sd_alg", "sha-256");

    String sdJwt = SdJwtCard.sign(payload, TestCards.ISSUER_KEY) + "~" + disclosure + "~";

    assertThat(problem(read(sdJwt))).isEqualTo(CredentialProblem.MALFORMED);
  }

  @Test
  void checksIssuerTypeAndExpiry() {
    assertThat(problem(SdJwtCard.read(SD_JWT, TestTrust.empty(), TestCards.NOW)))
        .isEqualTo(CredentialProblem.UNKNOWN_ISSUER);
    assertThat(problem(SdJwtCard.read(SD_JWT, TRUST, TestCards.EXPIRES)))
        .isEqualTo(CredentialProblem.EXPIRED);
    assertThat(SdJwtCard.read(SD_JWT, TRUST, TestCards.EXPIRES.minusSeconds(1)))
        .isInstanceOf(CredentialRead.Valid.class);
    TrustList otherOwner =
        TestTrust.empty().trust(new OrgId("ug-registry"), TestCards.ISSUER_KEY.publicKey());
    assertThat(problem(SdJwtCard.read(SD_JWT, otherOwner, TestCards.NOW)))
        .isEqualTo(CredentialProblem.UNKNOWN_ISSUER);
  }

  @Test
  void refusesTextThatIsNotAnSdJwt() {
    assertThat(problem(read("HV1:BB8"))).isEqualTo(CredentialProblem.MALFORMED);
    assertThat(problem(read("a.b.c~"))).isEqualTo(CredentialProblem.MALFORMED);
    assertThat(problem(read(SD_JWT.substring(0, SD_JWT.length() - 1))))
        .isEqualTo(CredentialProblem.MALFORMED);
    assertThat(problem(read("~".repeat(SdJwtCard.MAX_LENGTH + 1))))
        .isEqualTo(CredentialProblem.TOO_LARGE);
  }

  @Test
  void eachIssueUsesFreshSalts() {
    String again = SdJwtCard.issue(CARD, TestCards.ISSUER_KEY, new SecureRandom());

    assertThat(again.split("~")[1]).isNotEqualTo(SD_JWT.split("~")[1]);
    assertThat(valid(read(again)).claim("given_name"))
        .isEqualTo(valid(read(SD_JWT)).claim("given_name"));
  }
}
