package org.haven.core.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;

/**
 * A child as the shared ledger knows them: pseudonymous only. The personal data stays in the
 * issuing organisation's vault; the ledger holds a salted commitment to it and keyed linkage tokens
 * for finding duplicates across members.
 *
 * @param version 1 when declared, one more for every correction
 * @param declaration who declared the child and on what footing; empty for a record stored before
 *     the ledger kept it (docs/registry.md)
 */
public record ChildRecord(
    ChildNumber number,
    OrgId issuer,
    Jurisdiction jurisdiction,
    ChildStatus status,
    Hash commitment,
    List<LinkageToken> linkageTokens,
    int version,
    Optional<Declaration> declaration) {
  /** The most linkage tokens one record may carry. */
  public static final int MAX_LINKAGE_TOKENS = 32;

  public ChildRecord {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(commitment, "commitment");
    linkageTokens = List.copyOf(linkageTokens);
    Objects.requireNonNull(declaration, "declaration");
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
        number, issuer, jurisdiction, newStatus, commitment, linkageTokens, version, declaration);
  }

  /** The record after a correction of the personal data: new commitment and tokens. */
  public ChildRecord corrected(Hash newCommitment, List<LinkageToken> newTokens) {
    return new ChildRecord(
        number, issuer, jurisdiction, status, newCommitment, newTokens, version + 1, declaration);
  }

  /**
   * What {@code DECLARE_CHILD} said of the declaration, kept so that a registrar's queue can show
   * it without a transaction index: no personal data (attestors stay hashed in the transaction).
   *
   * @param officer the officer who signed the declaration
   * @param late a registration after the legal period
   * @param evidence what supports it
   */
  public record Declaration(OfficerId officer, boolean late, Evidence evidence) {
    public Declaration {
      Objects.requireNonNull(officer, "officer");
      Objects.requireNonNull(evidence, "evidence");
    }
  }
}
