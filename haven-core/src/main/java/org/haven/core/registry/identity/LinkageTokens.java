package org.haven.core.registry.identity;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.Mac;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Hash;

/**
 * Computes the linkage tokens of a registration. Each token is
 *
 * <pre>
 * HMAC-SHA-256(key, "haven/linkage/v1\n" || u8 type tag || canonical encoding of the fields)
 * </pre>
 *
 * over phonetic codes of the normalised name parts ({@link NameNormaliser}, Double Metaphone), the
 * sex, and dates or date windows, as each {@link TokenType} describes. Members who hold the same
 * key compute equal tokens from equal fields, so the ledger can find registrations that share a
 * token without anyone seeing a name. {@link DuplicateRule} says which shared tokens flag a
 * possible duplicate.
 */
public final class LinkageTokens {
  /** Birth years this many apart, or fewer, still share a {@code NAME_BIRTH_YEAR_WINDOW} token. */
  public static final int MAX_YEAR_SHIFT = 3;

  /** How many consecutive years one {@code NAME_BIRTH_YEAR_WINDOW} token covers. */
  public static final int YEAR_WINDOW = MAX_YEAR_SHIFT + 1;

  /**
   * How many consecutive months one {@code MOTHER_BIRTH_WINDOW} token covers. Two births less than
   * 9 months apart fall in months at most 9 apart (15 January and 5 October), so every window of 10
   * months that holds the earlier month and the later one serves.
   */
  public static final int MONTH_WINDOW = 10;

  /** The most tokens one registration has. */
  public static final int MAX_TOKENS = 2 * (1 + YEAR_WINDOW + 1 + 1) + 1 + MONTH_WINDOW;

  private static final byte[] DOMAIN = "haven/linkage/v1\n".getBytes(StandardCharsets.US_ASCII);

  private LinkageTokens() {}

  /**
   * The tokens of one registration, in a fixed order: by {@link TokenType}, then by window; then,
   * when names written in Somali orthography fold to other codes ({@link SomaliOrthography}), the
   * name tokens again over the folded codes, those not already there. At most {@value #MAX_TOKENS}:
   * {@code NAME_MOTHER} only when the mother's names are known, the other mother types only when
   * her document is.
   */
  public static List<LinkageToken> compute(LinkageKey key, LinkageInput input) {
    Mac mac = key.newMac();
    int sex = input.sex().code();
    LocalDate born = input.dateOfBirth();
    Optional<String> motherDocument = input.motherDocumentKey();
    List<String> child = codes(input.childNameParts());
    List<String> mother = codes(input.motherNameParts());
    List<LinkageToken> tokens = new ArrayList<>();
    nameTokens(mac, tokens, child, mother, sex, born, Optional.empty());
    if (motherDocument.isPresent()) {
      String document = motherDocument.get();
      tokens.add(token(mac, TokenType.MOTHER_BIRTH_DATE, out -> date(out.string(document), born)));
      int month = monthIndex(born);
      for (int first = month - MONTH_WINDOW + 1; first <= month; first++) {
        int window = first;
        tokens.add(
            token(mac, TokenType.MOTHER_BIRTH_WINDOW, out -> out.string(document).u32(window)));
      }
      tokens.add(
          token(mac, TokenType.MOTHER_DOCUMENT_NAMES, out -> names(out.string(document), child)));
    }
    List<String> foldedChild = foldedCodes(input.childNameParts());
    List<String> foldedMother = foldedCodes(input.motherNameParts());
    if (!foldedChild.equals(child) || !foldedMother.equals(mother)) {
      nameTokens(mac, tokens, foldedChild, foldedMother, sex, born, motherDocument);
    }
    // Names that fold only on one side (the mother's) repeat the other side's tokens.
    return List.copyOf(new LinkedHashSet<>(tokens));
  }

  /**
   * The tokens over the child's names: {@code NAME_BIRTH_DATE}, {@code NAME_BIRTH_YEAR_WINDOW},
   * {@code NAME_MOTHER} when the mother's names are known, and {@code MOTHER_DOCUMENT_NAMES} when
   * {@code document} is given.
   */
  private static void nameTokens(
      Mac mac,
      List<LinkageToken> tokens,
      List<String> child,
      List<String> mother,
      int sex,
      LocalDate born,
      Optional<String> document) {
    tokens.add(token(mac, TokenType.NAME_BIRTH_DATE, out -> date(names(out, child).u8(sex), born)));
    int day = dayForYearShift(born);
    for (int first = born.getYear() - MAX_YEAR_SHIFT; first <= born.getYear(); first++) {
      int window = first;
      tokens.add(
          token(
              mac,
              TokenType.NAME_BIRTH_YEAR_WINDOW,
              out -> names(out, child).u8(sex).u8(born.getMonthValue()).u8(day).u32(window)));
    }
    if (!mother.isEmpty()) {
      tokens.add(token(mac, TokenType.NAME_MOTHER, out -> names(names(out, child), mother)));
    }
    document.ifPresent(
        d ->
            tokens.add(
                token(mac, TokenType.MOTHER_DOCUMENT_NAMES, out -> names(out.string(d), child))));
  }

  private static List<String> foldedCodes(List<String> parts) {
    return codes(parts.stream().map(SomaliOrthography::fold).toList());
  }

  static List<String> codes(List<String> parts) {
    return parts.stream().map(PhoneticKey::of).sorted().toList();
  }

  private static CanonicalWriter names(CanonicalWriter out, List<String> codes) {
    return out.list(codes, CanonicalWriter::string);
  }

  private static CanonicalWriter date(CanonicalWriter out, LocalDate date) {
    return out.u32(date.getYear()).u8(date.getMonthValue()).u8(date.getDayOfMonth());
  }

  /**
   * 29 February counts as 28 February: moving such a birth date to another year, as a registrar's
   * estimate does, lands on 28 February.
   */
  private static int dayForYearShift(LocalDate date) {
    return date.getMonth() == Month.FEBRUARY && date.getDayOfMonth() == 29
        ? 28
        : date.getDayOfMonth();
  }

  /** Months since January of year 0, so that consecutive months have consecutive numbers. */
  private static int monthIndex(LocalDate date) {
    return date.getYear() * 12 + date.getMonthValue() - 1;
  }

  static LinkageToken token(Mac mac, TokenType type, Consumer<CanonicalWriter> fields) {
    CanonicalWriter out = new CanonicalWriter().u8(type.tag());
    fields.accept(out);
    mac.update(DOMAIN);
    mac.update(out.toByteArray());
    return new LinkageToken(type, Hash.of(mac.doFinal()));
  }
}
