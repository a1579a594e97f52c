package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.node.auth.CredentialFixture.PASSWORD;
import static org.haven.node.auth.CredentialFixture.aCredential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OfficerCredential CREDENTIAL = aCredential().build();
  private static final String REMEDY = "Restore the credential file from a backup";

  @Test
  void fromJson_ofToJson_givesTheSameCredential_whichStillUnlocks() {
    OfficerCredential decoded = OfficerCredential.fromJson(CREDENTIAL.toJson());

    assertThat(decoded).isEqualTo(CREDENTIAL);
    assertThat(decoded.unlock(PASSWORD.toCharArray())).isPresent();
  }

  @Test
  void toJson_writesTheDocumentedFields() throws Exception {
    JsonNode json = JSON.readTree(CREDENTIAL.toJson());

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "version",
            "officer",
            "argon2",
            "salt",
            "verifier",
            "nonce",
            "encryptedKey",
            "publicKey");
    assertThat(json.get("version").intValue()).isEqualTo(1);
    assertThat(json.get("officer").textValue()).isEqualTo("ke.registrar.otieno");
    assertThat(json.get("argon2").toString())
        .isEqualTo("{\"memoryKiB\":256,\"iterations\":1,\"parallelism\":1}");
    assertThat(Bytes.fromBase64(json.get("salt").textValue())).isEqualTo(CREDENTIAL.salt());
    assertThat(Bytes.fromBase64(json.get("verifier").textValue())).isEqualTo(CREDENTIAL.verifier());
    assertThat(Bytes.fromBase64(json.get("nonce").textValue())).isEqualTo(CREDENTIAL.nonce());
    assertThat(Bytes.fromBase64(json.get("encryptedKey").textValue()))
        .isEqualTo(CREDENTIAL.encryptedKey());
    assertThat(json.get("publicKey").textValue()).isEqualTo(CREDENTIAL.publicKey().toBase64());
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "   ", "null", "[]", "\"credential\"", "42"})
  void fromJson_ofSomethingOtherThanAnObject_saysItMustBeOne(String text) {
    assertThatThrownBy(() -> OfficerCredential.fromJson(text))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("The credential must be a JSON object")
        .hasMessageContaining(REMEDY);
  }

  static Stream<Arguments> notJson() {
    String json = CREDENTIAL.toJson();
    return Stream.of(
        Arguments.of("prose", "this is not JSON"),
        Arguments.of("truncated", json.substring(0, json.length() / 2)),
        Arguments.of("without its closing brace", json.substring(0, json.lastIndexOf('}'))),
        Arguments.of("followed by more", json + "{}"),
        Arguments.of("with a field twice", json.replaceFirst("\\{", "{\"version\": 1,")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notJson")
  void fromJson_ofMalformedJson_saysWhereItBreaks(String name, String text) {
    assertThatThrownBy(() -> OfficerCredential.fromJson(text))
        .isInstanceOf(CredentialException.class)
        .hasMessageStartingWith("The credential is not well-formed JSON")
        .hasMessageContaining("line ")
        .hasMessageContaining(REMEDY);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "version",
        "officer",
        "argon2",
        "salt",
        "verifier",
        "nonce",
        "encryptedKey",
        "publicKey"
      })
  void fromJson_withoutAField_namesIt(String field) {
    assertRejected(json -> json.remove(field), "Credential field '" + field + "' is missing");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memoryKiB", "iterations", "parallelism"})
  void fromJson_withoutAnArgon2Field_namesIt(String field) {
    assertRejected(
        json -> ((ObjectNode) json.get("argon2")).remove(field),
        "Credential field 'argon2." + field + "' is missing");
  }

  static Stream<Arguments> badFields() {
    Bytes seventeen = Bytes.of(new byte[17]);
    return Stream.of(
        wrong(
            "an unknown field",
            json -> json.put("comment", "hello"),
            "Credential field 'comment' is not a field of a version 1 credential"),
        wrong(
            "an unknown argon2 field",
            json -> ((ObjectNode) json.get("argon2")).put("type", "argon2i"),
            "Credential field 'argon2.type' is not a field of a version 1 credential"),
        wrong(
            "the version as a string",
            json -> json.put("version", "1"),
            "Credential field 'version' must be a whole number, got a JSON string"),
        wrong(
            "officer as a number",
            json -> json.put("officer", 7),
            "Credential field 'officer' must be a string, got 7"),
        wrong(
            "an invalid officer id",
            json -> json.put("officer", "Ke Registrar"),
            "Credential field 'officer' is invalid: officer id must be"),
        wrong(
            "argon2 as a string",
            json -> json.put("argon2", "m=256,t=1,p=1"),
            "Credential field 'argon2' must be a JSON object"),
        wrong(
            "a fractional memory",
            json -> ((ObjectNode) json.get("argon2")).put("memoryKiB", 256.5),
            "Credential field 'argon2.memoryKiB' must be a whole number, got 256.5"),
        wrong(
            "a memory beyond int",
            json -> ((ObjectNode) json.get("argon2")).put("memoryKiB", 1L << 40),
            "Credential field 'argon2.memoryKiB' must be a whole number, got 1099511627776"),
        wrong(
            "too little memory",
            json -> ((ObjectNode) json.get("argon2")).put("memoryKiB", 4),
            "Credential field 'argon2' is out of range: Argon2 memory must be 8 to"),
        wrong(
            "no iterations",
            json -> ((ObjectNode) json.get("argon2")).put("iterations", 0),
            "Credential field 'argon2' is out of range: Argon2 iterations must be 1 to 64"),
        wrong(
            "a null salt",
            json -> json.putNull("salt"),
            "Credential field 'salt' must be a string, got a JSON null"),
        wrong(
            "a salt that is not base64",
            json -> json.put("salt", "not base64!"),
            "Credential field 'salt' is invalid: Illegal base64 character"),
        wrong(
            "a short salt",
            json -> json.put("salt", Bytes.of(new byte[15]).toBase64()),
            "Credential field 'salt' must be the base64 of 16 bytes, got 15 bytes"),
        wrong(
            "a long verifier",
            json -> json.put("verifier", Bytes.of(new byte[33]).toBase64()),
            "Credential field 'verifier' must be the base64 of 32 bytes, got 33 bytes"),
        wrong(
            "a long nonce",
            json -> json.put("nonce", Bytes.of(new byte[16]).toBase64()),
            "Credential field 'nonce' must be the base64 of 12 bytes, got 16 bytes"),
        wrong(
            "a truncated encrypted key",
            json -> json.put("encryptedKey", CREDENTIAL.encryptedKey().slice(0, 32).toBase64()),
            "Credential field 'encryptedKey' must be the base64 of 48 bytes, got 32 bytes"),
        wrong(
            "a short public key",
            json -> json.put("publicKey", seventeen.toBase64()),
            "Credential field 'publicKey' is invalid: an Ed25519 public key is 32 bytes"),
        wrong(
            "a public key of small order",
            json -> json.put("publicKey", Bytes.of(new byte[32]).toBase64()),
            "Credential field 'publicKey' is invalid: not an Ed25519 public key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFields")
  void fromJson_withABadField_namesItAndWhatToDo(
      String name, Consumer<ObjectNode> change, String message) {
    assertRejected(change, message);
  }

  @Test
  void fromJson_ofAnotherVersion_namesItAndWhatToDo() {
    assertThatThrownBy(() -> OfficerCredential.fromJson(changed(json -> json.put("version", 2))))
        .isInstanceOf(CredentialException.class)
        .hasMessage(
            "Credential field 'version' is 2, but this node reads version 1 only. Open it with the"
                + " Haven release that wrote it, or set the officer's password again to write a"
                + " version 1 file.");
  }

  private static Arguments wrong(String name, Consumer<ObjectNode> change, String message) {
    return Arguments.of(name, change, message);
  }

  private static void assertRejected(Consumer<ObjectNode> change, String message) {
    assertThatThrownBy(() -> OfficerCredential.fromJson(changed(change)))
        .isInstanceOf(CredentialException.class)
        .hasMessageStartingWith(message)
        .hasMessageEndingWith(
            "Restore the credential file from a backup, or set the officer's password again to"
                + " write a new one.");
  }

  private static String changed(Consumer<ObjectNode> change) {
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(CREDENTIAL.toJson());
      change.accept(json);
      return JSON.writeValueAsString(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
