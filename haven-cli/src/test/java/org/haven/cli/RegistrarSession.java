package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;

/**
 * A registrar logged in to a node over its HTTP API, declaring, erasing and reading children as the
 * web app does, for tests of what survives a backup, a restore or a key rotation.
 */
final class RegistrarSession {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeHttp http;
  private final String token;

  RegistrarSession(NodeHttp http, String officer, String password) throws Exception {
    this.http = http;
    this.token = http.login(officer, password);
  }

  /** Declares a child with these given names; returns its child number (canonical digits). */
  String declare(String givenNames) throws Exception {
    JsonNode body =
        JSON.readTree(
            "{\"evidence\": \"BIRTH_NOTIFICATION\", \"child\": {\"givenNames\": \""
                + givenNames
                + "\", \"familyNames\": \"Wanjiru\", \"dateOfBirth\": \"2022-08-14\","
                + " \"sex\": \"FEMALE\"}}");
    HttpResponse<String> declared = http.post("/children", token, body);
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    return NodeHttp.json(declared).get("childNumber").asText();
  }

  /** Erases the child; asserts the node acknowledged it. */
  void erase(String child) throws Exception {
    HttpResponse<String> erased =
        http.post(
            "/children/" + child + "/erasure",
            token,
            JSON.createObjectNode().put("reason", "guardian's request under the data law"));
    assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
  }

  /** The node's answer to {@code GET /children/{child}}: the ledger's record. */
  HttpResponse<String> record(String child) throws Exception {
    return http.get("/children/" + child, token);
  }

  /** The node's answer to a read of the child's personal data. */
  HttpResponse<String> read(String child) throws Exception {
    return http.get("/children/" + child + "/personal-data?purpose=backup%20drill", token);
  }

  /** The given names the node reads back, asserting the read succeeded and found data. */
  String givenNames(String child) throws Exception {
    HttpResponse<String> read = read(child);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonNode answer = NodeHttp.json(read);
    assertThat(answer.get("erased").asBoolean()).as(read.body()).isFalse();
    return answer.get("child").get("givenNames").asText();
  }

  /** Asserts the node reads the child as erased: its data gone. */
  void assertErased(String child) throws Exception {
    HttpResponse<String> read = read(child);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(NodeHttp.json(read).get("erased").asBoolean()).as(read.body()).isTrue();
  }
}
