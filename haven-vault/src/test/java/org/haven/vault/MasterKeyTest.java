package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();

  @Test
  void writtenKey_readsBackAsTheSameKey() {
    MasterKey key = MasterKey.generate(random);
    Path file = temp.resolve("vault.key");

    key.writeTo(file);

    assertThat(MasterKey.fromFile(file).id()).isEqualTo(key.id());
    assertThat(MasterKey.fromFile(file).secretKey().getEncoded())
        .isEqualTo(key.secretKey().getEncoded());
  }

  @Test
  void writeTo_makesTheFileOwnerOnly() throws IOException {
    Path file = temp.resolve("vault.key");
    assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));

    MasterKey.generate(random).writeTo(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void writeTo_refusesToReplaceAKey() throws IOException {
    Path file = temp.resolve("vault.key");
    MasterKey first = MasterKey.generate(random);
    first.writeTo(file);

    assertThatThrownBy(() -> MasterKey.generate(random).writeTo(file))
        .isInstanceOf(VaultException.class)
        .hasMessageStartingWith("Refusing to overwrite the master key file " + file);
    assertThat(MasterKey.fromFile(file).id()).isEqualTo(first.id());
  }

  @Test
  void fromFile_acceptsSurroundingWhitespaceAndAReadableFile() throws IOException {
    MasterKey key = MasterKey.generate(random);
    Path file = temp.resolve("vault.key");
    Files.writeString(file, "  " + base64(key) + "\r\n");

    assertThat(MasterKey.fromFile(file).id()).isEqualTo(key.id());
  }

  @Test
  void fromFile_thatIsMissing_saysWhichFile() {
    Path missing = temp.resolve("missing.key");

    assertThatThrownBy(() -> MasterKey.fromFile(missing))
        .isInstanceOf(VaultException.class)
        .hasMessageStartingWith("Failed to read the master key file " + missing + ": ")
        .hasMessageContaining("NoSuchFileException");
  }

  @Test
  void fromFile_withoutBase64Of32Bytes_saysSoWithoutQuotingIt() throws IOException {
    Path notBase64 = temp.resolve("a.key");
    Files.writeString(notBase64, "not-a-key-at-all!");
    Path tooShort = temp.resolve("b.key");
    Files.writeString(tooShort, Base64.getEncoder().encodeToString(new byte[31]));

    assertThatThrownBy(() -> MasterKey.fromFile(notBase64))
        .isInstanceOf(VaultException.class)
        .hasMessage("The master key file " + notBase64 + " is not base64 of 32 bytes")
        .hasNoCause();
    assertThatThrownBy(() -> MasterKey.fromFile(tooShort))
        .hasMessage(
            "The master key file "
                + tooShort
                + " is not base64 of 32 bytes: it decodes to 31 bytes");
  }

  @Test
  void fromEnvironment_readsTheVariable() {
    MasterKey key = MasterKey.generate(random);

    assertThat(MasterKey.fromEnvironment(Map.of("HAVEN_VAULT_MASTER_KEY", base64(key))))
        .hasValueSatisfying(read -> assertThat(read.id()).isEqualTo(key.id()));
  }

  @Test
  void fromEnvironment_withoutTheVariable_isEmpty() {
    assertThat(MasterKey.fromEnvironment(Map.of())).isEmpty();
    assertThat(MasterKey.fromEnvironment(Map.of("HAVEN_VAULT_MASTER_KEY", " "))).isEmpty();
  }

  @Test
  void fromEnvironment_withoutBase64Of32Bytes_namesTheVariable() {
    assertThatThrownBy(
            () -> MasterKey.fromEnvironment(Map.of("HAVEN_VAULT_MASTER_KEY", "c2VjcmV0")))
        .isInstanceOf(VaultException.class)
        .hasMessage("HAVEN_VAULT_MASTER_KEY is not base64 of 32 bytes: it decodes to 6 bytes");
    assertThatThrownBy(() -> MasterKey.fromEnvironment(Map.of("HAVEN_VAULT_MASTER_KEY", "%%%")))
        .hasMessage("HAVEN_VAULT_MASTER_KEY is not base64 of 32 bytes");
  }

  @Test
  void toString_showsOnlyTheId() {
    MasterKey key = MasterKey.generate(random);

    assertThat(key).hasToString("MasterKey[id=" + key.id() + "]");
    assertThat(key.id()).matches("[0-9a-f]{16}");
    assertThat(MasterKey.generate(random).id()).isNotEqualTo(key.id());
  }

  private static String base64(MasterKey key) {
    return new String(
        Base64.getEncoder().encode(key.secretKey().getEncoded()), StandardCharsets.US_ASCII);
  }
}
