package org.haven.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;

/**
 * A child record's stored bytes keep who declared the child, whether late, and on what evidence;
 * records stored before they did still read, without a declaration.
 */
class ChildRecordCodecTest {
  private static final ChildRecord.Declaration LATE_BY_WITNESSES =
      new ChildRecord.Declaration(new OfficerId("ke.agent.amina"), true, Evidence.TWO_WITNESSES);

  @Test
  void aRecordStoredBeforeTheDeclarationWasKept_stillReads_withoutOne() throws DecodeException {
    ChildRecord old = record(Optional.empty());
    // The layout before: number, issuer, jurisdiction, status, commitment, tokens, version.
    byte[] bytes =
        new CanonicalWriter()
            .string(old.number().toString())
            .string("ke-civil-registry")
            .string("KE")
            .u8(old.status().code())
            .hash(old.commitment())
            .list(List.<Hash>of(), CanonicalWriter::hash)
            .u32(1)
            .toByteArray();

    assertThat(read(bytes)).isEqualTo(old);
    assertThat(write(old)).isEqualTo(bytes);
  }

  @Test
  void theDeclaration_roundTrips_withTheEvidenceByWireCode() throws DecodeException {
    ChildRecord declared = record(Optional.of(LATE_BY_WITNESSES));
    byte[] bytes = write(declared);

    assertThat(read(bytes)).isEqualTo(declared);
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) Evidence.TWO_WITNESSES.code());
    assertThat(read(write(declared.withStatus(ChildStatus.REGISTERED))).declaration())
        .as("a decision keeps the declaration")
        .contains(LATE_BY_WITNESSES);
  }

  @Test
  void aCutDeclaration_isADecodeError() {
    byte[] bytes = write(record(Optional.of(LATE_BY_WITNESSES)));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);

    assertThatThrownBy(() -> read(cut)).isInstanceOf(DecodeException.class);
  }

  private static ChildRecord record(Optional<ChildRecord.Declaration> declaration) {
    return new ChildRecord(
        ChildNumber.parse("29574830619"),
        new OrgId("ke-civil-registry"),
        new Jurisdiction("KE"),
        ChildStatus.DECLARED,
        Hash.sha256(new byte[] {7}),
        List.of(),
        1,
        declaration);
  }

  private static byte[] write(ChildRecord record) {
    CanonicalWriter out = new CanonicalWriter();
    RegistryCodec.writeChild(out, record);
    return out.toByteArray();
  }

  private static ChildRecord read(byte[] bytes) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(bytes);
    ChildRecord record = RegistryCodec.readChild(in);
    in.finish();
    return record;
  }
}
