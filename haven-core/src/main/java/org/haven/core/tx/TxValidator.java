package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.state.LedgerState;
import org.haven.core.tx.Permissions.Subject;

/**
 * Checks a decoded transaction against the ledger's rules. Pure: it reads the state and returns a
 * {@link Validation}; it never writes and never throws for a bad transaction. Cheap checks come
 * first so that a replay or an unknown signer costs no signature verification.
 */
public final class TxValidator {
  private final Hash chainId;

  public TxValidator(Hash chainId) {
    this.chainId = chainId;
  }

  /**
   * Verifies the officers' signatures of {@code txs} together against the keys {@code state} holds
   * ({@link Transaction#verifyTogether}), so that {@link #validate} then finds the valid ones
   * known. Null entries (transactions that did not decode) are skipped. Changes no verdict: it only
   * does the verification work up front, in batches.
   */
  public void verifySignaturesTogether(List<Transaction> txs, LedgerState state) {
    List<Transaction.SignatureCheck> checks = new ArrayList<>();
    for (Transaction tx : txs) {
      if (tx == null) {
        continue;
      }
      for (Endorsement endorsement : tx.endorsements()) {
        state
            .officer(endorsement.signer())
            .ifPresent(
                officer ->
                    checks.add(new Transaction.SignatureCheck(tx, endorsement, officer.key())));
      }
    }
    Transaction.verifyTogether(chainId, checks);
  }

  /**
   * The state keys {@link #validate} reads first for each of {@code txs}: its id's and its actor's
   * nonce's, absent for every new transaction. Null entries (transactions that did not decode) are
   * skipped. A caller reads them in one go ({@link org.haven.core.state.StateReader#getAll}) before
   * validating.
   */
  public static List<Bytes> replayCheckKeys(List<Transaction> txs) {
    List<Bytes> keys = new ArrayList<>(2 * txs.size());
    for (Transaction tx : txs) {
      if (tx != null) {
        keys.addAll(LedgerState.replayCheckKeys(tx.id(), tx.body().actor(), tx.body().nonce()));
      }
    }
    return keys;
  }

  public Validation validate(Transaction tx, LedgerState state) {
    if (state.transactionIndex(tx.id()).isPresent()) {
      return reject(
          RejectReason.DUPLICATE_ID,
          "transaction " + tx.id() + " is already on the ledger; a replay is never applied twice");
    }
    Optional<Long> sameNonce = state.nonceIndex(tx.body().actor(), tx.body().nonce());
    if (sameNonce.isPresent()) {
      return reject(
          RejectReason.DUPLICATE_ID,
          tx.body().actor()
              + " already used this nonce in the transaction at log index "
              + sameNonce.get()
              + ": a request retried with the same Idempotency-Key is applied once. Draw a"
              + " fresh nonce for a new transaction.");
    }
    if (tx.kind().authority() == Kind.Authority.MEMBER_NODE) {
      Validation signed = checkMemberNode(tx, state);
      return signed.isAccepted()
          ? tx.payload().check(new TxContext(null, state, tx.body()))
          : signed;
    }
    List<Officer> signers = new ArrayList<>(tx.endorsements().size());
    Validation signed = checkSigners(tx, state, signers);
    if (!signed.isAccepted()) {
      return signed;
    }
    return tx.payload().check(new TxContext(signers.get(0), state, tx.body()));
  }

  /** Checks the signers; on success {@code signers} holds them in order, the actor first. */
  private Validation checkSigners(Transaction tx, LedgerState state, List<Officer> signers) {
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
    Set<OfficerId> seen = new HashSet<>();
    Set<OrgId> approvingOrgs = new HashSet<>();
    for (Endorsement endorsement : tx.endorsements()) {
      if (!seen.add(endorsement.signer())) {
        return reject(RejectReason.WRONG_SIGNERS, endorsement.signer() + " signed more than once");
      }
      Optional<Officer> enrolled = state.officer(endorsement.signer());
      if (enrolled.isEmpty()) {
        return reject(
            RejectReason.UNKNOWN_SIGNER,
            endorsement.signer() + " is not an enrolled officer; ask your organisation's admin");
      }
      Officer officer = enrolled.get();
      Validation signer = checkSigner(tx, endorsement, officer, state);
      if (!signer.isAccepted()) {
        return signer;
      }
      signers.add(officer);
      if (authority == Kind.Authority.GOVERNANCE) {
        Validation governs = Permissions.check(Permissions.Action.GOVERN, officer, Subject.NONE);
        if (!governs.isAccepted()) {
          return governs;
        }
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

  /** Checks the one signature of a node-signed kind: by an active member's node key. */
  private Validation checkMemberNode(Transaction tx, LedgerState state) {
    if (tx.endorsements().size() != 1
        || !tx.endorsements().get(0).signer().equals(tx.body().actor())) {
      return reject(
          RejectReason.WRONG_SIGNERS,
          tx.kind() + " must carry exactly one signature, by the node of its actor's organisation");
    }
    Optional<Organisation> member;
    try {
      member = state.organisation(CosignCheckpoint.memberOf(tx.body()));
    } catch (IllegalArgumentException e) {
      member = Optional.empty();
    }
    if (member.isEmpty() || !member.get().active()) {
      return reject(
          RejectReason.UNKNOWN_SIGNER,
          tx.body().actor()
              + " is not an active member organisation; only member nodes sign "
              + tx.kind());
    }
    if (!tx.signatureValid(chainId, tx.endorsements().get(0), member.get().nodeKey())) {
      return reject(
          RejectReason.BAD_SIGNATURE,
          "the signature does not verify against the node key of "
              + member.get().id()
              + " for this ledger");
    }
    return Validation.accepted();
  }

  private Validation checkSigner(
      Transaction tx, Endorsement endorsement, Officer officer, LedgerState state) {
    if (!officer.active()) {
      return reject(RejectReason.INACTIVE_SIGNER, "officer " + officer.id() + " is revoked");
    }
    Optional<Organisation> org = state.organisation(officer.org());
    if (org.isEmpty() || !org.get().active()) {
      return reject(
          RejectReason.INACTIVE_SIGNER,
          "organisation " + officer.org() + " of " + officer.id() + " is not a member");
    }
    if (!tx.signatureValid(chainId, endorsement, officer.key())) {
      return reject(
          RejectReason.BAD_SIGNATURE,
          "the signature of "
              + officer.id()
              + " does not verify against their enrolled key for this ledger");
    }
    return Validation.accepted();
  }
}
