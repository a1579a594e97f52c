package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.state.LedgerState;

/**
 * Checks a decoded transaction against the ledger's rules. Pure: it reads the state and returns a
 * {@link Validation}; it never writes and never throws for a bad transaction. Cheap checks come
 * first so that a replay or an unknown signer costs no signature verification.
 */
public final class TxValidator {
  private final Hash chainId;
  private final SignatureCheck signatures;

  /** A validator that verifies every signature itself. */
  public TxValidator(Hash chainId) {
    this.chainId = chainId;
    this.signatures = (tx, endorsement, key) -> tx.signatureValid(chainId, endorsement, key);
  }

  public TxValidator(Hash chainId, SignatureCheck signatures) {
    this.chainId = chainId;
    this.signatures = signatures;
  }

  /** The genesis hash that every signature on this ledger is bound to. */
  public Hash chainId() {
    return chainId;
  }

  /**
   * Checks every rule except signature verification. A node runs this when a transaction is
   * submitted, to refuse it at once; the signatures are verified when the block is executed, in
   * parallel, so that each costs one verification per node.
   */
  public static Validation prescreen(Hash chainId, Transaction tx, LedgerState state) {
    return new TxValidator(chainId, (t, endorsement, key) -> true).validate(tx, state);
  }

  public Validation validate(Transaction tx, LedgerState state) {
    if (state.transactionIndex(tx.id()).isPresent()) {
      return reject(
          RejectReason.DUPLICATE_ID,
          "transaction " + tx.id() + " is already on the ledger; a replay is never applied twice");
    }
    Validation signers = checkSigners(tx, state);
    if (!signers.isAccepted()) {
      return signers;
    }
    Officer actor = state.officer(tx.body().actor()).orElseThrow();
    return tx.payload().check(new TxContext(actor, state));
  }

  private Validation checkSigners(Transaction tx, LedgerState state) {
    Kind.Authority authority = tx.kind().authority();
    if (authority == Kind.Authority.OFFICER && tx.endorsements().size() != 1) {
      return reject(
          RejectReason.WRONG_SIGNERS,
          tx.kind()
              + " must carry exactly one signature, the acting officer's; it has "
              + tx.endorsements().size());
    }
    if (tx.endorsements().isEmpty()
        || !tx.endorsements().get(0).signer().equals(tx.body().actor())) {
      return reject(
          RejectReason.WRONG_SIGNERS, "the first signature must be the actor " + tx.body().actor());
    }
    Set<OfficerId> signers = new HashSet<>();
    Set<OrgId> approvingOrgs = new HashSet<>();
    for (Endorsement endorsement : tx.endorsements()) {
      if (!signers.add(endorsement.signer())) {
        return reject(RejectReason.WRONG_SIGNERS, endorsement.signer() + " signed more than once");
      }
      Validation signer = checkSigner(tx, endorsement, state);
      if (!signer.isAccepted()) {
        return signer;
      }
      Officer officer = state.officer(endorsement.signer()).orElseThrow();
      if (authority == Kind.Authority.GOVERNANCE && officer.role() != Role.ORG_ADMIN) {
        return reject(
            RejectReason.ROLE_NOT_PERMITTED,
            "governance changes are signed by ORG_ADMINs; "
                + officer.id()
                + " is "
                + officer.role());
      }
      approvingOrgs.add(officer.org());
    }
    if (authority == Kind.Authority.GOVERNANCE
        && approvingOrgs.size() < state.requiredApprovals()) {
      return reject(
          RejectReason.INSUFFICIENT_APPROVALS,
          tx.kind()
              + " needs approvals from "
              + state.requiredApprovals()
              + " of "
              + state.activeMemberCount()
              + " member organisations, it has "
              + approvingOrgs.size()
              + "; collect more admins' signatures before submitting");
    }
    return Validation.accepted();
  }

  private Validation checkSigner(Transaction tx, Endorsement endorsement, LedgerState state) {
    Optional<Officer> officer = state.officer(endorsement.signer());
    if (officer.isEmpty()) {
      return reject(
          RejectReason.UNKNOWN_SIGNER,
          endorsement.signer() + " is not an enrolled officer; ask your organisation's admin");
    }
    if (!officer.get().active()) {
      return reject(RejectReason.INACTIVE_SIGNER, "officer " + officer.get().id() + " is revoked");
    }
    Optional<Organisation> org = state.organisation(officer.get().org());
    if (org.isEmpty() || !org.get().active()) {
      return reject(
          RejectReason.INACTIVE_SIGNER,
          "organisation " + officer.get().org() + " of " + officer.get().id() + " is not a member");
    }
    if (!signatures.verifies(tx, endorsement, officer.get().key())) {
      return reject(
          RejectReason.BAD_SIGNATURE,
          "the signature of "
              + officer.get().id()
              + " does not verify against their enrolled key for this ledger");
    }
    return Validation.accepted();
  }
}
