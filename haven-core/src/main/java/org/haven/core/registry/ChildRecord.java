package org.haven.core.registry;

import java.util.List;
import java.util.Objects;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;

/**
 * A child as the shared ledger knows them: pseudonymous only. The personal data stays in the
 * issuing organisation's vault; the ledger holds a salted commitment to it and keyed linkage tokens
 * for finding duplicates across members.
 *
 * @param version 1 when declared, one more for every correction
 */
public record ChildRecord(
    ChildNumber number,
    OrgId issuer,
    Jurisdiction jurisdiction,
    ChildStatus status,
    Hash commitment,
    List<LinkageToken> linkageTokens,
    int version) {
  /** The most linkage tokens one record may carry. */
  public static final int MAX_LINKAGE_TOKENS = 32;

  public ChildRecord {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(commitment, "commitment");
    linkageTokens = List.copyOf(linkageTokens);
    if (linkageTokens.size() > MAX_LINKAGE_TOKENS) {
      throw new IllegalArgumentException(
          "linkageTokens: at most " + MAX_LINKAGE_TOKENS + ", got " + linkageTokens.size());
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1");
    }
  }

  public ChildRecord withStatus(ChildStatus newStatus) {
    return new ChildRecord(
        number, issuer, jurisdiction, newStatus, commitment, linkageTokens, version);
  }

  /** The record after a correction of the personal data: new commitment and tokens. */
  public ChildRecord corrected(Hash newCommitment, List<LinkageToken> newTokens) {
    return new ChildRecord(
        number, issuer, jurisdiction, status, newCommitment, newTokens, version + 1);
  }
}
