package org.haven.card.pdf;

import java.util.Map;
import java.util.Optional;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.identity.Sex;

/**
 * A language the printed card's labels are in. Every card prints them in English; a card issued in
 * a jurisdiction of {@link #JURISDICTIONS} prints them in that jurisdiction's language as well (the
 * table is in docs/card-format.md, "Languages of the printed card"). Names, numbers and dates are
 * data and are printed once, as they are.
 */
public enum CardLanguage {
  ENGLISH(
      "CHILD IDENTITY CARD",
      "Given names",
      "Family names",
      "Date of birth",
      "Sex",
      "Child number",
      "Issued by",
      "Valid until",
      "No photo",
      Map.of(
          Sex.FEMALE, "Female",
          Sex.MALE, "Male",
          Sex.NOT_KNOWN, "Not known",
          Sex.NOT_APPLICABLE, "Not applicable"),
      "This card proves who your child is. Keep it safe; show it at the border.",
      "Border officers scan this code to check the card, even offline."),
  SWAHILI(
      "KADI YA UTAMBULISHO WA MTOTO",
      "Majina ya kwanza",
      "Majina ya ukoo",
      "Tarehe ya kuzaliwa",
      "Jinsia",
      "Namba ya mtoto",
      "Imetolewa na",
      "Halali hadi",
      "Hakuna picha",
      Map.of(
          Sex.FEMALE, "Kike",
          Sex.MALE, "Kiume",
          Sex.NOT_KNOWN, "Haijulikani",
          Sex.NOT_APPLICABLE, "Haihusiki"),
      "Kadi hii inathibitisha utambulisho wa mtoto wako. Itunze vizuri; ionyeshe mpakani.",
      "Maafisa wa mpakani huchanganua msimbo huu kukagua kadi, hata bila mtandao."),
  FRENCH(
      "CARTE D'IDENTITÉ DE L'ENFANT",
      "Prénoms",
      "Noms de famille",
      "Date de naissance",
      "Sexe",
      "Numéro de l'enfant",
      "Délivrée par",
      "Valable jusqu'au",
      "Pas de photo",
      Map.of(
          Sex.FEMALE, "Féminin",
          Sex.MALE, "Masculin",
          Sex.NOT_KNOWN, "Inconnu",
          Sex.NOT_APPLICABLE, "Sans objet"),
      "Cette carte prouve l'identité de votre enfant. Gardez-la en lieu sûr ; montrez-la à la"
          + " frontière.",
      "Les agents des frontières scannent ce code pour vérifier la carte, même hors ligne."),
  ARABIC(
      "بطاقة هوية الطفل",
      "الأسماء الأولى",
      "أسماء العائلة",
      "تاريخ الميلاد",
      "الجنس",
      "رقم الطفل",
      "جهة الإصدار",
      "صالحة حتى",
      "لا صورة",
      Map.of(
          Sex.FEMALE, "أنثى",
          Sex.MALE, "ذكر",
          Sex.NOT_KNOWN, "غير معروف",
          Sex.NOT_APPLICABLE, "لا ينطبق"),
      "تثبت هذه البطاقة هوية طفلك. احفظها بعناية، وأبرزها عند الحدود.",
      "يمسح ضباط الحدود هذا الرمز للتحقق من البطاقة، حتى دون اتصال.");

  /**
   * The jurisdictions whose cards print a second language, by ISO 3166-1 code: Swahili in the East
   * African countries where it is an official language; French in the French-speaking countries of
   * Africa and France; Arabic in the Arabic-speaking countries. Any other jurisdiction's cards are
   * in English only.
   */
  static final Map<String, CardLanguage> JURISDICTIONS =
      Map.ofEntries(
          Map.entry("KE", SWAHILI),
          Map.entry("TZ", SWAHILI),
          Map.entry("UG", SWAHILI),
          Map.entry("FR", FRENCH),
          Map.entry("BI", FRENCH),
          Map.entry("BJ", FRENCH),
          Map.entry("BF", FRENCH),
          Map.entry("CD", FRENCH),
          Map.entry("CF", FRENCH),
          Map.entry("CG", FRENCH),
          Map.entry("CI", FRENCH),
          Map.entry("CM", FRENCH),
          Map.entry("GA", FRENCH),
          Map.entry("GN", FRENCH),
          Map.entry("MG", FRENCH),
          Map.entry("ML", FRENCH),
          Map.entry("NE", FRENCH),
          Map.entry("RW", FRENCH),
          Map.entry("SN", FRENCH),
          Map.entry("TD", FRENCH),
          Map.entry("TG", FRENCH),
          Map.entry("DJ", ARABIC),
          Map.entry("DZ", ARABIC),
          Map.entry("EG", ARABIC),
          Map.entry("KM", ARABIC),
          Map.entry("LY", ARABIC),
          Map.entry("MA", ARABIC),
          Map.entry("MR", ARABIC),
          Map.entry("SD", ARABIC),
          Map.entry("SO", ARABIC),
          Map.entry("TN", ARABIC),
          Map.entry("IQ", ARABIC),
          Map.entry("JO", ARABIC),
          Map.entry("LB", ARABIC),
          Map.entry("PS", ARABIC),
          Map.entry("SA", ARABIC),
          Map.entry("SY", ARABIC),
          Map.entry("YE", ARABIC));

  private final String title;
  private final String givenNames;
  private final String familyNames;
  private final String dateOfBirth;
  private final String sex;
  private final String childNumber;
  private final String issuedBy;
  private final String validUntil;
  private final String noPhoto;
  private final Map<Sex, String> sexes;
  private final String familyLine;
  private final String scanNote;

  CardLanguage(
      String title,
      String givenNames,
      String familyNames,
      String dateOfBirth,
      String sex,
      String childNumber,
      String issuedBy,
      String validUntil,
      String noPhoto,
      Map<Sex, String> sexes,
      String familyLine,
      String scanNote) {
    this.title = title;
    this.givenNames = givenNames;
    this.familyNames = familyNames;
    this.dateOfBirth = dateOfBirth;
    this.sex = sex;
    this.childNumber = childNumber;
    this.issuedBy = issuedBy;
    this.validUntil = validUntil;
    this.noPhoto = noPhoto;
    this.sexes = sexes;
    this.familyLine = familyLine;
    this.scanNote = scanNote;
  }

  /** The language a card issued in {@code jurisdiction} prints beside English, if any. */
  public static Optional<CardLanguage> besideEnglish(Jurisdiction jurisdiction) {
    return Optional.ofNullable(JURISDICTIONS.get(jurisdiction.code()));
  }

  public String title() {
    return title;
  }

  public String givenNames() {
    return givenNames;
  }

  public String familyNames() {
    return familyNames;
  }

  public String dateOfBirth() {
    return dateOfBirth;
  }

  public String sex() {
    return sex;
  }

  /** The word for a child's sex. */
  public String sex(Sex value) {
    return sexes.get(value);
  }

  public String childNumber() {
    return childNumber;
  }

  public String issuedBy() {
    return issuedBy;
  }

  public String validUntil() {
    return validUntil;
  }

  public String noPhoto() {
    return noPhoto;
  }

  /** What the card tells the family, in plain words. */
  public String familyLine() {
    return familyLine;
  }

  /** What the back tells whoever holds the card about its code. */
  public String scanNote() {
    return scanNote;
  }
}
