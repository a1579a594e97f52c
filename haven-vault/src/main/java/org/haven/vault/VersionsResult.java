package org.haven.vault;

import java.util.List;

/** What {@link Vault#versions} found for a child number. */
public sealed interface VersionsResult {
  /**
   * Every version of the child's data, oldest first; the last is what {@link Vault#read} answers.
   * Never empty. {@link #toString()} reveals no data.
   */
  record Versions(List<ReadResult.Found> oldestFirst) implements VersionsResult {
    public Versions {
      oldestFirst = List.copyOf(oldestFirst);
      if (oldestFirst.isEmpty()) {
        throw new IllegalArgumentException("a child held in the vault has at least one version");
      }
    }

    @Override
    public String toString() {
      return "Versions[" + oldestFirst.size() + ", redacted]";
    }
  }

  /** The child was erased: no version can be read, ever. */
  record Erased() implements VersionsResult {}

  /** This vault never held data for the child number. */
  record NotFound() implements VersionsResult {}
}
