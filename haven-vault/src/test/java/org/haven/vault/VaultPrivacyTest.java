package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aChildNumber;
import static org.haven.vault.TestChildren.jpeg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.NameCodes;
import org.haven.core.registry.identity.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No name, date of birth, document number or photo of a child, and no key or salt, appears in clear
 * in any file of the vault directory, and no personal data appears in an error message or a {@code
 * toString}. Each child's fields are distinctive strings that occur nowhere else, so finding one
 * means it leaked.
 */
class VaultPrivacyTest {
  private static final Bytes PHOTO = jpeg(3000);
  private static final ChildNumber WANJIRU = aChildNumber(1);
  private static final ChildNumber MUTHONI = aChildNumber(2);
  private static final ChildNumber NAFULA = aChildNumber(3);
  private static final ChildNumber CHEPKOECH = aChildNumber(4);
  private static final ChildNumber AUMA = aChildNumber(5);

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();
  private final MasterKey masterKey = MasterKey.generate(random);

  /** Every distinctive field of every child made by {@link #child}. */
  private final List<String> personal = new ArrayList<>();

  /** Every salt stored: a salt lets anyone holding the ledger test guesses at the data. */
  private final List<Bytes> salts = new ArrayList<>();

  @Test
  void vaultDirectory_holdsNoPersonalDataKeyOrSaltInClear() throws IOException {
    Path dir = temp.resolve("vault");
    try (Vault vault = Vault.open(dir, masterKey)) {
      put(vault, WANJIRU, child("Wanjiru", "Zawadi-Nyambura", date(2019, 3, 14), "A1234567"));
      put(vault, MUTHONI, child("Muthoni", "Kiplagat", date(2020, 11, 2), "B7654321"));
      put(vault, NAFULA, child("Nafula", "Wekesa-Barasa", date(2018, 7, 30), "C2468024"));
      // A correction, then an erasure, which flushes records into SST files; the puts after it
      // stay in the WAL.
      put(vault, MUTHONI, child("Muthoni", "Kiplagat-Rono", date(2020, 11, 3), "B7654322"));
      vault.erase(NAFULA);
      put(vault, CHEPKOECH, child("Chepkoech", "Jeptoo", date(2021, 1, 9), "D1357913"));
      put(vault, AUMA, child("Auma", "Achieng-Odera", date(2017, 5, 21), "E9753197"));
      assertThat(vault.read(WANJIRU)).isInstanceOf(ReadResult.Found.class);
    }
    List<byte[]> forbidden = new ArrayList<>();
    personal.forEach(text -> forbidden.add(text.getBytes(StandardCharsets.UTF_8)));
    // The search index's name codes, which would tell a name's sound: keyed tokens only on disk.
    personal.stream()
        .flatMap(text -> NameCodes.searchable(text).stream())
        .flatMap(Set::stream)
        .filter(code -> code.length() >= 4)
        .forEach(code -> forbidden.add(code.getBytes(StandardCharsets.US_ASCII)));
    byte[] key = masterKey.secretKey().getEncoded();
    forbidden.add(key);
    forbidden.add(Base64.getEncoder().encode(key));
    salts.forEach(salt -> forbidden.add(salt.toArray()));
    forbidden.add(PHOTO.slice(100, 164).toArray());

    List<Path> files = filesUnder(dir);

    assertThat(files)
        .extracting(file -> kindOf(file.getFileName().toString()))
        .as("the scan covers every kind of RocksDB file")
        .contains("sst", "wal", "MANIFEST", "LOG", "OPTIONS", "CURRENT");
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      for (byte[] secret : forbidden) {
        assertThat(indexOf(content, secret))
            .as("%s in clear in %s", new String(secret, StandardCharsets.UTF_8), file)
            .isEqualTo(-1);
      }
    }
  }

  @Test
  void errorMessagesAndToStrings_revealNoPersonalData() throws Exception {
    Path dir = temp.resolve("vault");
    PersonalData wanjiru = child("Wanjiru", "Zawadi-Nyambura", date(2019, 3, 14), "A1234567");
    List<String> messages = new ArrayList<>();
    try (Vault vault = Vault.open(dir, masterKey)) {
      put(vault, WANJIRU, wanjiru);
      vault.erase(MUTHONI);
      messages.add(messageOf(() -> vault.put(MUTHONI, wanjiru, salts.get(0))));
      messages.add(vault.read(WANJIRU).toString());
    }
    messages.add(messageOf(() -> Vault.open(dir, MasterKey.generate(random))));
    try (RawVaultDb raw = new RawVaultDb(dir)) {
      byte[] record = raw.get(WANJIRU).toArray();
      record[record.length - 1] ^= 1;
      raw.put(WANJIRU, Bytes.of(record));
    }
    try (Vault vault = Vault.open(dir, masterKey)) {
      messages.add(messageOf(() -> vault.read(WANJIRU)));
    }
    messages.add(
        messageOf(
            () -> aChild().named("Wanjiru", "Zawadi-Nyambura").bornOn(date(2999, 3, 14)).build()));
    messages.add(messageOf(() -> aChild().named("Wanjiru\u0000", "Zawadi").build()));
    messages.add(
        messageOf(
            () ->
                new IdentityDocument(
                    DocumentType.PASSPORT, "A1234567".repeat(10), new Jurisdiction("KE"))));
    messages.add(wanjiru.toString());
    messages.add(wanjiru.guardians().toString());
    messages.add(wanjiru.guardians().get(0).document().toString());
    messages.add(wanjiru.photo().toString());

    for (String message : messages) {
      assertThat(message).as("a message").isNotBlank();
      for (String text : personal) {
        assertThat(message).as("message %s", message).doesNotContain(text);
      }
    }
  }

  private PersonalData child(String given, String family, LocalDate born, String document) {
    String place = "Place-of-" + given;
    String mother = "Mother-of-" + given + " " + family;
    String notes = "Notes on " + given + "'s siblings";
    personal.addAll(List.of(given, family, born.toString(), place, mother, document, notes));
    return new PersonalData(
        given,
        family,
        born,
        place,
        Sex.FEMALE,
        List.of(
            new Guardian(
                Relationship.MOTHER,
                mother,
                Optional.of(
                    new IdentityDocument(
                        DocumentType.NATIONAL_ID, document, new Jurisdiction("KE"))))),
        Optional.of(new Photo(PHOTO)),
        notes);
  }

  private void put(Vault vault, ChildNumber childNumber, PersonalData data) {
    Bytes salt = Commitment.newSalt(random);
    salts.add(salt);
    vault.put(childNumber, data, salt);
  }

  private static String messageOf(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isNotNull();
    return thrown.toString();
  }

  private static LocalDate date(int year, int month, int day) {
    return LocalDate.of(year, month, day);
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  /** RocksDB's kinds of file: tables, write-ahead logs, and the rest by name. */
  private static String kindOf(String name) {
    if (name.endsWith(".sst")) {
      return "sst";
    }
    if (name.endsWith(".log")) {
      return "wal";
    }
    return name.startsWith("LOG") ? "LOG" : name.replaceFirst("-.*", "");
  }

  /** Where {@code needle} first occurs in {@code haystack}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
