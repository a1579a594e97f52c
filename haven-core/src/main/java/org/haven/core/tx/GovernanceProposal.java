package org.haven.core.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.state.LedgerState;

/**
 * A governance change proposed on the ledger and the member organisations whose admins have
 * endorsed it so far. It applies, once, when the endorsing organisations that are still active
 * members reach {@link LedgerState#requiredApprovals()}: the same quorum a governance transaction
 * carrying all its signatures needs.
 *
 * @param id the id of the proposing transaction
 * @param change a payload of a {@link Kind.Authority#GOVERNANCE} kind
 * @param approvals the endorsing organisations, the proposer's first, without repeats
 */
public record GovernanceProposal(
    Hash id,
    Payload change,
    OfficerId proposedBy,
    long proposedAtMillis,
    List<OrgId> approvals,
    boolean applied) {
  public GovernanceProposal {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(proposedBy, "proposedBy");
    requireGovernance(change);
    approvals = List.copyOf(approvals);
    if (approvals.isEmpty() || approvals.size() != approvals.stream().distinct().count()) {
      throw new IllegalArgumentException("approvals: at least the proposer's, without repeats");
    }
  }

  /**
   * @throws IllegalArgumentException unless {@code change} is a governance kind
   */
  static Payload requireGovernance(Payload change) {
    Objects.requireNonNull(change, "change");
    if (change.kind().authority() != Kind.Authority.GOVERNANCE) {
      throw new IllegalArgumentException(
          "change: " + change.kind() + " is not a governance change");
    }
    return change;
  }

  /** The proposal stored on the ledger under {@code id}, if any. */
  public static Optional<GovernanceProposal> find(LedgerState state, Hash id) {
    return state.proposal(id, GovernanceProposal::decode);
  }

  /** The approvals of organisations that are still active members: those that count. */
  public int countedApprovals(LedgerState state) {
    return (int)
        approvals.stream()
            .filter(org -> state.organisation(org).map(Organisation::active).orElse(false))
            .count();
  }

  GovernanceProposal endorsedBy(OrgId org) {
    List<OrgId> more = new ArrayList<>(approvals);
    more.add(org);
    return new GovernanceProposal(id, change, proposedBy, proposedAtMillis, more, applied);
  }

  GovernanceProposal markApplied() {
    return new GovernanceProposal(id, change, proposedBy, proposedAtMillis, approvals, true);
  }

  /**
   * Applies the change if the counted approvals reach the quorum, and stores the proposal. Called
   * from an accepted proposal or endorsement, whose check has run {@link #checkChange}.
   */
  void store(TxContext context) {
    LedgerState state = context.state();
    GovernanceProposal stored = this;
    if (!applied && countedApprovals(state) >= state.requiredApprovals()) {
      change.apply(context);
      stored = markApplied();
    }
    state.putProposal(id, stored.encode());
  }

  /**
   * The change's own rules, checked when this proposal (with {@code approvals}) would apply; until
   * then the change is not checked again, as the state may still change before the quorum.
   */
  Validation checkChange(TxContext context) {
    LedgerState state = context.state();
    if (countedApprovals(state) < state.requiredApprovals()) {
      return Validation.accepted();
    }
    Validation change = this.change.check(context);
    if (change instanceof Validation.Rejected rejected) {
      return Validation.reject(
          rejected.reason(), "the proposed change cannot apply now: " + rejected.detail());
    }
    return change;
  }

  /** The change as its kind tag followed by its fields, as in a transaction body. */
  static void writeChange(CanonicalWriter out, Payload change) {
    out.u8(change.kind().tag());
    change.encode(out);
  }

  static Payload readChange(CanonicalReader in) throws DecodeException {
    int at = in.position();
    Kind kind = Kind.fromTag(in);
    if (kind.authority() != Kind.Authority.GOVERNANCE) {
      throw new DecodeException(at, "change: " + kind + " is not a governance change");
    }
    return kind.decode(in);
  }

  Bytes encode() {
    CanonicalWriter out = new CanonicalWriter().hash(id);
    writeChange(out, change);
    return out.string(proposedBy.value())
        .u64(proposedAtMillis)
        .list(approvals, (w, org) -> w.string(org.value()))
        .bool(applied)
        .toBytes();
  }

  /** Reads a proposal as the ledger state stores it. */
  public static GovernanceProposal decode(CanonicalReader in) throws DecodeException {
    Hash id = in.hash("proposal id");
    Payload change = readChange(in);
    OfficerId proposedBy = in.string("proposed by", OfficerId::new);
    long proposedAt = in.u64("proposed at");
    List<OrgId> approvals =
        in.list("approvals", Transaction.MAX_ENDORSEMENTS, r -> r.string("org", OrgId::new));
    boolean applied = in.bool("applied");
    return new GovernanceProposal(id, change, proposedBy, proposedAt, approvals, applied);
  }
}
