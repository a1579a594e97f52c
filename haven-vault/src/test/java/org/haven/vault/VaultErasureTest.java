package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aChildNumber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding is only as good as the removal of the wrapped data key: a copy left in an old
 * WAL or SST file could still be unwrapped by whoever holds the master key.
 */
class VaultErasureTest {
  private static final ChildNumber ERASED = aChildNumber(1);
  private static final ChildNumber KEPT = aChildNumber(2);

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final MasterKey masterKey = MasterKey.generate(random);

  @Test
  void erase_afterReopening_leavesNoCopyOfTheRecordOnDisk() throws Exception {
    // Reopening replays the WAL into an SST file, so the record to purge is in a table file.
    try (Vault vault = Vault.open(dir(), masterKey)) {
      putBoth(vault);
    }
    Records records = recordsOnDisk(new RawVaultDb(dir()));

    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.erase(ERASED);
    }

    assertPurged(records);
  }

  @Test
  void erase_inTheSameSession_leavesNoCopyOfTheRecordOnDisk() throws Exception {
    // Here the record to purge is still in the WAL and the memtable.
    Records records;
    try (Vault vault = Vault.open(dir(), masterKey)) {
      putBoth(vault);
      records = recordsOnDisk(RawVaultDb.readOnly(dir()));

      vault.erase(ERASED);
    }

    assertPurged(records);
  }

  private Path dir() {
    return temp.resolve("vault");
  }

  /** The sealed data of the erased child's first version, which the correction kept. */
  private Bytes firstVersion;

  private void putBoth(Vault vault) throws Exception {
    vault.put(ERASED, aChild().named("Amani", "Otieno").build(), Commitment.newSalt(random));
    try (RawVaultDb raw = RawVaultDb.readOnly(dir())) {
      firstVersion = sealed(raw.get(ERASED)).data();
    }
    vault.put(KEPT, aChild().named("Baraka", "Mwangi").build(), Commitment.newSalt(random));
    // A correction keeps the first version in the vault: it must go too.
    vault.put(ERASED, aChild().named("Amani", "Odhiambo").build(), Commitment.newSalt(random));
  }

  /** The sealed records of both children, as stored. */
  private record Records(VaultRecord.Sealed erased, VaultRecord.Sealed kept) {}

  private static Records recordsOnDisk(RawVaultDb db) throws Exception {
    try (RawVaultDb raw = db) {
      return new Records(sealed(raw.get(ERASED)), sealed(raw.get(KEPT)));
    }
  }

  private static VaultRecord.Sealed sealed(Bytes record) throws DecodeException {
    return (VaultRecord.Sealed) VaultRecord.decode(record);
  }

  private void assertPurged(Records records) throws IOException {
    assertThat(occurrences(dir(), records.kept().wrappedKey()))
        .as("the scan finds the record that was not erased")
        .isNotEmpty();
    assertThat(occurrences(dir(), records.erased().wrappedKey()))
        .as("files holding the wrapped key")
        .isEmpty();
    assertThat(occurrences(dir(), records.erased().data().slice(0, 32)))
        .as("files holding the ciphertext")
        .isEmpty();
    assertThat(occurrences(dir(), firstVersion.slice(0, 32)))
        .as("files holding the ciphertext of the earlier version")
        .isEmpty();
  }

  static List<Path> occurrences(Path dir, Bytes needle) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(file -> VaultPrivacyTest.indexOf(read(file), needle.toArray()) >= 0)
          .toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
