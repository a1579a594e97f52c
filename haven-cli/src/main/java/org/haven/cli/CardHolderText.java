package org.haven.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.stream.Collectors;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.ConsentClaims;
import org.haven.card.CredentialRead;
import org.haven.card.border.CompanionDocument;
import org.haven.core.identity.Jurisdiction;

/**
 * Who the card belongs to and what the consent covers, as {@code haven check} prints them for the
 * officer to compare with the child: only what the credentials carry.
 */
final class CardHolderText {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  private CardHolderText() {}

  static void print(
      PrintWriter out,
      CredentialRead<CardClaims> card,
      Optional<CredentialRead<ConsentClaims>> consent,
      CompanionDocument companion,
      LocalDate today) {
    if (card instanceof CredentialRead.Valid<CardClaims> valid) {
      CardClaims holder = valid.claims();
      out.println();
      out.println("The card belongs to:");
      out.println("  Names:         " + holder.givenNames() + " " + holder.familyNames());
      out.printf(
          "  Born:          %s, %d years old today%n",
          DAY.format(holder.dateOfBirth()), Period.between(holder.dateOfBirth(), today).getYears());
      out.println("  Sex:           " + words(holder.sex().name()));
      out.println("  Child number:  " + holder.child());
      out.println(
          "  Photo:         "
              + (holder.face().isPresent()
                  ? "on the card (see the printed card or the web page)"
                  : "none on this card"));
      out.println(
          "  Guardians:     "
              + (holder.guardians().isEmpty()
                  ? "none named"
                  : holder.guardians().stream()
                      .map(CardHolderText::guardian)
                      .collect(Collectors.joining("; "))));
    }
    if (consent.isPresent() && consent.get() instanceof CredentialRead.Valid<ConsentClaims> read) {
      ConsentClaims claims = read.claims();
      out.println("The travel consent:");
      out.println(
          "  Companion:     the document shown is "
              + (companion.digest(claims.salt()).equals(claims.companion()) ? "" : "NOT ")
              + "the one the consent names");
      out.println("  For child:     " + claims.child());
      out.println(
          "  Destinations:  "
              + claims.destinations().stream()
                  .map(Jurisdiction::code)
                  .collect(Collectors.joining(", ")));
      out.println(
          "  Dates:         from "
              + DAY.format(claims.validFrom())
              + " to "
              + DAY.format(claims.validUntil()));
      out.println("  Trips:         " + (claims.multipleTrips() ? "several" : "one trip only"));
    }
    out.flush();
  }

  private static String guardian(CardGuardian guardian) {
    return guardian.names() + " (" + words(guardian.relationship().name()) + ")";
  }

  private static String words(String constant) {
    String lower = constant.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
