package org.haven.core.identity;

import java.util.Locale;
import java.util.Set;

/** A country, as an ISO 3166-1 alpha-2 code such as {@code KE} or {@code UG}. */
public record Jurisdiction(String code) {
  private static final Set<String> ISO_3166_ALPHA_2 =
      Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

  public Jurisdiction {
    if (code == null || !ISO_3166_ALPHA_2.contains(code)) {
      throw new IllegalArgumentException(
          "jurisdiction must be an ISO 3166-1 alpha-2 country code in capitals, such as KE, got '"
              + code
              + "'");
    }
  }

  @Override
  public String toString() {
    return code;
  }
}
