package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aChildNumber;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault's blind search index: a child is found by names and date of birth, with the spelling
 * tolerance of duplicate detection; corrections, erasures, master-key rotations and vaults made
 * before search keep the index right. That the index holds no name in clear is checked with every
 * other file by {@link VaultPrivacyTest}.
 */
class VaultSearchTest {
  private static final LocalDate BORN = LocalDate.of(2019, 3, 14);

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final MasterKey key = MasterKey.generate(random);
  private final ChildNumber mohamed = aChildNumber(1);
  private final ChildNumber wanjiku = aChildNumber(2);
  private final ChildNumber twin = aChildNumber(3);
  private final ChildNumber bornLater = aChildNumber(4);

  private Path dir() {
    return temp.resolve("vault");
  }

  private void fill(Vault vault) {
    put(vault, mohamed, "Mohamed Ali", "Abdi", BORN);
    put(vault, wanjiku, "Wanjikũ", "Kamau", BORN);
    put(vault, twin, "Njeri", "Kamau", BORN);
    put(vault, bornLater, "Wanjiku", "Kamau", BORN.plusDays(1));
  }

  private void put(Vault vault, ChildNumber child, String given, String family, LocalDate born) {
    vault.put(
        child, aChild().named(given, family).bornOn(born).build(), Commitment.newSalt(random));
  }

  @Test
  void search_findsEveryChildWhoseNamesAndDateOfBirthMatch_withSpellingVariants() {
    try (Vault vault = Vault.open(dir(), key)) {
      fill(vault);

      assertThat(vault.search("wanjiku kamau", BORN)).containsExactly(wanjiku);
      assertThat(vault.search("KAMAU", BORN)).containsExactly(wanjiku, twin);
      assertThat(vault.search("Kamau Wanjikuu", BORN)).containsExactly(wanjiku);
      assertThat(vault.search("Wanjiku", BORN.plusDays(1))).containsExactly(bornLater);
      // Somali orthography and the Abd- spellings, as duplicate detection joins them.
      assertThat(vault.search("Maxamed Cabdi", BORN)).containsExactly(mohamed);
      assertThat(vault.search("Muhammad", BORN)).containsExactly(mohamed);
      // Every part of the query must match; an initial is left out.
      assertThat(vault.search("Wanjiku Otieno", BORN)).isEmpty();
      assertThat(vault.search("J. Kamau", BORN)).containsExactly(wanjiku, twin);
      assertThat(vault.search("Wanjiku", BORN.minusYears(1))).isEmpty();
    }
  }

  @Test
  void search_onInitialsOrNoLetters_isRefusedNamingTheField() {
    try (Vault vault = Vault.open(dir(), key)) {
      fill(vault);
      for (String broad : new String[] {"W", "W. K.", "", "  ", "12"}) {
        assertThatThrownBy(() -> vault.search(broad, BORN))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("names: give at least one name of 2 letters or more");
      }
    }
  }

  @Test
  void correctionAndErasure_updateTheIndex_andSurviveReopening() {
    try (Vault vault = Vault.open(dir(), key)) {
      fill(vault);
      put(vault, wanjiku, "Wambui", "Kamau", BORN);
      vault.erase(twin);

      assertThat(vault.search("Wanjiku", BORN)).isEmpty();
      assertThat(vault.search("Wambui", BORN)).containsExactly(wanjiku);
      assertThat(vault.search("Njeri", BORN)).isEmpty();
      assertThat(vault.search("Kamau", BORN)).containsExactly(wanjiku);
    }
    try (Vault reopened = Vault.open(dir(), key)) {
      assertThat(reopened.search("Kamau", BORN)).containsExactly(wanjiku);
    }
  }

  @Test
  void anUndoneCorrection_findsTheChildByItsEarlierNamesAgain() {
    try (Vault vault = Vault.open(dir(), key)) {
      fill(vault);
      put(vault, wanjiku, "Wambui", "Kamau", BORN);
      vault.undoCorrection(wanjiku);

      assertThat(vault.search("Wanjiku Kamau", BORN)).containsExactly(wanjiku);
      assertThat(vault.search("Wambui", BORN)).isEmpty();
    }
  }

  @Test
  void aVaultMadeBeforeSearch_isIndexedWhenItOpens() throws Exception {
    try (Vault vault = Vault.open(dir(), key)) {
      fill(vault);
      vault.erase(twin);
    }
    try (RawVaultDb raw = new RawVaultDb(dir())) {
      raw.dropSearchIndex();
    }
    try (Vault vault = Vault.open(dir(), key)) {
      assertThat(vault.search("Kamau", BORN)).containsExactly(wanjiku);
      assertThat(vault.search("Mohamed", BORN)).containsExactly(mohamed);
    }
  }

  @Test
  void afterARotation_theNewKeyAloneStillSearches() {
    MasterKey next = MasterKey.generate(random);
    try (Vault vault = Vault.open(dir(), key)) {
      fill(vault);
      vault.rotateMasterKey(next, (done, total) -> {});
      assertThat(vault.search("Kamau", BORN)).containsExactly(wanjiku, twin);
    }
    try (Vault reopened = Vault.open(dir(), next)) {
      assertThat(reopened.search("Kamau", BORN)).containsExactly(wanjiku, twin);
      put(reopened, bornLater, "Wanjiku", "Otieno", BORN);
      assertThat(reopened.search("Wanjiku Otieno", BORN)).containsExactly(bornLater);
    }
  }
}
