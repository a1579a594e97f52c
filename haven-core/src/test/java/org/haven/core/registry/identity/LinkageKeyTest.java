package org.haven.core.registry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;

class LinkageKeyTest {
  @Test
  void toString_hidesTheSecret() {
    LinkageKey key = LinkageKey.generate(new SecureRandom());

    assertThat(key).hasToString("LinkageKey(secret hidden)");
    assertThat(key.toString()).doesNotContain(key.secret().toHex());
  }

  @Test
  void roundTripsThroughItsSecret() {
    LinkageKey key = LinkageKey.generate(new SecureRandom());
    LinkageInput input = TestChild.aChild().input();

    assertThat(key.secret().size()).isEqualTo(LinkageKey.SIZE);
    assertThat(LinkageTokens.compute(LinkageKey.of(key.secret()), input))
        .isEqualTo(LinkageTokens.compute(key, input));
  }

  @Test
  void of_rejectsTheWrongSize() {
    assertThatThrownBy(() -> LinkageKey.of(Bytes.of(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a linkage key is 32 bytes, got 16 bytes");
  }
}
