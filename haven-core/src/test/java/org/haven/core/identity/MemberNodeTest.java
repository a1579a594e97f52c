package org.haven.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a Raft address of a member's node may be. */
class MemberNodeTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"node.registry.example:9860", "10.0.0.1:1", "[2001:db8::1]:65535", "localhost:80"})
  void acceptsAHostAndAPort(String address) {
    assertThat(MemberNode.addressProblem(address)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "node.registry.example",
        "node:0",
        "node:65536",
        ":9860",
        "two words:9860",
        "node:98a0",
        "-node:9860",
        "2001:db8::1:9860"
      })
  void refusesAnythingElse_sayingWhatItMustBe(String address) {
    assertThat(MemberNode.addressProblem(address))
        .hasValueSatisfying(problem -> assertThat(problem).contains("host:port", address));
  }

  @Test
  void refusesAnAddressLongerThan255Characters() {
    String label = "a".repeat(63);
    String address = label + "." + label + "." + label + "." + label + ":1";

    assertThat(MemberNode.addressProblem(address)).isPresent();
  }
}
