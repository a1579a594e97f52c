package org.haven.core.identity;

import java.util.regex.Pattern;

/** An officer's identifier, unique on the ledger: 2 to 64 lowercase letters, digits, '.', '-'. */
public record OfficerId(String value) implements Comparable<OfficerId> {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9.-]{1,63}");

  public OfficerId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "officer id must be 2 to 64 lowercase letters, digits, '.' or '-', got '" + value + "'");
    }
  }

  @Override
  public int compareTo(OfficerId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
