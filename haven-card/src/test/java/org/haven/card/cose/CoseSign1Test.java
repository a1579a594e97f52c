package org.haven.card.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.haven.card.codec.MalformedCborException;
import org.haven.card.testing.CborDiagnostic;
import org.haven.card.testing.RawCbor;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.junit.jupiter.api.Test;

class CoseSign1Test {
  private static final Ed25519PrivateKey KEY = key(1);
  private static final byte[] PAYLOAD = "a CWT would go here".getBytes(StandardCharsets.UTF_8);

  /**
   * cose-wg/Examples, eddsa-examples/eddsa-sig-01.json ("EdDSA-01: EdDSA - 25519 - sign0"), a
   * COSE_Sign1 over "This is the content." with protected {1: -8, 3: 0} and kid "11". The file is
   * not in our reference index; these bytes are as quoted, identically, by the test suites of
   * python-cwt (test_cose_sample_cose_wg_examples_eddsa_sig_01), the serde_cose README and the
   * hotplace COSE tests. Its key is RFC 8032 section 7.1 TEST 1.
   */
  private static final byte[] COSE_WG_EDDSA_SIG_01 =
      Bytes.fromHex(
              "D28445A201270300A10442313154546869732069732074686520636F6E74656E742E5840"
                  + "7142FD2FF96D56DB85BEE905A76BA1D0B7321A95C8C4D3607C5781932B7AFB87"
                  + "11497DFA751BF40B58B3BCC32300B1487F3DB34085EEF013BF08F4A44D6FEF0D")
          .toArray();

  private static final Bytes RFC8032_TEST1_SEED =
      Bytes.fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final Ed25519PublicKey RFC8032_TEST1_KEY =
      Ed25519PublicKey.create(
          Bytes.fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));

  private static Ed25519PrivateKey key(int first) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) first);
    return Ed25519PrivateKey.fromSeed(Bytes.of(seed));
  }

  private static byte[] payload(CoseSign1 message) {
    return message.readPayload(
        (data, offset, length) -> Arrays.copyOfRange(data, offset, offset + length));
  }

  @Test
  void verifiesWhatItSigned() {
    CoseSign1 message = CoseSign1.decode(CoseSign1.sign(PAYLOAD, KEY));

    assertThat(message.verify(KEY.publicKey())).isTrue();
    assertThat(message.kid()).isEqualTo(CoseSign1.keyId(KEY.publicKey()));
    assertThat(payload(message)).isEqualTo(PAYLOAD);
  }

  @Test
  void doesNotVerifyUnderAnotherKey() {
    CoseSign1 message = CoseSign1.decode(CoseSign1.sign(PAYLOAD, KEY));

    assertThat(message.verify(key(2).publicKey())).isFalse();
  }

  @Test
  void kidIsTheFirstEightBytesOfTheKeysSha256() {
    Bytes kid = CoseSign1.keyId(KEY.publicKey());

    assertThat(kid.size()).isEqualTo(8);
    assertThat(kid).isEqualTo(Bytes.of(Hash.sha256(KEY.publicKey().bytes()).toArray(), 0, 8));
  }

  @Test
  void writesTheDocumentedStructureDeterministically() {
    byte[] message = CoseSign1.sign(PAYLOAD, KEY);
    String kid = CoseSign1.keyId(KEY.publicKey()).toHex();

    // 18([h'a10127', {4: h'<kid>'}, h'<payload>', h'<signature>']), RFC 8949 core deterministic.
    assertThat(CborDiagnostic.of(message))
        .startsWith("18([\n  h'a10127',\n  {4: h'" + kid + "'},\n  h'")
        .matches("(?s).*h'[0-9a-f]{128}'\n\\]\\)");
    assertThat(Bytes.of(message).toHex()).startsWith("d28443a10127a10448" + kid);
  }

  /** Decodes with Jackson's tree model and builds the Sig_structure separately from our code. */
  @Test
  void anIndependentDecoderVerifiesTheSignature() throws IOException {
    byte[] message = CoseSign1.sign(PAYLOAD, KEY);

    JsonNode tree = new CBORMapper().readTree(message);
    byte[] protectedHeader = tree.get(0).binaryValue();
    byte[] kid = tree.get(1).get("4").binaryValue();
    byte[] payload = tree.get(2).binaryValue();
    byte[] signature = tree.get(3).binaryValue();
    JsonNode header = new CBORMapper().readTree(protectedHeader);
    byte[] toBeSigned =
        RawCbor.encode(
            g -> {
              g.writeStartArray(null, 4);
              g.writeString("Signature1");
              g.writeBinary(protectedHeader);
              g.writeBinary(new byte[0]);
              g.writeBinary(payload);
              g.writeEndArray();
            });

    assertThat(header.get("1").intValue()).isEqualTo(-8);
    assertThat(kid).isEqualTo(CoseSign1.keyId(KEY.publicKey()).toArray());
    assertThat(payload).isEqualTo(PAYLOAD);
    assertThat(KEY.publicKey().verify(toBeSigned, Signature.create(Bytes.of(signature)))).isTrue();
    assertThat(CoseSign1.sigStructure(protectedHeader, payload)).isEqualTo(toBeSigned);
  }

  @Test
  void verifiesTheCoseWorkingGroupEd25519Example() {
    CoseSign1 message = CoseSign1.decode(COSE_WG_EDDSA_SIG_01);

    assertThat(message.kid()).isEqualTo(Bytes.of("11".getBytes(StandardCharsets.US_ASCII)));
    assertThat(payload(message))
        .isEqualTo("This is the content.".getBytes(StandardCharsets.US_ASCII));
    assertThat(message.verify(RFC8032_TEST1_KEY)).isTrue();
  }

  /** Ed25519 is deterministic, so our Sig_structure must give the example's signature exactly. */
  @Test
  void reproducesTheCoseWorkingGroupSignatureByteForByte() {
    CoseSign1 message = CoseSign1.decode(COSE_WG_EDDSA_SIG_01);
    byte[] toBeSigned =
        CoseSign1.sigStructure(message.protectedHeader().toArray(), payload(message));

    Signature signature = Ed25519PrivateKey.fromSeed(RFC8032_TEST1_SEED).sign(toBeSigned);

    assertThat(signature).isEqualTo(message.signature());
    assertThat(message.protectedHeader().toHex()).isEqualTo("a201270300");
  }

  @Test
  void aFlippedBitAnywhereFailsOrChangesTheKid() {
    byte[] signed = CoseSign1.sign(PAYLOAD, KEY);
    Bytes kid = CoseSign1.keyId(KEY.publicKey());

    for (int index = 0; index < signed.length; index++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = signed.clone();
        flipped[index] ^= (byte) (1 << bit);
        boolean accepted;
        try {
          CoseSign1 message = CoseSign1.decode(flipped);
          // The kid is unprotected: a changed kid verifies, but names no trusted key.
          accepted = message.verify(KEY.publicKey()) && message.kid().equals(kid);
        } catch (MalformedCborException e) {
          accepted = false;
        }
        assertThat(accepted).as("byte %d bit %d", index, bit).isFalse();
      }
    }
  }

  private static byte[] message(
      int tag, byte[] protectedHeader, byte[] payload, int signatureSize) {
    return RawCbor.encode(
        g -> {
          if (tag >= 0) {
            g.writeTag(tag);
          }
          g.writeStartArray(null, 4);
          g.writeBinary(protectedHeader);
          g.writeStartObject(null, 1);
          g.writeFieldId(4);
          g.writeBinary(new byte[8]);
          g.writeEndObject();
          if (payload == null) {
            g.writeNull();
          } else {
            g.writeBinary(payload);
          }
          g.writeBinary(new byte[signatureSize]);
          g.writeEndArray();
        });
  }

  private static final byte[] EDDSA = Bytes.fromHex("a10127").toArray();

  @Test
  void readsAWellFormedMessageBuiltByHand() {
    assertThat(CoseSign1.decode(message(18, EDDSA, PAYLOAD, 64)).kid())
        .isEqualTo(Bytes.of(new byte[8]));
  }

  @Test
  void refusesAnUntaggedOrWronglyTaggedMessage() {
    assertMalformed(message(-1, EDDSA, PAYLOAD, 64), "tagged 18");
    assertMalformed(message(98, EDDSA, PAYLOAD, 64), "tagged 18");
  }

  @Test
  void refusesAnotherAlgorithm() {
    // {1: -7}: ES256.
    assertMalformed(message(18, Bytes.fromHex("a10126").toArray(), PAYLOAD, 64), "not EdDSA");
    assertMalformed(message(18, new byte[0], PAYLOAD, 64), "expected a map");
    assertMalformed(message(18, Bytes.fromHex("a0").toArray(), PAYLOAD, 64), "not EdDSA");
  }

  @Test
  void refusesCriticalHeaderParameters() {
    // {1: -8, 2: [99]}
    assertMalformed(
        message(18, Bytes.fromHex("a2012702811863").toArray(), PAYLOAD, 64), "critical");
  }

  @Test
  void refusesADetachedPayloadAndAShortSignature() {
    assertMalformed(message(18, EDDSA, null, 64), "payload");
    assertMalformed(message(18, EDDSA, PAYLOAD, 63), "64 bytes");
  }

  @Test
  void refusesBytesAfterTheMessage() {
    byte[] signed = CoseSign1.sign(PAYLOAD, KEY);

    assertMalformed(Arrays.copyOf(signed, signed.length + 1), "bytes follow");
  }

  @Test
  void refusesAMessageWithoutAKid() {
    byte[] noKid =
        RawCbor.encode(
            g -> {
              g.writeTag(18);
              g.writeStartArray(null, 4);
              g.writeBinary(EDDSA);
              g.writeStartObject(null, 0);
              g.writeEndObject();
              g.writeBinary(PAYLOAD);
              g.writeBinary(new byte[64]);
              g.writeEndArray();
            });

    assertMalformed(noKid, "no kid");
  }

  @Test
  void refusesFiveElements() {
    byte[] five =
        RawCbor.encode(
            g -> {
              g.writeTag(18);
              g.writeStartArray(null, 5);
              g.writeBinary(EDDSA);
              g.writeStartObject(null, 1);
              g.writeFieldId(4);
              g.writeBinary(new byte[8]);
              g.writeEndObject();
              g.writeBinary(PAYLOAD);
              g.writeBinary(new byte[64]);
              g.writeBinary(new byte[1]);
              g.writeEndArray();
            });

    assertMalformed(five, "more than four");
  }

  private static void assertMalformed(byte[] message, String reason) {
    MalformedCborException e =
        catchThrowableOfType(MalformedCborException.class, () -> CoseSign1.decode(message));
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(reason);
  }

  @Test
  void refusesGarbage() {
    assertThatExceptionOfType(MalformedCborException.class)
        .isThrownBy(() -> CoseSign1.decode(new byte[] {(byte) 0xff, 0x00}));
    assertThatExceptionOfType(MalformedCborException.class)
        .isThrownBy(() -> CoseSign1.decode(new byte[0]));
  }
}
