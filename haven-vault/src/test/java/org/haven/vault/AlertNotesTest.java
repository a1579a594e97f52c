package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChildNumber;
import static org.haven.vault.TestChildren.png;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.stream.Stream;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault's alert notes: an alert's description and photo and the sightings' notes, sealed under
 * the vault's master key, erased with the child, sealed again when the key is rotated.
 */
class AlertNotesTest {
  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final MasterKey key = MasterKey.generate(random);
  private final ChildNumber child = aChildNumber(1);
  private final ChildNumber other = aChildNumber(2);
  private final AlertNotes.Notice notice =
      new AlertNotes.Notice("Red jumper, scar above the left eyebrow", Optional.of(photo()));

  private Path dir() {
    return temp.resolve("vault");
  }

  private static Photo photo() {
    return new Photo(png(2_000));
  }

  private static AlertNotes.Sighting sighting(String seed, String note) {
    return new AlertNotes.Sighting(
        Hash.sha256(seed.getBytes(StandardCharsets.UTF_8)),
        new OfficerId("ke.border.b"),
        1_000L,
        "Namanga bus park",
        900L,
        note);
  }

  @Test
  void aNoticeAndSightingsReadBackAfterReopening_andThePhotoHashIsOfItsBytes() {
    try (Vault vault = Vault.open(dir(), key)) {
      vault.notes().putNotice(child, notice);
      vault.notes().putSighting(child, sighting("a", "with a man in a grey jacket"));
      vault.notes().putSighting(other, sighting("b", "alone"));
    }
    try (Vault vault = Vault.open(dir(), key)) {
      assertThat(vault.notes().notice(child)).contains(notice);
      assertThat(vault.notes().notice(other)).isEmpty();
      assertThat(vault.notes().sightings(child))
          .containsExactly(sighting("a", "with a man in a grey jacket"));
      assertThat(notice.photoHash()).contains(Hash.sha256(photo().image()));
    }
  }

  @Test
  void theNotesAreSealed_noTextOfThemIsInTheFiles() throws Exception {
    try (Vault vault = Vault.open(dir(), key)) {
      vault.notes().putNotice(child, notice);
      vault.notes().putSighting(child, sighting("a", "boarding the Arusha bus"));
    }
    try (Stream<Path> files = Files.walk(dir().resolve(Vault.NOTES_DIR))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as("%s", file).doesNotContain("jumper").doesNotContain("Arusha");
      }
    }
  }

  @Test
  void erasure_destroysEveryNoteOfTheChild_andNoOtherChilds() {
    try (Vault vault = Vault.open(dir(), key)) {
      vault.notes().putNotice(child, notice);
      vault.notes().putSighting(child, sighting("a", "seen"));
      vault.notes().putNotice(other, notice);

      vault.notes().erase(child);

      assertThat(vault.notes().holdsAny(child)).isFalse();
      assertThat(vault.notes().notice(child)).isEmpty();
      assertThat(vault.notes().sightings(child)).isEmpty();
      assertThat(vault.notes().notice(other)).contains(notice);
    }
  }

  @Test
  void aRotationOfTheMasterKey_sealsTheNotesAgain_soTheNewKeyAloneOpensThem() {
    MasterKey next = MasterKey.generate(random);
    try (Vault vault = Vault.open(dir(), key)) {
      vault.notes().putNotice(child, notice);
      vault.rotateMasterKey(next, (done, total) -> {});
    }
    try (Vault vault = Vault.open(dir(), next)) {
      assertThat(vault.notes().notice(child)).contains(notice);
    }
  }

  @Test
  void anotherMasterKey_opensNoNote() {
    try (Vault vault = Vault.open(dir(), key)) {
      vault.notes().putNotice(child, notice);
    }
    try (AlertNotes notes =
        AlertNotes.open(
            temp.resolve("vault").resolve(Vault.NOTES_DIR),
            MasterKey.generate(random),
            java.util.List.of())) {
      assertThatThrownBy(() -> notes.notice(child))
          .isInstanceOf(VaultException.class)
          .hasMessageContaining("failed authentication")
          .hasMessageNotContaining("jumper");
    }
  }

  @Test
  void aBlankOrTooLongDescription_isRefusedNamingIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AlertNotes.Notice(" ", Optional.empty()))
        .withMessageStartingWith("description:");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AlertNotes.Notice("x".repeat(2001), Optional.empty()))
        .withMessageStartingWith("description:");
  }
}
