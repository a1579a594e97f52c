package org.haven.node.auth;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.OfficerId;

/**
 * The JSON form of an {@link OfficerCredential}, version {@value #VERSION}. Decoding is strict:
 * every field is required, no other field is allowed, and each is checked for type and size, so a
 * damaged file is named at the field that is wrong rather than failing later as a wrong password.
 */
final class CredentialJson {
  static final int VERSION = 1;
  static final String REMEDY =
      "Restore the credential file from a backup, or set the officer's password again to write a"
          + " new one.";

  private static final List<String> FIELDS =
      List.of(
          "version", "officer", "argon2", "salt", "verifier", "nonce", "encryptedKey", "publicKey");
  private static final List<String> ARGON2_FIELDS =
      List.of("memoryKiB", "iterations", "parallelism");

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private CredentialJson() {}

  static String encode(OfficerCredential credential) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("officer", credential.officer().value());
    ObjectNode argon2 = root.putObject("argon2");
    argon2.put("memoryKiB", credential.argon2().memoryKiB());
    argon2.put("iterations", credential.argon2().iterations());
    argon2.put("parallelism", credential.argon2().parallelism());
    root.put("salt", credential.salt().toBase64());
    root.put("verifier", credential.verifier().toBase64());
    root.put("nonce", credential.nonce().toBase64());
    root.put("encryptedKey", credential.encryptedKey().toBase64());
    root.put("publicKey", credential.publicKey().toBase64());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a JSON tree of strings and numbers: " + e, e);
    }
  }

  static OfficerCredential decode(String text) {
    Objects.requireNonNull(text, "text");
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CredentialException(
          "The credential is not well-formed JSON: "
              + e.getOriginalMessage()
              + where(e.getLocation())
              + ". "
              + REMEDY,
          e);
    }
    requireObject(root, "The credential");
    requireExactly(root, "", FIELDS);
    int version = integer(root.get("version"), "version");
    if (version != VERSION) {
      throw new CredentialException(
          "Credential field 'version' is "
              + version
              + ", but this node reads version "
              + VERSION
              + " only. Open it with the Haven release that wrote it, or set the officer's"
              + " password again to write a version "
              + VERSION
              + " file.");
    }
    return new OfficerCredential(
        parsed(root.get("officer"), "officer", OfficerId::new),
        argon2(root.get("argon2")),
        bytes(root.get("salt"), "salt", PasswordHasher.SALT_SIZE),
        bytes(root.get("verifier"), "verifier", PasswordHasher.VERIFIER_SIZE),
        bytes(root.get("nonce"), "nonce", KeySeal.NONCE_SIZE),
        bytes(root.get("encryptedKey"), "encryptedKey", OfficerCredential.ENCRYPTED_KEY_SIZE),
        parsed(root.get("publicKey"), "publicKey", Ed25519PublicKey::fromBase64));
  }

  private static Argon2Params argon2(JsonNode node) {
    requireObject(node, "Credential field 'argon2'");
    requireExactly(node, "argon2.", ARGON2_FIELDS);
    int memoryKiB = integer(node.get("memoryKiB"), "argon2.memoryKiB");
    int iterations = integer(node.get("iterations"), "argon2.iterations");
    int parallelism = integer(node.get("parallelism"), "argon2.parallelism");
    try {
      return new Argon2Params(memoryKiB, iterations, parallelism);
    } catch (IllegalArgumentException e) {
      throw fieldError("argon2", "is out of range: " + e.getMessage());
    }
  }

  private static String where(JsonLocation location) {
    return location == null
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static void requireObject(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new CredentialException(what + " must be a JSON object. " + REMEDY);
    }
  }

  private static void requireExactly(JsonNode node, String prefix, List<String> fields) {
    for (String field : fields) {
      if (!node.has(field)) {
        throw fieldError(prefix + field, "is missing");
      }
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw fieldError(prefix + name, "is not a field of a version " + VERSION + " credential");
      }
    }
  }

  private static int integer(JsonNode node, String field) {
    if (!node.isInt()) {
      throw fieldError(field, "must be a whole number, got " + describe(node));
    }
    return node.intValue();
  }

  private static <T> T parsed(JsonNode node, String field, Function<String, T> parser) {
    if (!node.isTextual()) {
      throw fieldError(field, "must be a string, got " + describe(node));
    }
    try {
      return parser.apply(node.textValue());
    } catch (IllegalArgumentException e) {
      throw fieldError(field, "is invalid: " + e.getMessage());
    }
  }

  private static Bytes bytes(JsonNode node, String field, int size) {
    Bytes bytes = parsed(node, field, Bytes::fromBase64);
    if (bytes.size() != size) {
      throw fieldError(
          field, "must be the base64 of " + size + " bytes, got " + bytes.size() + " bytes");
    }
    return bytes;
  }

  /** Names a value's type, and shows it only if it is a number: strings may be secrets. */
  private static String describe(JsonNode node) {
    return node.isNumber()
        ? node.asText()
        : "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static CredentialException fieldError(String field, String problem) {
    return new CredentialException("Credential field '" + field + "' " + problem + ". " + REMEDY);
  }
}
