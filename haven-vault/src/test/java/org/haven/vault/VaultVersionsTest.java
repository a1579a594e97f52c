package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aChildNumber;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A correction keeps the earlier data as a version under the child's one data key, so that a
 * registrar can see the record's history and an erasure destroys every version at once.
 */
class VaultVersionsTest {
  private static final ChildNumber AMANI = aChildNumber(1);
  private static final ChildNumber BARAKA = aChildNumber(2);

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final MasterKey masterKey = MasterKey.generate(random);

  private final ReadResult.Found first = found("Amani", "Otieno");
  private final ReadResult.Found second = found("Amani", "Odhiambo");
  private final ReadResult.Found third = found("Amani Achieng", "Odhiambo");

  private ReadResult.Found found(String given, String family) {
    return new ReadResult.Found(aChild().named(given, family).build(), Commitment.newSalt(random));
  }

  private Path dir() {
    return temp.resolve("vault");
  }

  private static void put(Vault vault, ChildNumber child, ReadResult.Found version) {
    vault.put(child, version.data(), version.salt());
  }

  @Test
  void versions_afterCorrections_areEveryPutOldestFirst_evenAfterReopening() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);
      put(vault, BARAKA, found("Baraka", "Mwangi"));
      put(vault, AMANI, second);
      put(vault, AMANI, third);

      assertThat(vault.versions(AMANI))
          .isEqualTo(new VersionsResult.Versions(List.of(first, second, third)));
      assertThat(vault.read(AMANI)).isEqualTo(third);
    }
    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThat(vault.versions(AMANI))
          .isEqualTo(new VersionsResult.Versions(List.of(first, second, third)));
      assertThat(vault.versions(BARAKA))
          .asInstanceOf(type(VersionsResult.Versions.class))
          .extracting(versions -> versions.oldestFirst().size())
          .isEqualTo(1);
    }
  }

  @Test
  void versions_ofAChildNeverStored_isNotFound() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);

      assertThat(vault.versions(BARAKA)).isEqualTo(new VersionsResult.NotFound());
    }
  }

  @Test
  void correction_sealsUnderTheChildsOneDataKey() throws Exception {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);
    }
    Bytes wrappedBefore = wrappedKey();
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, second);
    }

    assertThat(wrappedKey())
        .as("one wrapped key per child: destroying it destroys every version")
        .isEqualTo(wrappedBefore);
  }

  private Bytes wrappedKey() throws Exception {
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      return ((VaultRecord.Sealed) VaultRecord.decode(raw.get(AMANI))).wrappedKey();
    }
  }

  @Test
  void erase_makesEveryVersionUnreadable_evenAfterReopening() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);
      put(vault, AMANI, second);
      put(vault, BARAKA, found("Baraka", "Mwangi"));

      vault.erase(AMANI);

      assertThat(vault.versions(AMANI)).isEqualTo(new VersionsResult.Erased());
      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Erased());
    }
    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThat(vault.versions(AMANI)).isEqualTo(new VersionsResult.Erased());
      assertThat(vault.versions(BARAKA)).isInstanceOf(VersionsResult.Versions.class);
    }
  }

  @Test
  void undoCorrection_restoresTheEarlierVersion_andDropsTheRefusedOne() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);
      put(vault, AMANI, second);
      put(vault, AMANI, third);

      vault.undoCorrection(AMANI);

      assertThat(vault.read(AMANI)).isEqualTo(second);
      assertThat(vault.versions(AMANI))
          .isEqualTo(new VersionsResult.Versions(List.of(first, second)));
    }
  }

  @Test
  void undoCorrection_withoutAnEarlierVersion_isRefusedAndChangesNothing() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);

      assertThatThrownBy(() -> vault.undoCorrection(AMANI))
          .isInstanceOf(VaultException.class)
          .hasMessageContaining("holds no earlier version of child " + AMANI);
      assertThatThrownBy(() -> vault.undoCorrection(BARAKA)).isInstanceOf(VaultException.class);
      assertThat(vault.read(AMANI)).isEqualTo(first);
    }
  }

  @Test
  void aVaultWrittenBeforeVersions_opensReadsAndKeepsVersionsFromThen() throws Exception {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);
    }
    // The layout before versions were kept: the same families, without "versions".
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      raw.dropColumnFamily("versions");
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThat(vault.read(AMANI)).isEqualTo(first);
      put(vault, AMANI, second);

      assertThat(vault.versions(AMANI))
          .isEqualTo(new VersionsResult.Versions(List.of(first, second)));
    }
  }

  @Test
  void rotateMasterKey_keepsEveryVersionReadableUnderTheNewKeyAlone() {
    MasterKey next = MasterKey.generate(random);
    try (Vault vault = Vault.open(dir(), masterKey)) {
      put(vault, AMANI, first);
      put(vault, AMANI, second);

      vault.rotateMasterKey(next, (done, total) -> {});
    }

    try (Vault vault = Vault.open(dir(), next)) {
      assertThat(vault.versions(AMANI))
          .isEqualTo(new VersionsResult.Versions(List.of(first, second)));
    }
  }
}
