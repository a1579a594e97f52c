package org.haven.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;

/**
 * A consent's stored state: USED and REVOKED by fixed wire codes, and states stored with the old
 * boolean {@code active} flag still read (true as ACTIVE, false as ENDED).
 */
class ConsentStateCodecTest {
  private static final LocalDate FROM = LocalDate.of(2026, 12, 1);

  @Test
  void statesStoredAsTheOldActiveFlag_stillRead() throws DecodeException {
    byte[] active = write(consent(ConsentState.ACTIVE));
    // The layout before ended with bool active: 1 for true, 0 for false. Only that byte changes.
    byte[] endedBefore = Arrays.copyOf(active, active.length);
    endedBefore[endedBefore.length - 1] = 0;

    assertThat(active[active.length - 1]).isEqualTo((byte) 1);
    assertThat(read(active).state()).isEqualTo(ConsentState.ACTIVE);
    assertThat(read(endedBefore).state()).isEqualTo(ConsentState.ENDED);
    assertThat(read(endedBefore).active()).isFalse();
  }

  @Test
  void usedAndRevoked_roundTripByTheirCodes() throws DecodeException {
    for (ConsentState ending : List.of(ConsentState.USED, ConsentState.REVOKED)) {
      TravelConsent ended = consent(ConsentState.ACTIVE).ended(ending);
      byte[] bytes = write(ended);

      assertThat(bytes[bytes.length - 1]).isEqualTo((byte) ending.code());
      assertThat(read(bytes)).isEqualTo(ended);
    }
    assertThat(ConsentState.values()).extracting(ConsentState::code).containsExactly(0, 1, 2, 3);
  }

  @Test
  void anUnknownStateCode_isADecodeErrorNamingIt() {
    byte[] bytes = write(consent(ConsentState.ACTIVE));
    bytes[bytes.length - 1] = 9;

    assertThatThrownBy(() -> read(bytes))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("state: unknown code 9");
  }

  @Test
  void aConsentEndsOnlyAsUsedOrRevoked() {
    assertThatThrownBy(() -> consent(ConsentState.ACTIVE).ended(ConsentState.ENDED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USED or REVOKED");
  }

  private static TravelConsent consent(ConsentState state) {
    return new TravelConsent(
        Hash.sha256(new byte[] {1}),
        ChildNumber.parse("29574830619"),
        Hash.sha256(new byte[] {2}),
        List.of(new Jurisdiction("UG")),
        FROM,
        FROM.plusDays(14),
        false,
        List.of(Hash.sha256(new byte[] {3})),
        "given in person",
        Hash.sha256(new byte[] {4}),
        state);
  }

  private static byte[] write(TravelConsent consent) {
    CanonicalWriter out = new CanonicalWriter();
    RegistryCodec.writeConsent(out, consent);
    return out.toByteArray();
  }

  private static TravelConsent read(byte[] bytes) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(bytes);
    TravelConsent consent = RegistryCodec.readConsent(in);
    in.finish();
    return consent;
  }
}
