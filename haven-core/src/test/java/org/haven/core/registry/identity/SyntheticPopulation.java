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
 * generator, so a seed always gives the same population.
 */
final class SyntheticPopulation {
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

  /** A mother's partner changes after a delivery this often, giving half-siblings. */
  private static final double NEW_FATHER = 0.10;

  /** What an injected registration changes about the child it duplicates. */
  enum Category {
    /** One or more name parts, the mother's too sometimes, in another common spelling. */
    SPELLING_VARIANT,
    /** The birth year 1 to 3 years earlier or later, as an estimated age gives. */
    BIRTH_YEAR_SHIFTED,
    /** The name parts in another order, given and family names mixed. */
    NAME_PARTS_REORDERED,
    /** Accents, capitals, hyphens and apostrophes added. */
    ACCENTS_AND_CASE,
    /** Another child of the same mother, born less than 9 months before or after. */
    SHORT_BIRTH_INTERVAL,
    /** Somali names in Somali orthography (Xasan, Cabdi): measured, not required. */
    SOMALI_ORTHOGRAPHY;

    /** Whether the evaluation requires this category to be caught. */
    boolean required() {
      return this != SOMALI_ORTHOGRAPHY;
    }
  }

  /** A name as written, with every spelling of it. */
  record Name(String spelling, List<String> spellings) {
    static Name drawn(NameList list, RandomGenerator random) {
      List<String> spellings = list.draw(random);
      // One time in four a registry writes a name in a less usual spelling.
      String spelling =
          random.nextDouble() < 0.75 || spellings.size() == 1
              ? spellings.get(0)
              : spellings.get(random.nextInt(spellings.size()));
      return new Name(spelling, spellings);
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
   * @param motherId which synthetic mother bore the child, recorded or not
   * @param style how the names were typed, applied to each name field
   */
  record Child(
      List<Name> given,
      List<Name> family,
      Sex sex,
      LocalDate born,
      List<Name> mother,
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
          mother.isEmpty() ? "" : field(mother.subList(1, mother.size())));
    }

    private String field(List<Name> names) {
      return style.apply(names.stream().map(Name::spelling).collect(Collectors.joining(" ")));
    }

    List<Name> allNames() {
      List<Name> all = new ArrayList<>(given);
      all.addAll(family);
      return all;
    }
  }

  /** Two registrations of one child, or of one mother's births too close together. */
  record Injected(int original, int duplicate, Category category) {}

  /** Naming customs: where a child's names come from. */
  enum Pattern {
    /** English given name, an ethnic name, the father's surname (Kikuyu, Luo, Kalenjin...). */
    KENYAN,
    /** Given name, father's name, grandfather's name (Somali, Sudanese; Swahili often two). */
    PATRONYMIC,
    /** English given name and a Luganda clan name of the child's own; twins get fixed names. */
    GANDA
  }

  enum Culture {
    KIKUYU(
        0.12,
        Pattern.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.KIKUYU_MALE,
        SyntheticNames.KIKUYU_FEMALE),
    LUO(
        0.09,
        Pattern.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.LUO_MALE,
        SyntheticNames.LUO_FEMALE),
    KALENJIN(
        0.07,
        Pattern.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.KALENJIN_MALE,
        SyntheticNames.KALENJIN_FEMALE),
    LUHYA(
        0.07,
        Pattern.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.LUHYA_MALE,
        SyntheticNames.LUHYA_FEMALE),
    KAMBA(
        0.05,
        Pattern.KENYAN,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.KAMBA_MALE,
        SyntheticNames.KAMBA_FEMALE),
    SOMALI(
        0.25,
        Pattern.PATRONYMIC,
        SyntheticNames.SOMALI_MALE,
        SyntheticNames.SOMALI_FEMALE,
        SyntheticNames.SOMALI_MALE,
        SyntheticNames.SOMALI_FEMALE),
    SWAHILI(
        0.15,
        Pattern.PATRONYMIC,
        SyntheticNames.SWAHILI_MALE,
        SyntheticNames.SWAHILI_FEMALE,
        SyntheticNames.SWAHILI_MALE,
        SyntheticNames.SWAHILI_FEMALE),
    GANDA(
        0.12,
        Pattern.GANDA,
        SyntheticNames.ENGLISH_MALE,
        SyntheticNames.ENGLISH_FEMALE,
        SyntheticNames.GANDA_MALE,
        SyntheticNames.GANDA_FEMALE),
    SUDANESE(
        0.08,
        Pattern.PATRONYMIC,
        SyntheticNames.ARABIC_MALE,
        SyntheticNames.ARABIC_FEMALE,
        SyntheticNames.ARABIC_MALE,
        SyntheticNames.ARABIC_FEMALE);

    final double weight;
    final Pattern pattern;
    final NameList givenMale;
    final NameList givenFemale;
    final NameList ethnicMale;
    final NameList ethnicFemale;

    Culture(
        double weight,
        Pattern pattern,
        NameList givenMale,
        NameList givenFemale,
        NameList ethnicMale,
        NameList ethnicFemale) {
      this.weight = weight;
      this.pattern = pattern;
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
      return switch (pattern) {
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
      if (pattern == Pattern.KENYAN || pattern == Pattern.GANDA) {
        names.add(Name.drawn(ethnicFemale, random));
        if (pattern == Pattern.KENYAN && random.nextDouble() < 0.6) {
          names.add(Name.drawn(ethnicMale, random));
        }
      } else {
        names.addAll(fatherLine(random));
      }
      return names;
    }

    List<Name> childGiven(RandomGenerator random, Sex sex) {
      return pattern == Pattern.KENYAN
          ? List.of(Name.drawn(given(sex), random), Name.drawn(ethnic(sex), random))
          : List.of(Name.drawn(given(sex), random));
    }

    List<Name> childFamily(RandomGenerator random, Sex sex, List<Name> fatherLine) {
      return pattern == Pattern.GANDA ? List.of(Name.drawn(ethnic(sex), random)) : fatherLine;
    }
  }

  final List<Child> children = new ArrayList<>();
  final List<Injected> injected = new ArrayList<>();

  /** Pairs of registrations of twins (or triplets' pairs), by index. */
  final List<int[]> twins = new ArrayList<>();

  private final RandomGenerator random;
  private final Set<Integer> used = new HashSet<>();

  private SyntheticPopulation(RandomGenerator random) {
    this.random = random;
  }

  /**
   * At least {@code baseChildren} children, then {@code perCategory} injected registrations of each
   * {@link Category}.
   */
  static SyntheticPopulation generate(RandomGenerator random, int baseChildren, int perCategory) {
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

  private void addFamily(int motherId) {
    Culture culture = culture();
    List<Name> mother = culture.mother(random);
    List<Name> fatherLine = culture.fatherLine(random);
    int deliveries = 1 + pick(DELIVERIES);
    // Mothers who began before the registry's years still have children inside them.
    LocalDate delivery =
        FIRST_BIRTH
            .minusYears(5)
            .plusDays(
                random.nextLong(
                    ChronoUnit.DAYS.between(FIRST_BIRTH.minusYears(5), LAST_BIRTH) + 1));
    for (int d = 0; d < deliveries && !delivery.isAfter(LAST_BIRTH); d++) {
      if (!delivery.isBefore(FIRST_BIRTH)) {
        addDelivery(culture, mother, motherId, fatherLine, delivery);
      }
      if (random.nextDouble() < NEW_FATHER) {
        fatherLine = culture.fatherLine(random);
      }
      // At least 14 months between deliveries, most between 18 and 40: a mean of 30.
      double months = 14 - 16 * Math.log(1 - random.nextDouble());
      delivery = delivery.plusDays(Math.round(months * 30.44));
    }
  }

  private void addDelivery(
      Culture culture, List<Name> mother, int motherId, List<Name> fatherLine, LocalDate born) {
    List<Name> recordedMother = random.nextDouble() < MOTHER_NOT_RECORDED ? List.of() : mother;
    if (random.nextDouble() >= TWIN_DELIVERIES) {
      Sex sex = sex();
      children.add(
          new Child(
              culture.childGiven(random, sex),
              culture.childFamily(random, sex, fatherLine),
              sex,
              born,
              recordedMother,
              motherId,
              culture,
              UnaryOperator.identity()));
      return;
    }
    Sex first = sex();
    Sex second = sex();
    List<Name> firstGiven = culture.childGiven(random, first);
    List<Name> secondGiven = culture.childGiven(random, second);
    while (secondGiven.get(0).spellings().equals(firstGiven.get(0).spellings())) {
      secondGiven = culture.childGiven(random, second);
    }
    List<Name> firstFamily = culture.childFamily(random, first, fatherLine);
    List<Name> secondFamily = culture.childFamily(random, second, fatherLine);
    if (culture == Culture.GANDA) {
      firstFamily = List.of(Name.of(SyntheticNames.GANDA_TWINS.get(first).get(0)));
      secondFamily = List.of(Name.of(SyntheticNames.GANDA_TWINS.get(second).get(1)));
    } else if (culture.muslim()
        && first == Sex.MALE
        && second == Sex.MALE
        && random.nextDouble() < 0.3) {
      firstGiven = List.of(Name.of(SyntheticNames.MUSLIM_TWIN_BOYS.get(0)));
      secondGiven = List.of(Name.of(SyntheticNames.MUSLIM_TWIN_BOYS.get(1)));
    }
    twins.add(new int[] {children.size(), children.size() + 1});
    children.add(
        new Child(
            firstGiven,
            firstFamily,
            first,
            born,
            recordedMother,
            motherId,
            culture,
            UnaryOperator.identity()));
    children.add(
        new Child(
            secondGiven,
            secondFamily,
            second,
            born,
            recordedMother,
            motherId,
            culture,
            UnaryOperator.identity()));
  }

  private void inject(Category category, int base) {
    Predicate<Child> eligible =
        switch (category) {
          case SPELLING_VARIANT ->
              c -> c.allNames().stream().anyMatch(n -> !n.otherSpellings(false).isEmpty());
          case SOMALI_ORTHOGRAPHY ->
              c -> c.allNames().stream().anyMatch(n -> !n.otherSpellings(true).isEmpty());
          case NAME_PARTS_REORDERED -> c -> c.allNames().size() > 1;
          case SHORT_BIRTH_INTERVAL -> c -> !c.mother().isEmpty();
          case BIRTH_YEAR_SHIFTED, ACCENTS_AND_CASE -> c -> true;
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
          case BIRTH_YEAR_SHIFTED -> withBorn(child, shiftedYear(child.born()));
          case NAME_PARTS_REORDERED -> reordered(child);
          case ACCENTS_AND_CASE -> styled(child);
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
    List<Name> mother = new ArrayList<>();
    for (Name name : child.mother()) {
      boolean change30 = random.nextDouble() < 0.3 && !name.otherSpellings(somali).isEmpty();
      mother.add(change30 ? respell(name, somali) : name);
    }
    int given = child.given().size();
    return new Child(
        respelled.subList(0, given),
        respelled.subList(given, respelled.size()),
        child.sex(),
        child.born(),
        mother,
        child.motherId(),
        child.culture(),
        child.style());
  }

  private Name respell(Name name, boolean somali) {
    List<String> others = name.otherSpellings(somali);
    return new Name(others.get(random.nextInt(others.size())), name.spellings());
  }

  private LocalDate shiftedYear(LocalDate born) {
    int shift = 1 + random.nextInt(LinkageTokens.MAX_YEAR_SHIFT);
    // Shift back when forward would pass the registry's last year, as an age estimate might.
    return born.plusYears(
        born.getYear() + shift > LAST_BIRTH.getYear() || random.nextBoolean() ? -shift : shift);
  }

  private Child withBorn(Child child, LocalDate born) {
    return new Child(
        child.given(),
        child.family(),
        child.sex(),
        born,
        child.mother(),
        child.motherId(),
        child.culture(),
        child.style());
  }

  private Child reordered(Child child) {
    List<Name> names = new ArrayList<>(child.allNames());
    List<Name> original = List.copyOf(names);
    while (names.equals(original)) {
      Collections.shuffle(names, new Random(random.nextLong()));
    }
    int given = 1 + random.nextInt(names.size() - 1);
    return new Child(
        names.subList(0, given),
        names.subList(given, names.size()),
        child.sex(),
        child.born(),
        child.mother(),
        child.motherId(),
        child.culture(),
        child.style());
  }

  private static final Map<Character, String> ACCENTS =
      Map.of('a', "áàâäã", 'e', "éèêë", 'i', "íìîï", 'o', "óòôöõ", 'u', "úùûü", 'n', "ñ", 'c', "ç");

  private Child styled(Child child) {
    long seed = random.nextLong();
    UnaryOperator<String> style = name -> typed(name, new Random(seed ^ name.hashCode()));
    return new Child(
        child.given(),
        child.family(),
        child.sex(),
        child.born(),
        child.mother(),
        child.motherId(),
        child.culture(),
        style);
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

  /** A second child of the same mother and father, born 1 day to just under 9 months apart. */
  private Child closeSibling(Child child) {
    Sex sex = sex();
    List<Name> given = child.culture().childGiven(random, sex);
    while (given.get(0).spellings().equals(child.given().get(0).spellings())) {
      given = child.culture().childGiven(random, sex);
    }
    LocalDate born = child.born();
    LocalDate limit = random.nextBoolean() ? born.plusMonths(9) : born.minusMonths(9);
    long days = 1 + random.nextLong(Math.abs(ChronoUnit.DAYS.between(born, limit)) - 1);
    List<Name> mother = new ArrayList<>();
    for (Name name : child.mother()) {
      boolean change = random.nextDouble() < 0.3 && !name.otherSpellings(false).isEmpty();
      mother.add(change ? respell(name, false) : name);
    }
    return new Child(
        given,
        child.culture().childFamily(random, sex, child.family()),
        sex,
        limit.isAfter(born) ? born.plusDays(days) : born.minusDays(days),
        mother,
        child.motherId(),
        child.culture(),
        UnaryOperator.identity());
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
