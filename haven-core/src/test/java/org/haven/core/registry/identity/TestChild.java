package org.haven.core.registry.identity;

import java.time.LocalDate;
import java.util.List;
import org.haven.core.bytes.Bytes;

/**
 * A registration for tests, built by saying only what matters: {@code aChild().named("Amina",
 * "Hassan").bornOn("2019-03-14")}. Everything else has a plain default.
 */
record TestChild(
    String given,
    String family,
    Sex sex,
    LocalDate born,
    String motherGiven,
    String motherFamily,
    String motherDocument) {
  /** A fixed key: 32 bytes 00 01 02 ... 1f. */
  static final LinkageKey KEY =
      LinkageKey.of(
          Bytes.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));

  static TestChild aChild() {
    return new TestChild(
        "Amina",
        "Hassan",
        Sex.FEMALE,
        LocalDate.of(2019, 3, 14),
        "Fatuma",
        "Ali Omar",
        "KE national ID 12345678");
  }

  TestChild named(String newGiven, String newFamily) {
    return new TestChild(newGiven, newFamily, sex, born, motherGiven, motherFamily, motherDocument);
  }

  TestChild sex(Sex newSex) {
    return new TestChild(given, family, newSex, born, motherGiven, motherFamily, motherDocument);
  }

  TestChild bornOn(String isoDate) {
    return bornOn(LocalDate.parse(isoDate));
  }

  TestChild bornOn(LocalDate date) {
    return new TestChild(given, family, sex, date, motherGiven, motherFamily, motherDocument);
  }

  TestChild mother(String newGiven, String newFamily) {
    return new TestChild(given, family, sex, born, newGiven, newFamily, motherDocument);
  }

  TestChild motherDocument(String document) {
    return new TestChild(given, family, sex, born, motherGiven, motherFamily, document);
  }

  TestChild noMother() {
    return mother("", "").motherDocument("");
  }

  LinkageInput input() {
    return new LinkageInput(given, family, sex, born, motherGiven, motherFamily, motherDocument);
  }

  List<LinkageToken> tokens() {
    return LinkageTokens.compute(KEY, input());
  }

  /** The rules that flag this child and {@code other} as possibly the same. */
  List<DuplicateRule> against(TestChild other) {
    return DuplicateRule.matches(tokens(), other.tokens());
  }
}
