package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aChildNumber;
import static org.haven.vault.TestChildren.aMother;
import static org.haven.vault.TestChildren.jpeg;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {
  private static final ChildNumber AMANI = aChildNumber(1);
  private static final ChildNumber BARAKA = aChildNumber(2);

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final MasterKey masterKey = MasterKey.generate(random);
  private final Bytes salt = Commitment.newSalt(random);

  private Path dir() {
    return temp.resolve("vault");
  }

  private static PersonalData amani() {
    return aChild()
        .named("Amani", "Otieno")
        .bornOn(LocalDate.of(2021, 2, 3))
        .withGuardian(aMother("Achieng Otieno", "A7654321"))
        .withPhoto(jpeg(4096))
        .withNotes("Declared at Kisumu clinic.")
        .build();
  }

  @Test
  void put_thenRead_givesTheDataAndSaltBack_evenAfterReopening() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);

      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Found(amani(), salt));
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Found(amani(), salt));
    }
  }

  @Test
  void put_again_replacesTheRecord() {
    PersonalData corrected = aChild().named("Amani", "Odhiambo").build();
    Bytes newSalt = Commitment.newSalt(random);
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);

      vault.put(AMANI, corrected, newSalt);

      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Found(corrected, newSalt));
    }
  }

  @Test
  void read_ofAnUnknownChild_isNotFound() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);

      assertThat(vault.read(BARAKA)).isEqualTo(new ReadResult.NotFound());
    }
  }

  @Test
  void erase_makesReadsAnswerErased_evenAfterReopening() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);
      vault.put(BARAKA, aChild().named("Baraka", "Mwangi").build(), salt);

      vault.erase(AMANI);

      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Erased());
      assertThat(vault.read(BARAKA)).isInstanceOf(ReadResult.Found.class);
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Erased());
      assertThat(vault.read(BARAKA)).isInstanceOf(ReadResult.Found.class);
    }
  }

  @Test
  void erase_isIdempotentAndCoversChildrenTheVaultNeverHeld() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);

      vault.erase(AMANI);
      vault.erase(AMANI);
      vault.erase(BARAKA);

      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Erased());
      assertThat(vault.read(BARAKA)).isEqualTo(new ReadResult.Erased());
    }
  }

  @Test
  void put_ofAnErasedChild_isRefused() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);
      vault.erase(AMANI);

      assertThatThrownBy(() -> vault.put(AMANI, amani(), salt))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "Child "
                  + AMANI
                  + " was erased from the vault at "
                  + dir()
                  + ", and an erased child's data is never stored again");
      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Erased());
    }
  }

  @Test
  void open_withAnotherMasterKey_isRefusedNamingBothKeys() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);
    }
    MasterKey wrong = MasterKey.generate(random);

    assertThatThrownBy(() -> Vault.open(dir(), wrong))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "The vault at "
                + dir()
                + " was created under the master key "
                + masterKey.id()
                + ", not the given key "
                + wrong.id()
                + ": configure the key it was created with");

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Found(amani(), salt));
    }
  }

  @Test
  void read_ofARecordSealedUnderAnotherMasterKey_failsAuthentication() throws Exception {
    Path other = temp.resolve("other-vault");
    try (Vault vault = Vault.open(other, MasterKey.generate(random))) {
      vault.put(AMANI, amani(), salt);
    }
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, aChild().build(), salt);
    }
    Bytes foreign;
    try (RawVaultDb raw = new RawVaultDb(other)) {
      foreign = raw.get(AMANI);
    }
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      raw.put(AMANI, foreign);
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThatThrownBy(() -> vault.read(AMANI))
          .isInstanceOf(VaultException.class)
          .hasMessage(authenticationFailure(AMANI));
    }
  }

  @Test
  void read_ofAFlippedCiphertextByte_failsAuthentication() throws Exception {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);
    }
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      VaultRecord.Sealed record = (VaultRecord.Sealed) VaultRecord.decode(raw.get(AMANI));
      byte[] data = record.data().toArray();
      data[data.length / 2] ^= 0x01;
      raw.put(AMANI, new VaultRecord.Sealed(record.wrappedKey(), Bytes.of(data)).encode());
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThatThrownBy(() -> vault.read(AMANI))
          .isInstanceOf(VaultException.class)
          .hasMessage(authenticationFailure(AMANI));
    }
  }

  @Test
  void read_ofAFlippedWrappedKeyByte_failsAuthentication() throws Exception {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);
    }
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      VaultRecord.Sealed record = (VaultRecord.Sealed) VaultRecord.decode(raw.get(AMANI));
      byte[] wrappedKey = record.wrappedKey().toArray();
      wrappedKey[20] ^= 0x01;
      raw.put(AMANI, new VaultRecord.Sealed(Bytes.of(wrappedKey), record.data()).encode());
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThatThrownBy(() -> vault.read(AMANI))
          .isInstanceOf(VaultException.class)
          .hasMessage(authenticationFailure(AMANI));
    }
  }

  @Test
  void read_ofAnotherChildsRecordCopiedOver_failsAuthentication() throws Exception {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);
      vault.put(BARAKA, aChild().named("Baraka", "Mwangi").build(), salt);
    }
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      raw.put(BARAKA, raw.get(AMANI));
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThatThrownBy(() -> vault.read(BARAKA))
          .isInstanceOf(VaultException.class)
          .hasMessage(authenticationFailure(BARAKA));
      assertThat(vault.read(AMANI)).isEqualTo(new ReadResult.Found(amani(), salt));
    }
  }

  @Test
  void read_ofAMalformedRecord_saysItIsCorrupt() throws Exception {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      vault.put(AMANI, amani(), salt);
    }
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      raw.put(AMANI, Bytes.fromHex("0107"));
    }

    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThatThrownBy(() -> vault.read(AMANI))
          .isInstanceOf(VaultException.class)
          .hasMessage(
              "The vault record for child "
                  + AMANI
                  + " in "
                  + dir()
                  + " is corrupt: record state: unknown state (at byte 1)")
          .hasCauseInstanceOf(DecodeException.class);
    }
  }

  @Test
  void put_withASaltOfTheWrongSize_isRefused() {
    try (Vault vault = Vault.open(dir(), masterKey)) {
      assertThatThrownBy(() -> vault.put(AMANI, amani(), salt.slice(0, 8)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("salt: must be 32 bytes, got 8");
    }
  }

  @Test
  void closedVault_refusesCallsClearly() {
    Vault vault = Vault.open(dir(), masterKey);
    vault.close();
    vault.close();

    assertThatThrownBy(() -> vault.read(AMANI))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The vault at " + dir() + " is closed");
  }

  @Test
  void found_hidesTheDataAndTheSalt() {
    assertThat(new ReadResult.Found(amani(), salt)).hasToString("Found[redacted]");
  }

  private String authenticationFailure(ChildNumber childNumber) {
    return "The vault record for child "
        + childNumber
        + " in "
        + dir()
        + " failed authentication: wrong master key or tampered data";
  }
}
