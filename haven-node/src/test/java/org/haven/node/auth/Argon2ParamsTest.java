package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Argon2ParamsTest {

  @Test
  void default_isTheOwaspArgon2idSetting() {
    assertThat(Argon2Params.DEFAULT).isEqualTo(new Argon2Params(19_456, 2, 1));
  }

  @ParameterizedTest(name = "m={0} KiB, t={1}, p={2}")
  @CsvSource({"8, 1, 1", "32, 3, 4", "512, 64, 64", "1048576, 1, 1"})
  void acceptsTheEdgesOfEachRange(int memoryKiB, int iterations, int parallelism) {
    assertThat(new Argon2Params(memoryKiB, iterations, parallelism).memoryKiB())
        .isEqualTo(memoryKiB);
  }

  @ParameterizedTest(name = "m={0} KiB, t={1}, p={2}: {3}")
  @CsvSource({
    "7, 1, 1, memory",
    "31, 1, 4, memory",
    "1048577, 1, 1, memory",
    "256, 0, 1, iterations",
    "256, 65, 1, iterations",
    "256, 1, 0, parallelism",
    "1024, 1, 65, parallelism"
  })
  void rejectsAValueOutOfRange_andNamesIt(
      int memoryKiB, int iterations, int parallelism, String named) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Argon2Params(memoryKiB, iterations, parallelism))
        .withMessageContaining(named);
  }
}
