package org.haven.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.node.auth.CredentialFixture.PASSWORD;
import static org.haven.node.auth.CredentialFixture.aCredential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.haven.core.identity.OfficerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
  private static final OfficerId OTIENO = new OfficerId("ke.registrar.otieno");

  @TempDir Path dataDir;

  @Test
  void find_returnsWhatPutWrote() {
    CredentialStore store = CredentialStore.open(dataDir.resolve("credentials"));
    OfficerCredential credential = aCredential().build();

    store.put(credential);

    assertThat(store.find(OTIENO)).contains(credential);
    assertThat(store.contains(OTIENO)).isTrue();
  }

  @Test
  void find_ofAnOfficerWithoutCredential_isEmpty() {
    CredentialStore store = CredentialStore.open(dataDir);

    assertThat(store.find(OTIENO)).isEmpty();
    assertThat(store.contains(OTIENO)).isFalse();
  }

  @Test
  void put_writesOneOwnerOnlyJsonFileNamedForTheOfficer() throws IOException {
    Path directory = dataDir.resolve("credentials");
    CredentialStore store = CredentialStore.open(directory);
    OfficerCredential credential = aCredential().build();

    store.put(credential);

    Path file = directory.resolve("ke.registrar.otieno.json");
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(credential.toJson() + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
        .isEqualTo("rwx------");
    assertThat(filesIn(directory)).containsExactly("ke.registrar.otieno.json");
  }

  @Test
  void put_replacesTheOfficersEarlierCredential_andLeavesNoTemporaryFile() {
    CredentialStore store = CredentialStore.open(dataDir);
    OfficerCredential first = aCredential().build();
    OfficerCredential second =
        first
            .changePassword(
                PASSWORD.toCharArray(),
                "a different passphrase".toCharArray(),
                CredentialFixture.FAST,
                CredentialFixture.RANDOM)
            .orElseThrow();

    store.put(first);
    store.put(second);

    assertThat(store.find(OTIENO)).contains(second);
    assertThat(filesIn(dataDir)).containsExactly("ke.registrar.otieno.json");
  }

  @Test
  void put_keepsOfficersApart() {
    CredentialStore store = CredentialStore.open(dataDir);
    OfficerCredential otieno = aCredential().build();
    OfficerCredential nakato = aCredential().forOfficer("ug.clerk.nakato").build();

    store.put(otieno);
    store.put(nakato);

    assertThat(store.find(OTIENO)).contains(otieno);
    assertThat(store.find(new OfficerId("ug.clerk.nakato"))).contains(nakato);
  }

  @Test
  void find_ignoresTheTemporaryFileOfAnInterruptedWrite() throws IOException {
    CredentialStore store = CredentialStore.open(dataDir);
    OfficerCredential credential = aCredential().build();
    store.put(credential);
    Files.writeString(dataDir.resolve(".ke.registrar.otieno.123.tmp"), "{\"version\": 1, \"offi");

    assertThat(store.find(OTIENO)).contains(credential);
  }

  @Test
  void put_thatCannotReplaceTheFile_namesIt_keepsWhatWasThere_andCleansUp() throws IOException {
    CredentialStore store = CredentialStore.open(dataDir);
    // A non-empty directory where the file should be: the rename onto it fails.
    Path blocked = dataDir.resolve("ke.registrar.otieno.json");
    Files.createDirectories(blocked.resolve("inside"));

    assertThatThrownBy(() -> store.put(aCredential().build()))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("Cannot write the credential of officer ke.registrar.otieno to")
        .hasMessageContaining(blocked.toString())
        .hasCauseInstanceOf(IOException.class);
    assertThat(blocked.resolve("inside")).isDirectory();
    assertThat(filesIn(dataDir)).containsExactly("ke.registrar.otieno.json");
  }

  @Test
  void find_ofADamagedFile_namesTheFileAndTheField() throws IOException {
    CredentialStore store = CredentialStore.open(dataDir);
    Path file = dataDir.resolve("ke.registrar.otieno.json");
    Files.writeString(file, aCredential().build().toJson().replaceFirst("\"salt\"", "\"sugar\""));

    assertThatThrownBy(() -> store.find(OTIENO))
        .isInstanceOf(CredentialException.class)
        .hasMessageStartingWith("Cannot read credential file " + file + ".")
        .hasMessageContaining("Credential field 'salt' is missing")
        .hasMessageContaining("Restore the credential file from a backup");
  }

  @Test
  void find_ofAFileCopiedToAnotherOfficersName_refusesIt() throws IOException {
    CredentialStore store = CredentialStore.open(dataDir);
    store.put(aCredential().build());
    Path copy = dataDir.resolve("ke.registrar.wanjiku.json");
    Files.copy(dataDir.resolve("ke.registrar.otieno.json"), copy);

    assertThatThrownBy(() -> store.find(new OfficerId("ke.registrar.wanjiku")))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining(
            "Credential file "
                + copy
                + " holds the credential of officer ke.registrar.otieno, not of"
                + " ke.registrar.wanjiku");
  }

  @Test
  void find_ofAnUnreadableFile_namesIt() throws IOException {
    CredentialStore store = CredentialStore.open(dataDir);
    Path file = dataDir.resolve("ke.registrar.otieno.json");
    Files.createDirectory(file);

    assertThatThrownBy(() -> store.find(OTIENO))
        .isInstanceOf(CredentialException.class)
        .hasMessageStartingWith(
            "Cannot read the credential of officer ke.registrar.otieno from " + file)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void open_onAFile_namesIt() throws IOException {
    Path file = Files.writeString(dataDir.resolve("credentials"), "not a directory");

    assertThatThrownBy(() -> CredentialStore.open(file))
        .isInstanceOf(CredentialException.class)
        .hasMessageStartingWith("Cannot create the credential directory " + file);
  }

  @Test
  void open_anExistingDirectory_keepsItsCredentials() {
    OfficerCredential credential = aCredential().build();
    CredentialStore.open(dataDir).put(credential);

    assertThat(CredentialStore.open(dataDir).find(OTIENO)).contains(credential);
  }

  private static List<String> filesIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
