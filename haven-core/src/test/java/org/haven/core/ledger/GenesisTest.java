package org.haven.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.OrgId;
import org.haven.core.testing.TestConsortium;
import org.junit.jupiter.api.Test;

class GenesisTest {
  private final TestConsortium consortium = TestConsortium.withMembers(2);
  private final Genesis genesis = consortium.genesis();
  private final OrgId first = consortium.member(0);
  private final OrgId second = consortium.member(1);

  @Test
  void tlsCertificatesArePartOfTheChainId() {
    Genesis withCertificates =
        genesis.withTlsCertificates(
            Map.of(first, Bytes.fromHex("3001"), second, Bytes.fromHex("3002")));
    Genesis otherCertificate =
        genesis.withTlsCertificates(
            Map.of(first, Bytes.fromHex("3001"), second, Bytes.fromHex("3003")));

    assertThat(withCertificates.hash()).isNotEqualTo(genesis.hash());
    assertThat(otherCertificate.hash()).isNotEqualTo(withCertificates.hash());
  }

  @Test
  void rejectsTlsCertificatesForSomeMembersOnly() {
    assertThatThrownBy(() -> genesis.withTlsCertificates(Map.of(first, Bytes.fromHex("3001"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tlsCertificates must name every founding member");
  }

  @Test
  void rejectsAnEmptyTlsCertificate() {
    assertThatThrownBy(
            () ->
                genesis.withTlsCertificates(
                    Map.of(first, Bytes.EMPTY, second, Bytes.fromHex("3002"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS certificate of " + first);
  }

  @Test
  void decode_tlsCertificatesOutOfOrder_failsNamingTheField() throws DecodeException {
    Genesis withCertificates =
        genesis.withTlsCertificates(
            Map.of(first, Bytes.fromHex("3001"), second, Bytes.fromHex("3002")));
    byte[] encoded = withCertificates.encode();
    byte[] certificatesInOrder =
        new CanonicalWriter()
            .list(
                List.of(first, second),
                (writer, member) ->
                    writer
                        .string(member.value())
                        .bytes(withCertificates.tlsCertificates().get(member)))
            .toByteArray();
    byte[] certificatesReversed =
        new CanonicalWriter()
            .list(
                List.of(second, first),
                (writer, member) ->
                    writer
                        .string(member.value())
                        .bytes(withCertificates.tlsCertificates().get(member)))
            .toByteArray();
    Bytes prefix = Bytes.of(encoded, 0, encoded.length - certificatesInOrder.length);
    byte[] reordered = prefix.concat(Bytes.of(certificatesReversed)).toArray();

    assertThat(Genesis.decode(prefix.concat(Bytes.of(certificatesInOrder)).toArray()))
        .isEqualTo(withCertificates);
    assertThatThrownBy(() -> Genesis.decode(reordered))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("TLS certificates: members not in strictly ascending order");
  }
}
