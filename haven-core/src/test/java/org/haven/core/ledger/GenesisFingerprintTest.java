package org.haven.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.haven.core.testing.TestConsortium;
import org.junit.jupiter.api.Test;

class GenesisFingerprintTest {
  private final Genesis genesis = TestConsortium.withMembers(3).genesis();
  private final Genesis another = TestConsortium.withMembers(1).genesis();

  @Test
  void typedForm_isTheChainIdInGroupsOfFour_andReadsBackHoweverItIsTyped() {
    String typed = GenesisFingerprint.of(genesis).toString();

    assertThat(typed).matches("([0-9a-f]{4}-){15}[0-9a-f]{4}");
    assertThat(typed.replace("-", "")).isEqualTo(genesis.hash().toHex());
    assertThat(GenesisFingerprint.parse(typed.toUpperCase().replace('-', ' ')))
        .isEqualTo(GenesisFingerprint.of(genesis));
    assertThat(GenesisFingerprint.parse(typed.replace("-", "")).pins(genesis)).isTrue();
  }

  @Test
  void pins_onlyTheGenesisItWasTakenFrom() {
    assertThat(GenesisFingerprint.of(genesis).pins(another)).isFalse();
  }

  @Test
  void parse_refusesWhatIsNotAFingerprint_sayingWhatOneLooksLike() {
    assertThatThrownBy(() -> GenesisFingerprint.parse("3f2a-9b01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a genesis fingerprint is 64 hex digits (0-9, a-f), in groups of four such as"
                + " 3f2a-9b01-...; got 8 characters");
    assertThatThrownBy(() -> GenesisFingerprint.parse("z".repeat(64)))
        .hasMessageEndingWith("got 64 characters with some that are not hex digits");
  }
}
