package org.haven.core.tx;

import org.haven.core.codec.WireCode;

/** Why the ledger refused a transaction. Stable names: clients match on them. */
public enum RejectReason implements WireCode {
  /** The bytes are not a canonical transaction encoding. */
  MALFORMED(0),
  /** The encoding is larger than {@link Transaction#MAX_ENCODED_SIZE}. */
  OVERSIZED(1),
  /**
   * A transaction with this id, or another with the same actor and nonce (a retried request), is
   * already on the ledger: a replay.
   */
  DUPLICATE_ID(2),
  /** A signer is not an enrolled officer. */
  UNKNOWN_SIGNER(3),
  /** A signer, or the signer's organisation, has been revoked or removed. */
  INACTIVE_SIGNER(4),
  /** A signature does not verify against the signer's enrolled key. */
  BAD_SIGNATURE(5),
  /** The signers do not match what this kind of transaction needs. */
  WRONG_SIGNERS(6),
  /** The acting officer's role may not do this. */
  ROLE_NOT_PERMITTED(7),
  /** The acting officer acts outside their organisation. */
  OUTSIDE_ORGANISATION(8),
  /** The acting officer acts outside their jurisdiction. */
  OUTSIDE_JURISDICTION(9),
  /** A governance change lacks approvals from enough member organisations. */
  INSUFFICIENT_APPROVALS(10),
  /** The transaction conflicts with the ledger's state, for example enrolling an existing id. */
  CONFLICT(11),
  /** The transaction refers to something that is not on the ledger. */
  NOT_FOUND(12),
  /**
   * A member's node cosigned a checkpoint that this ledger does not reach: another root at that
   * tree size, or a size beyond this log. One of the two has diverged.
   */
  CHECKPOINT_DIVERGES(13),
  /** A member's node cosigned two different checkpoints at one tree size. */
  EQUIVOCATION(14),
  /**
   * A border crossing names a consent without proof that its credential was shown: the digest it
   * carries is not the one the consent was issued with.
   */
  CONSENT_NOT_SHOWN(15);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
