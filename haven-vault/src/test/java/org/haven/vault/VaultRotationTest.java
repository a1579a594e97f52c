package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aChildNumber;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the master key re-wraps every record under the new key, keeps erasures erased, and
 * leaves nothing the old key opens; a vault closed in the middle of a rotation needs both keys and
 * finishes it. The kill -9 case with real processes is {@code MasterKeyRotationTest} in haven-cli.
 */
class VaultRotationTest {
  private static final int CHILDREN = 100;

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final MasterKey oldKey = MasterKey.generate(random);
  private final MasterKey newKey = MasterKey.generate(random);
  private final List<ChildNumber> children = new ArrayList<>();
  private final List<Bytes> salts = new ArrayList<>();

  private Path dir() {
    return temp.resolve("vault");
  }

  private void fill(Vault vault) {
    for (int i = 0; i < CHILDREN; i++) {
      ChildNumber child = aChildNumber(i + 1);
      Bytes salt = Commitment.newSalt(random);
      vault.put(child, aChild().named("Child " + i, "Rotated").build(), salt);
      children.add(child);
      salts.add(salt);
    }
  }

  private void assertEveryRecordReads(Vault vault) {
    for (int i = 0; i < CHILDREN; i++) {
      ReadResult read = vault.read(children.get(i));
      if (i == 0) {
        assertThat(read).isEqualTo(new ReadResult.Erased());
      } else {
        assertThat(read)
            .isEqualTo(
                new ReadResult.Found(
                    aChild().named("Child " + i, "Rotated").build(), salts.get(i)));
      }
    }
  }

  @Test
  void rotation_rewrapsEveryRecord_andTheOldKeyOpensNothingAfterwards() throws Exception {
    List<long[]> progress = new ArrayList<>();
    Bytes oldWrapped;
    try (Vault vault = Vault.open(dir(), oldKey)) {
      fill(vault);
      vault.erase(children.get(0));
      try (RawVaultDb raw = RawVaultDb.readOnly(dir())) {
        oldWrapped =
            ((VaultRecord.Sealed) VaultRecord.decode(raw.get(children.get(1)))).wrappedKey();
      }

      vault.rotateMasterKey(newKey, (done, total) -> progress.add(new long[] {done, total}));

      assertThat(vault.rotating()).isFalse();
      assertThat(vault.masterKeyId()).isEqualTo(newKey.id());
      assertEveryRecordReads(vault);
    }
    assertThat(progress.get(progress.size() - 1)).containsExactly(CHILDREN, CHILDREN);
    assertThat(progress).extracting(p -> p[0]).isSorted();

    try (Vault vault = Vault.open(dir(), newKey)) {
      assertEveryRecordReads(vault);
    }
    assertThatThrownBy(() -> Vault.open(dir(), oldKey))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("was created under the master key " + newKey.id());
    assertThat(VaultErasureTest.occurrences(dir(), oldWrapped))
        .as("files still holding a data key wrapped under the old master key")
        .isEmpty();
  }

  @Test
  void interruptedRotation_needsBothKeys_andFinishesWhereItStopped() {
    try (Vault vault = Vault.open(dir(), oldKey)) {
      fill(vault);
      vault.erase(children.get(0));
      // The progress callback runs between batches; throwing there stops the rotation half-way,
      // as a crash would, with some batches written and the rest not.
      assertThatThrownBy(
              () ->
                  vault.rotateMasterKey(
                      newKey,
                      (done, total) -> {
                        if (done > 0) {
                          throw new IllegalStateException("crash after " + done);
                        }
                      }))
          .hasMessageStartingWith("crash after ");
      assertThat(vault.rotating()).isTrue();
      vault.put(aChildNumber(500), aChild().named("Declared", "Meanwhile").build(), salts.get(1));
    }

    assertThatThrownBy(() -> Vault.open(dir(), oldKey))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("is being rotated from " + oldKey.id() + " to " + newKey.id())
        .hasMessageContaining("configure both keys");
    try (Vault vault = Vault.open(dir(), List.of(newKey, oldKey))) {
      assertThat(vault.rotating()).isTrue();
      assertEveryRecordReads(vault);
      List<Long> resumedFrom = new ArrayList<>();
      vault.finishRotation((done, total) -> resumedFrom.add(done));
      assertThat(resumedFrom.get(0)).as("resumes after the batches written").isPositive();
    }
    try (Vault vault = Vault.open(dir(), newKey)) {
      assertEveryRecordReads(vault);
      assertThat(vault.read(aChildNumber(500))).isInstanceOf(ReadResult.Found.class);
    }
  }

  @Test
  void rotation_toTheCurrentKey_isRefused() {
    try (Vault vault = Vault.open(dir(), oldKey)) {
      assertThatThrownBy(() -> vault.rotateMasterKey(oldKey, (done, total) -> {}))
          .isInstanceOf(VaultException.class)
          .hasMessageContaining("already under the master key " + oldKey.id());
    }
  }
}
