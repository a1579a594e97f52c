package org.haven.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.ledger.Genesis;

/** Reads and writes {@code genesis.json}: the human-readable form of a {@link Genesis}. */
public final class GenesisFile {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private GenesisFile() {}

  record MemberJson(
      @JsonProperty(required = true) String id,
      @JsonProperty(required = true) String name,
      @JsonProperty(required = true) String country,
      @JsonProperty(required = true) String nodeKey,
      @JsonProperty(required = true) String issuerKey,
      @JsonInclude(JsonInclude.Include.NON_NULL) String tlsCertificate) {}

  record AdminJson(
      @JsonProperty(required = true) String id,
      @JsonProperty(required = true) String org,
      @JsonProperty(required = true) String jurisdiction,
      @JsonProperty(required = true) String key) {}

  record GenesisJson(
      @JsonProperty(required = true) String origin,
      @JsonProperty(required = true) long createdAtMillis,
      @JsonProperty(required = true) List<MemberJson> members,
      @JsonProperty(required = true) List<AdminJson> admins,
      int governanceApprovals,
      Integer checkpointQuorum) {}

  public static void write(Path file, Genesis genesis) throws IOException {
    GenesisJson json =
        new GenesisJson(
            genesis.origin(),
            genesis.createdAtMillis(),
            genesis.members().stream()
                .map(
                    m ->
                        new MemberJson(
                            m.id().value(),
                            m.name(),
                            m.country().code(),
                            m.nodeKey().toBase64(),
                            m.issuerKey().toBase64(),
                            Optional.ofNullable(genesis.tlsCertificates().get(m.id()))
                                .map(Bytes::toBase64)
                                .orElse(null)))
                .collect(Collectors.toList()),
            genesis.admins().stream()
                .map(
                    a ->
                        new AdminJson(
                            a.id().value(),
                            a.org().value(),
                            a.jurisdiction().code(),
                            a.key().toBase64()))
                .collect(Collectors.toList()),
            genesis.governanceApprovals(),
            genesis.checkpointQuorum());
    Files.writeString(file, JSON.writeValueAsString(json));
  }

  /**
   * Reads a genesis file.
   *
   * @throws ConfigException naming the file and what is wrong with it
   */
  public static Genesis read(Path file) {
    try {
      GenesisJson json = JSON.readValue(file.toFile(), GenesisJson.class);
      Map<OrgId, Bytes> tlsCertificates = new TreeMap<>();
      json.members().stream()
          .filter(m -> m.tlsCertificate() != null)
          .forEach(
              m -> tlsCertificates.put(new OrgId(m.id()), Bytes.fromBase64(m.tlsCertificate())));
      return new Genesis(
              json.origin(),
              json.createdAtMillis(),
              json.members().stream()
                  .map(
                      m ->
                          new Organisation(
                              new OrgId(m.id()),
                              m.name(),
                              new Jurisdiction(m.country()),
                              Ed25519PublicKey.fromBase64(m.nodeKey()),
                              Ed25519PublicKey.fromBase64(m.issuerKey()),
                              true))
                  .collect(Collectors.toList()),
              json.admins().stream()
                  .map(
                      a ->
                          new Officer(
                              new OfficerId(a.id()),
                              new OrgId(a.org()),
                              Role.ORG_ADMIN,
                              new Jurisdiction(a.jurisdiction()),
                              Ed25519PublicKey.fromBase64(a.key()),
                              true))
                  .collect(Collectors.toList()),
              json.governanceApprovals(),
              json.checkpointQuorum() == null
                  ? Genesis.majorityOf(json.members().size())
                  : json.checkpointQuorum())
          .withTlsCertificates(tlsCertificates);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "Cannot read genesis file "
              + file
              + ": "
              + e.getMessage()
              + ". Create it with 'haven init' or fix the field named above.",
          e);
    }
  }
}
