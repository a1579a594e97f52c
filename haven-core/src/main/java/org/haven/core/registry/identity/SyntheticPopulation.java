package org.haven.core.registry.identity;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.haven.core.registry.identity.SyntheticNames.NameList;

/**
 * A synthetic registry for measuring duplicate detection: mothers of several East African naming
 * cultures with children spaced as real births are, twins, and then registrations injected as known
 * duplicates of chosen children, one {@link Category} at a time. Every choice comes from one seeded
 * generator, so a seed always gives the same population. Main code, not a test's: {@code haven
 * bench import} writes registers from it (docs/BENCHMARKS.md).
 */
public final class SyntheticPopulation {
  static final LocalDate FIRST_BIRTH = LocalDate.of(2015, 1, 1);
  static final LocalDate LAST_BIRTH = LocalDate.of(2024, 12, 31);

  /**
   * About 2% of deliveries in East Africa are multiple births, among the highest rates anywhere.
   */
  private static final double TWIN_DELIVERIES = 0.02;

  private static final double MALE = 0.51;

  /** Children found alone, or declared by someone who does not know the mother. */
  private static final double MOTHER_NOT_RECORDED = 0.03;

  /** Deliveries per mother, 1 to 6, over the years the population covers. */
  private static final double[] DELIVERIES = {0.22, 0.22, 0.20, 0.16, 0.12, 0.08};

  /** Registrations of a mother who has an identity document that record it. */
  private static final double DOCUMENT_RECORDED = 0.90;

  /** A mother's partner changes after a delivery this often, giving half-siblings. */
  private static final double NEW_FATHER = 0.10;

  /** What an injected registration changes about the child it duplicates. */
  public enum Category {
    /** One or more name parts, the mother's too sometimes, in another common spelling. */
    SPELLING_VARIANT,
    /** The birth year 1 to 3 years earlier or later, as an estimated age gives. */
    BIRTH_YEAR_SHIFTED,
    /**
     * Another birth date 1 to 18 months away, as when a child without papers is registered twice
     * and each registrar estimates the date.
     */
    BIRTH_DATE_ESTIMATED,
    /** The name parts in another order, given and family names mixed. */
    NAME_PARTS_REORDERED,
    /** Accents, capitals, hyphens and apostrophes added. */
    ACCENTS_AND_CASE,
    /** Another child of the same mother, born less than 9 months before or after. */
    SHORT_BIRTH_INTERVAL,
    /** Somali names in Somali orthography (Xasan, Cabdi), which phonetic codes cannot join. */
    SOMALI_ORTHOGRAPHY
  }

  /** A name as written, with every spelling of it. */
  public record Name(String spelling, List<String> spellings) {
    static Name drawn(NameList list, RandomGenerator random) {
      List<String> spellings = list.draw(random);
      Name usual = new Name(spellings.get(0), spellings);
      // One time in four a registry writes a name in a less usual spelling, never in Somali
      // orthography, which has its own category.
      List<String> others = usual.otherSpellings(false);
      return random.nextDouble() < 0.75 || others.isEmpty()
          ? usual
          : new Name(others.get(random.nextInt(others.size())), spellings);
    }

    static Name of(String spelling) {
      return new Name(spelling, List.of(spelling));
    }

    /** Spellings other than this one, of ordinary or Somali orthography. */
    List<String> otherSpellings(boolean somali) {
      return spellings.stream()
          .filter(s -> !s.equals(spelling) && s.startsWith("~") == somali)
          .map(s -> s.replace("~", ""))
          .toList();
    }
  }

  /**
   * One registration.
   *
   * @param mother the mother's names, given name first; empty when not recorded
   * @param motherDocument the mother's identity document as recorded, or empty
   * @param motherId which synthetic mother bore the child, recorded or not
   * @param style how the names were typed, applied to each name field
   */
  public record Child(
      List<Name> given,
      List<Name> family,
      Sex sex,
      LocalDate born,
      List<Name> mother,
      String motherDocument,
      int motherId,
      Culture culture,
      UnaryOperator<String> style) {
    LinkageInput input() {
      return new LinkageInput(
          field(given),
          field(family),
          sex,
          born,
          mother.isEmpty() ? "" : field(mother.subList(0, 1)),
          mother.isEmpty() ? "" : field(mother.subList(1, mother.size())),
          motherDocument);
    }

    /** The given names as this registration wrote them. */
    public String givenNames() {
      return field(given);
    }

    /** The family names as this registration wrote them. */
    public String familyNames() {
      return field(family);
    }

    /** The mother's names as this registration wrote them, given name first; empty if none. */
    public String motherNames() {
      return field(mother);
    }

    private String field(List<Name> names) {
      return style.apply(names.stream().map(Name::spelling).collect(Collectors.joining(" ")));
    }

    Child withNames(List<Name> newGiven, List<Name> newFamily) {
      return new Child(
          newGiven, newFamily, sex, born, mother, motherDocument, motherId, culture, style);
    }

    Child withSex(Sex newSex) {
      return new Child(
          given, family, newSex, born, mother, motherDocument, motherId, culture, style);
    }

    Child withBorn(LocalDate newBorn) {
      return new Child(
          given, family, sex, newBorn, mother, motherDocument, motherId, culture, style);
    }

    Child withMother(List<Name> newMother, String newDocument) {
      return new Child(given, family, sex, born, newMother, newDocument, motherId, culture, style);
    }

    Child withStyle(UnaryOperator<String> newStyle) {
      return new Child(
          given, family, sex, born, mother, motherDocument, motherId, culture, newStyle);
    }

    List<Name> allNames() {
      List<Name> all = new ArrayList<>(given);
      all.addAll(family);
      return all;
    }
  }

  /** Two registrations of one child, or of one mother's births too close together. */
  public record Injected(int original, int duplicate, Category category) {}

  /** Naming customs: where a child's names come from. */
  enum Naming {
    /** English given name, an ethnic name, the father's surname (Kikuyu, Luo, Kalenjin...). */
    KENYAN,
    /** Given name, father's name, grandfather's name (Somali, Sudanese; Swahili often two). */
    PATRONYMIC,
    /** English given name and a Luganda clan name of the child's own; twins get fixed names. */
    GANDA
  }

  /**
   * The naming cultures, with their share of mothers, the identity document a mother may carry and
   * how many carry one. The shares and rates are assumptions for the test, not survey figures.
   */
  public enum Culture {
    KIKUYU(
        0.12,
        "KE national ID ",
        0.9,
        Naming.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.KIKUYU_MALE,
        SyntheticNames.KIKUYU_FEMALE),
    LUO(
        0.09,
        "KE national ID ",
        0.9,
        Naming.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.LUO_MALE,
        SyntheticNames.LUO_FEMALE),
    KALENJIN(
        0.07,
        "KE national ID ",
        0.9,
        Naming.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.KALENJIN_MALE,
        SyntheticNames.KALENJIN_FEMALE),
    LUHYA(
        0.07,
        "KE national ID ",
        0.9,
        Naming.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.LUHYA_MALE,
        SyntheticNames.LUHYA_FEMALE),
    KAMBA(
        0.05,
        "KE national ID ",
        0.9,
        Naming.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.KAMBA_MALE,
        SyntheticNames.KAMBA_FEMALE),
    SOMALI(
        0.25,
        "KE refugee ID ",
        0.8,
        Naming.PATRONYMIC,
        SyntheticNames.SOMALI_MALE,
        SyntheticNames.SOMALI_FEMALE,
        SyntheticNames.SOMALI_MALE,
        SyntheticNames.SOMALI_FEMALE),
    SWAHILI(
        0.15,
        "TZ national ID ",
        0.85,
        Naming.PATRONYMIC,
        SyntheticNames.SWAHILI_MALE,
        SyntheticNames.SWAHILI_FEMALE,
        SyntheticNames.SWAHILI_MALE,
        SyntheticNames.SWAHILI_FEMALE),
    GANDA(
        0.12,
        "UG NIN ",
        0.8,
        Naming.GANDA,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.GANDA_MALE,
        SyntheticNames.GANDA_FEMALE),
    SUDANESE(
        0.08,
        "KE refugee ID ",
        0.8,
        Naming.PATRONYMIC,
        SyntheticNames.ARABIC_MALE,
        SyntheticNames.ARABIC_FEMALE,
        SyntheticNames.ARABIC_MALE,
        SyntheticNames.ARABIC_FEMALE);

    final double weight;
    final String documentPrefix;
    final double documented;
    final Naming naming;
    final NameList givenMale;
    final NameList givenFemale;
    final NameList ethnicMale;
    final NameList ethnicFemale;

    Culture(
        double weight,
        String documentPrefix,
        double documented,
        Naming naming,
        NameList givenMale,
        NameList givenFemale,
        NameList ethnicMale,
        NameList ethnicFemale) {
      this.weight = weight;
      this.documentPrefix = documentPrefix;
      this.documented = documented;
      this.naming = naming;
      this.givenMale = givenMale;
      this.givenFemale = givenFemale;
      this.ethnicMale = ethnicMale;
      this.ethnicFemale = ethnicFemale;
    }

    boolean muslim() {
      return this == SOMALI || this == SWAHILI || this == SUDANESE;
    }

    NameList given(Sex sex) {
      return sex == Sex.MALE ? givenMale : givenFemale;
    }

    NameList ethnic(Sex sex) {
      return sex == Sex.MALE ? ethnicMale : ethnicFemale;
    }

    /** The names a father passes on: a surname, or his name and his father's. */
    List<Name> fatherLine(RandomGenerator random) {
      return switch (naming) {
        case KENYAN -> List.of(Name.drawn(ethnicMale, random));
        case PATRONYMIC ->
            this == SWAHILI && random.nextDouble() < 0.7
                ? List.of(Name.drawn(givenMale, random))
                : List.of(Name.drawn(givenMale, random), Name.drawn(givenMale, random));
        case GANDA -> List.of();
      };
    }

    List<Name> mother(RandomGenerator random) {
      List<Name> names = new ArrayList<>();
      names.add(Name.drawn(givenFemale, random));
      if (naming == Naming.KENYAN || naming == Naming.GANDA) {
        names.add(Name.drawn(ethnicFemale, random));
        if (naming == Naming.KENYAN && random.nextDouble() < 0.6) {
          names.add(Name.drawn(ethnicMale, random));
        }
      } else {
        names.addAll(fatherLine(random));
      }
      return names;
    }

    List<Name> childGiven(RandomGenerator random, Sex sex) {
      return naming == Naming.KENYAN
          ? List.of(Name.drawn(given(sex), random), Name.drawn(ethnic(sex), random))
          : List.of(Name.drawn(given(sex), random));
    }

    List<Name> childFamily(RandomGenerator random, Sex sex, List<Name> fatherLine) {
      return naming == Naming.GANDA ? List.of(Name.drawn(ethnic(sex), random)) : fatherLine;
    }
  }

  final List<Child> children = new ArrayList<>();
  final List<Injected> injected = new ArrayList<>();

  /** Pairs of registrations of twins (or triplets' pairs), by index. */
  final List<int[]> twins = new ArrayList<>();

  private final RandomGenerator random;
  private final Set<Integer> used = new HashSet<>();

  /** Each mother's names, by mother id. */
  private final List<List<Name>> motherNames = new ArrayList<>();

  /** Each mother's identity document, or null when she has none, by mother id. */
  private final List<String> motherDocuments = new ArrayList<>();

  /** The first given names of each mother's children, by mother id: parents do not repeat them. */
  private final List<Set<List<String>>> givenByMother = new ArrayList<>();

  private SyntheticPopulation(RandomGenerator random) {
    this.random = random;
  }

  /**
   * At least {@code baseChildren} children, then {@code perCategory} injected registrations of each
   * {@link Category}.
   */
  public static SyntheticPopulation generate(
      RandomGenerator random, int baseChildren, int perCategory) {
    SyntheticPopulation population = new SyntheticPopulation(random);
    int mother = 0;
    while (population.children.size() < baseChildren) {
      population.addFamily(mother++);
    }
    int base = population.children.size();
    for (Category category : Category.values()) {
      for (int i = 0; i < perCategory; i++) {
        population.inject(category, base);
      }
    }
    return population;
  }

  /** The registrations: the population's children in order, then the injected ones. */
  public List<Child> children() {
    return Collections.unmodifiableList(children);
  }

  /** The registrations injected as known duplicates, by index into {@link #children()}. */
  public List<Injected> injected() {
    return Collections.unmodifiableList(injected);
  }

  /** Pairs of registrations of twins, by index into {@link #children()}. */
  public List<int[]> twins() {
    return Collections.unmodifiableList(twins);
  }

  int mothers() {
    return motherNames.size();
  }

  private void addFamily(int motherId) {
    Culture culture = culture();
    List<Name> mother = culture.mother(random);
    motherNames.add(mother);
    motherDocuments.add(
        random.nextDouble() < culture.documented
            ? culture.documentPrefix + (100_000_000 + random.nextInt(900_000_000))
            : null);
    givenByMother.add(new HashSet<>());
    List<Name> fatherLine = culture.fatherLine(random);
    int deliveries = 1 + pick(DELIVERIES);
    // Mothers who began before the registry's years still have children inside them.
    LocalDate earliest = FIRST_BIRTH.minusYears(5);
    LocalDate delivery =
        earliest.plusDays(random.nextLong(ChronoUnit.DAYS.between(earliest, LAST_BIRTH) + 1));
    for (int d = 0; d < deliveries && !delivery.isAfter(LAST_BIRTH); d++) {
      if (!delivery.isBefore(FIRST_BIRTH)) {
        Child template =
            new Child(
                List.of(),
                List.of(),
                Sex.NOT_KNOWN,
                delivery,
                mother,
                "",
                motherId,
                culture,
                UnaryOperator.identity());
        addDelivery(template, fatherLine);
      }
      if (random.nextDouble() < NEW_FATHER) {
        fatherLine = culture.fatherLine(random);
      }
      // At least 14 months between deliveries, most between 18 and 40: a mean of 30.
      double months = 14 - 16 * Math.log(1 - random.nextDouble());
      delivery = delivery.plusDays(Math.round(months * 30.44));
    }
  }

  private void addDelivery(Child template, List<Name> fatherLine) {
    // One registration of a delivery records the mother once, for twins too.
    Child delivery = recorded(template);
    if (random.nextDouble() >= TWIN_DELIVERIES) {
      children.add(named(delivery, sex(), fatherLine));
      return;
    }
    Child first = named(delivery, sex(), fatherLine);
    Child second = named(delivery, sex(), fatherLine);
    if (delivery.culture() == Culture.GANDA) {
      first =
          first.withNames(first.given(), twinName(SyntheticNames.GANDA_TWINS.get(first.sex()), 0));
      second =
          second.withNames(
              second.given(), twinName(SyntheticNames.GANDA_TWINS.get(second.sex()), 1));
    } else if (delivery.culture().muslim()
        && first.sex() == Sex.MALE
        && second.sex() == Sex.MALE
        && random.nextDouble() < 0.3) {
      first = first.withNames(twinName(SyntheticNames.MUSLIM_TWIN_BOYS, 0), first.family());
      second = second.withNames(twinName(SyntheticNames.MUSLIM_TWIN_BOYS, 1), second.family());
    }
    twins.add(new int[] {children.size(), children.size() + 1});
    children.add(first);
    children.add(second);
  }

  /**
   * The mother as one registration records her: sometimes not at all, her document when she has one
   * nine times in ten.
   */
  private Child recorded(Child child) {
    if (random.nextDouble() < MOTHER_NOT_RECORDED) {
      return child.withMother(List.of(), "");
    }
    String document = motherDocuments.get(child.motherId());
    return child.withMother(
        child.mother(),
        document != null && random.nextDouble() < DOCUMENT_RECORDED ? typed(document) : "");
  }

  /** A document number as typed: spaced, hyphenated or run together, in either case. */
  private String typed(String document) {
    return switch (random.nextInt(4)) {
      case 0 -> document;
      case 1 -> document.toUpperCase(Locale.ROOT);
      case 2 -> document.replace(' ', '-');
      default -> document.replace(" ", "");
    };
  }

  private static List<Name> twinName(List<String> names, int birthOrder) {
    return List.of(Name.of(names.get(birthOrder)));
  }

  /** A child of the template's mother with a first given name none of her children has. */
  private Child named(Child template, Sex sex, List<Name> fatherLine) {
    Culture culture = template.culture();
    Set<List<String>> taken = givenByMother.get(template.motherId());
    List<Name> given = culture.childGiven(random, sex);
    while (!taken.add(given.get(0).spellings())) {
      given = culture.childGiven(random, sex);
    }
    return template.withNames(given, culture.childFamily(random, sex, fatherLine)).withSex(sex);
  }

  private void inject(Category category, int base) {
    Predicate<Child> eligible =
        switch (category) {
          case SPELLING_VARIANT ->
              c -> c.allNames().stream().anyMatch(n -> !n.otherSpellings(false).isEmpty());
          case SOMALI_ORTHOGRAPHY ->
              c -> c.allNames().stream().anyMatch(n -> !n.otherSpellings(true).isEmpty());
          case NAME_PARTS_REORDERED ->
              c -> c.allNames().stream().map(Name::spelling).distinct().count() > 1;
          case SHORT_BIRTH_INTERVAL -> c -> !c.mother().isEmpty();
          case BIRTH_YEAR_SHIFTED, BIRTH_DATE_ESTIMATED, ACCENTS_AND_CASE -> c -> true;
        };
    int original;
    do {
      original = random.nextInt(base);
    } while (used.contains(original) || !eligible.test(children.get(original)));
    used.add(original);
    Child child = children.get(original);
    Child duplicate =
        switch (category) {
          case SPELLING_VARIANT -> respelled(child, false);
          case SOMALI_ORTHOGRAPHY -> respelled(child, true);
          case BIRTH_YEAR_SHIFTED ->
              reRecordedMother(child, false).withBorn(shiftedYear(child.born()));
          case BIRTH_DATE_ESTIMATED ->
              reRecordedMother(child, false).withBorn(estimated(child.born()));
          case NAME_PARTS_REORDERED -> reordered(reRecordedMother(child, false));
          case ACCENTS_AND_CASE -> styled(reRecordedMother(child, false));
          case SHORT_BIRTH_INTERVAL -> closeSibling(child);
        };
    injected.add(new Injected(original, children.size(), category));
    children.add(duplicate);
  }

  /** Every name with another spelling changes with even odds, at least one of them. */
  private Child respelled(Child child, boolean somali) {
    List<Name> names = child.allNames();
    List<Integer> changeable = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).otherSpellings(somali).isEmpty()) {
        changeable.add(i);
      }
    }
    Set<Integer> change = new HashSet<>();
    change.add(changeable.get(random.nextInt(changeable.size())));
    for (int i : changeable) {
      if (somali || random.nextBoolean()) {
        change.add(i);
      }
    }
    List<Name> respelled = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      respelled.add(change.contains(i) ? respell(names.get(i), somali) : names.get(i));
    }
    int given = child.given().size();
    return reRecordedMother(child, somali)
        .withNames(respelled.subList(0, given), respelled.subList(given, respelled.size()));
  }

  private Name respell(Name name, boolean somali) {
    List<String> others = name.otherSpellings(somali);
    return new Name(others.get(random.nextInt(others.size())), name.spellings());
  }

  /**
   * The child's mother as another registration records her: each name respelled three times in ten
   * when it has another spelling, and her document recorded afresh.
   */
  private Child reRecordedMother(Child child, boolean somali) {
    List<Name> mother = new ArrayList<>();
    for (Name name : motherNames.get(child.motherId())) {
      boolean change = random.nextDouble() < 0.3 && !name.otherSpellings(somali).isEmpty();
      mother.add(change ? respell(name, somali) : name);
    }
    return recorded(child.withMother(mother, ""));
  }

  private LocalDate shiftedYear(LocalDate born) {
    int shift = 1 + random.nextInt(LinkageTokens.MAX_YEAR_SHIFT);
    // Shift back when forward would pass the registry's last year, as an age estimate might.
    return born.plusYears(
        born.getYear() + shift > LAST_BIRTH.getYear() || random.nextBoolean() ? -shift : shift);
  }

  private LocalDate estimated(LocalDate born) {
    long days = 30 + random.nextLong(18 * 30);
    return random.nextBoolean() ? born.plusDays(days) : born.minusDays(days);
  }

  private Child reordered(Child child) {
    List<Name> names = new ArrayList<>(child.allNames());
    List<String> original = spellings(names);
    while (spellings(names).equals(original)) {
      Collections.shuffle(names, new Random(random.nextLong()));
    }
    int given = 1 + random.nextInt(names.size() - 1);
    return child.withNames(names.subList(0, given), names.subList(given, names.size()));
  }

  private static List<String> spellings(List<Name> names) {
    return names.stream().map(Name::spelling).toList();
  }

  private static final Map<Character, String> ACCENTS =
      Map.of('a', "áàâäã", 'e', "éèêë", 'i', "íìîï", 'o', "óòôöõ", 'u', "úùûü", 'n', "ñ", 'c', "ç");

  private Child styled(Child child) {
    long seed = random.nextLong();
    return child.withStyle(name -> typed(name, new Random(seed ^ name.hashCode())));
  }

  /** As a hurried clerk types it: some accents, some capitals, some stray punctuation. */
  private static String typed(String name, RandomGenerator random) {
    StringBuilder typed = new StringBuilder();
    for (char c : name.toCharArray()) {
      String accents = ACCENTS.get(Character.toLowerCase(c));
      if (accents != null && random.nextDouble() < 0.3) {
        char accented = accents.charAt(random.nextInt(accents.length()));
        typed.append(Character.isUpperCase(c) ? Character.toUpperCase(accented) : accented);
      } else if (c == ' ' && random.nextBoolean()) {
        typed.append(random.nextBoolean() ? "-" : " ,  ");
      } else {
        typed.append(c);
      }
    }
    if (typed.length() > 3 && random.nextDouble() < 0.3) {
      typed.insert(2, '\'');
    }
    return switch (random.nextInt(3)) {
      case 0 -> typed.toString().toUpperCase(Locale.ROOT);
      case 1 -> typed.toString().toLowerCase(Locale.ROOT);
      default -> typed + (random.nextBoolean() ? "." : "");
    };
  }

  /**
   * Another child of the same mother and father, with another given name, born 1 day to just under
   * 9 months before or after, and registered separately.
   */
  private Child closeSibling(Child child) {
    LocalDate born = child.born();
    LocalDate limit = random.nextBoolean() ? born.plusMonths(9) : born.minusMonths(9);
    long days = 1 + random.nextLong(Math.abs(ChronoUnit.DAYS.between(born, limit)) - 1);
    return reRecordedMother(named(child, sex(), child.family()), false)
        .withBorn(limit.isAfter(born) ? born.plusDays(days) : born.minusDays(days));
  }

  private Culture culture() {
    double u = random.nextDouble();
    for (Culture culture : Culture.values()) {
      u -= culture.weight;
      if (u < 0) {
        return culture;
      }
    }
    return Culture.values()[Culture.values().length - 1];
  }

  private Sex sex() {
    return random.nextDouble() < MALE ? Sex.MALE : Sex.FEMALE;
  }

  private int pick(double[] weights) {
    double u = random.nextDouble();
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
