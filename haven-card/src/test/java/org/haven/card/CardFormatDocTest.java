package org.haven.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.card.codec.Base45;
import org.haven.card.codec.Zlib;
import org.haven.card.cose.CoseSign1;
import org.haven.card.cwt.CwtWriter;
import org.haven.card.testing.CborDiagnostic;
import org.haven.card.testing.TestTrust;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;
import org.junit.jupiter.api.Test;

/**
 * docs/card-format.md shows a worked example. Its CBOR, COSE and key bytes must be exactly what
 * this code writes for the example's claims and key, and its HV1 text must read back as those
 * claims, so that the document and the code cannot drift apart. The HV1 text itself is not compared
 * byte for byte, since another zlib build may compress the same bytes differently.
 */
class CardFormatDocTest {
  static final Bytes SEED =
      Bytes.fromHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(SEED);
  static final Bytes SALT = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");

  static CardClaims example() {
    return new CardClaims(
        new OrgId("ke-civil-registry"),
        Instant.parse("2025-03-01T08:30:00Z"),
        Instant.parse("2030-03-01T08:30:00Z"),
        ChildNumber.fromCanonical("89374184939"),
        "Amani Wanjiru",
        "Otieno",
        LocalDate.of(2019, 3, 14),
        Sex.FEMALE,
        Optional.empty(),
        List.of(
            new CardGuardian(
                Relationship.MOTHER,
                "Grace Akinyi Otieno",
                Optional.of(DocumentDigest.of(SALT, "PASSPORT", "AK0412345", "KE")),
                true),
            new CardGuardian(
                Relationship.FATHER,
                "Joseph Ochieng Otieno",
                Optional.of(DocumentDigest.of(SALT, "NATIONAL_ID", "23456789", "KE")),
                true)),
        1_234_567,
        SALT);
  }

  static byte[] exampleCose() {
    return CoseSign1.sign(CwtWriter.card(example()), KEY);
  }

  private static String read() {
    Path testdata = Path.of(System.getProperty("haven.testdata", "../testdata"));
    try {
      return Files.readString(testdata.resolveSibling("docs").resolve("card-format.md"));
    } catch (IOException e) {
      throw new IllegalStateException("Failed to read docs/card-format.md", e);
    }
  }

  /** The fenced block after {@code <!-- example: name -->}. */
  private static String block(String name) {
    Matcher m =
        Pattern.compile("<!-- example: " + name + " -->\\s*```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(read());
    assertThat(m.find()).as("docs/card-format.md has the example block %s", name).isTrue();
    return m.group(1);
  }

  private static String hex(String name) {
    return block(name).replaceAll("\\s+", "");
  }

  @Test
  void theExampleKeyIsTheDocumentedOne() {
    assertThat(hex("seed")).isEqualTo(SEED.toHex());
    assertThat(hex("public-key")).isEqualTo(KEY.publicKey().bytes().toHex());
    assertThat(hex("kid")).isEqualTo(CoseSign1.keyId(KEY.publicKey()).toHex());
  }

  @Test
  void theExampleClaimsAreWhatTheCodeWrites() {
    assertThat(block("cwt")).isEqualTo(CborDiagnostic.of(CwtWriter.card(example())));
  }

  @Test
  void theExampleMessageIsWhatTheCodeSigns() {
    byte[] cose = exampleCose();

    assertThat(block("cose")).isEqualTo(CborDiagnostic.of(cose));
    assertThat(hex("cose-hex")).isEqualTo(Bytes.of(cose).toHex());
  }

  @Test
  void theExampleQrTextReadsAsTheExampleCard() {
    String text = block("hv1");
    TrustList trust = TestTrust.empty().trust(new OrgId("ke-civil-registry"), KEY.publicKey());

    CredentialRead<CardClaims> read =
        CredentialCodec.readCard(text, trust, Instant.parse("2026-01-01T00:00:00Z"));

    assertThat(read).isEqualTo(new CredentialRead.Valid<>(example()));
    assertThat(Zlib.inflate(Base45.decode(text, 4, text.length()), 65536)).isEqualTo(exampleCose());
  }

  /** The digest rule as the document states it, computed here without DocumentDigest. */
  @Test
  void theDocumentDigestIsTheDocumentedHash() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("haven/credential-document/v1\n".getBytes(StandardCharsets.US_ASCII));
    sha256.update(SALT.toArray());
    sha256.update("PASSPORT\nAK0412345\nKE".getBytes(StandardCharsets.UTF_8));

    Hash documented = Hash.of(sha256.digest());

    assertThat(DocumentDigest.of(SALT, "PASSPORT", "ak 041-2345", "KE")).isEqualTo(documented);
    assertThat(hex("digest")).isEqualTo(documented.toHex());
  }
}
