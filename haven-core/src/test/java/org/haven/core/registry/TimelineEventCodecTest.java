package org.haven.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.tx.RecordCrossing;
import org.junit.jupiter.api.Test;

/**
 * A timeline event's stored bytes: border checks keep their checkpoint and outcome by wire code,
 * and events written before they did still read, as events without a check.
 */
class TimelineEventCodecTest {
  private static final Jurisdiction KE = new Jurisdiction("KE");
  private static final OfficerId OFFICER = new OfficerId("ke.border.wanjiku");

  @Test
  void anEventWrittenBeforeChecksWereKept_stillReads_withoutACheck() throws DecodeException {
    // The layout before: u8 type (CROSSING_EXIT was position 3), place, time, officer.
    byte[] old =
        new CanonicalWriter()
            .u8(3)
            .string("KE")
            .u64(1_735_898_400_000L)
            .string(OFFICER.value())
            .toByteArray();

    TimelineEvent event = read(old);

    assertThat(event)
        .isEqualTo(new TimelineEvent(EventType.CROSSING_EXIT, KE, 1_735_898_400_000L, OFFICER));
    assertThat(event.check()).isEmpty();
    assertThat(write(event)).isEqualTo(old);
  }

  @Test
  void aBorderCheck_keepsItsCheckpointAndOutcome_byWireCode() throws DecodeException {
    TimelineEvent alert =
        new TimelineEvent(
            EventType.CROSSING_EXIT,
            KE,
            1_735_898_400_000L,
            OFFICER,
            Optional.of(new TimelineEvent.BorderCheck("KE-NAMANGA", RecordCrossing.Outcome.ALERT)));

    byte[] bytes = write(alert);

    assertThat(read(bytes)).isEqualTo(alert);
    // After the officer: u8 3 (ALERT's code, not its position 2), then the checkpoint.
    String tail = HexFormat.of().formatHex(bytes).substring(2 * (bytes.length - 15));
    assertThat(tail)
        .isEqualTo("03" + "0000000a" + HexFormat.of().formatHex("KE-NAMANGA".getBytes()));
  }

  @Test
  void eventTypes_keepTheCodesTheirPositionsGaveThem() {
    assertThat(EventType.values())
        .extracting(EventType::code)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void aCheckOnAnEventThatIsNotACrossing_isRefused() {
    byte[] sighting =
        new CanonicalWriter()
            .u8(EventType.SIGHTING.code())
            .string("KE")
            .u64(1L)
            .string(OFFICER.value())
            .u8(RecordCrossing.Outcome.PASS.code())
            .string("KE-NAMANGA")
            .toByteArray();

    assertThatThrownBy(() -> read(sighting))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("only a crossing event is a border check");
  }

  private static byte[] write(TimelineEvent event) {
    CanonicalWriter out = new CanonicalWriter();
    RegistryCodec.writeEvent(out, event);
    return out.toByteArray();
  }

  private static TimelineEvent read(byte[] bytes) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(bytes);
    TimelineEvent event = RegistryCodec.readEvent(in);
    in.finish();
    return event;
  }
}
