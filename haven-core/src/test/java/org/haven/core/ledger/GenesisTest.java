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
    Bytes inOrder = certificates(withCertificates, first, second);
    Bytes prefix = Bytes.of(encoded, 0, encoded.length - inOrder.size());
    byte[] reordered = prefix.concat(certificates(withCertificates, second, first)).toArray();

    assertThat(Genesis.decode(prefix.concat(inOrder).toArray())).isEqualTo(withCertificates);
    assertThatThrownBy(() -> Genesis.decode(reordered))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("TLS certificates: members not in strictly ascending order");
  }

  /** The encoding of {@code genesis}'s certificate list with its members in the order given. */
  private static Bytes certificates(Genesis genesis, OrgId... order) {
    return new CanonicalWriter()
        .list(
            List.of(order),
            (writer, member) ->
                writer.string(member.value()).bytes(genesis.tlsCertificates().get(member)))
        .toBytes();
  }
}
