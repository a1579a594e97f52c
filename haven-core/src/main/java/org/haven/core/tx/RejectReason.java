package org.haven.core.tx;

/** Why the ledger refused a transaction. Stable names: clients match on them. */
public enum RejectReason {
  /** The bytes are not a canonical transaction encoding. */
  MALFORMED,
  /** The encoding is larger than {@link Transaction#MAX_ENCODED_SIZE}. */
  OVERSIZED,
  /**
   * A transaction with this id, or another with the same actor and nonce (a retried request), is
   * already on the ledger: a replay.
   */
  DUPLICATE_ID,
  /** A signer is not an enrolled officer. */
  UNKNOWN_SIGNER,
  /** A signer, or the signer's organisation, has been revoked or removed. */
  INACTIVE_SIGNER,
  /** A signature does not verify against the signer's enrolled key. */
  BAD_SIGNATURE,
  /** The signers do not match what this kind of transaction needs. */
  WRONG_SIGNERS,
  /** The acting officer's role may not do this. */
  ROLE_NOT_PERMITTED,
  /** The acting officer acts outside their organisation. */
  OUTSIDE_ORGANISATION,
  /** The acting officer acts outside their jurisdiction. */
  OUTSIDE_JURISDICTION,
  /** A governance change lacks approvals from enough member organisations. */
  INSUFFICIENT_APPROVALS,
  /** The transaction conflicts with the ledger's state, for example enrolling an existing id. */
  CONFLICT,
  /** The transaction refers to something that is not on the ledger. */
  NOT_FOUND,
  /**
   * A member's node cosigned a checkpoint that this ledger does not reach: another root at that
   * tree size, or a size beyond this log. One of the two has diverged.
   */
  CHECKPOINT_DIVERGES,
  /** A member's node cosigned two different checkpoints at one tree size. */
  EQUIVOCATION,
  /**
   * A border crossing names a consent without proof that its credential was shown: the digest it
   * carries is not the one the consent was issued with.
   */
  CONSENT_NOT_SHOWN
}
