package org.haven.core.identity;

import java.util.regex.Pattern;

/** A member organisation's identifier: 2 to 40 lowercase letters, digits or hyphens. */
public record OrgId(String value) implements Comparable<OrgId> {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");

  public OrgId {
    if (value == null || !FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "organisation id must be 2 to 40 lowercase letters, digits or hyphens, got '"
              + value
              + "'");
    }
  }

  @Override
  public int compareTo(OrgId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
