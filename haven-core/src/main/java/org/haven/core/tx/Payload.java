package org.haven.core.tx;

import org.haven.core.codec.CanonicalWriter;

/**
 * What a transaction does. Each kind carries its own encoding and its own rules, so that the rules
 * for one kind read in one place. {@link TxValidator} checks what all kinds share (size, replay,
 * signers, signatures) before it asks the payload.
 */
public sealed interface Payload
    permits EnrolOfficer,
        RevokeOfficer,
        AdmitMember,
        RemoveMember,
        RotateMemberKey,
        DeclareChild,
        DecideDeclaration,
        ResolveDuplicate,
        CorrectChild,
        ChangeChildStatus,
        LinkGuardian,
        SetAlert,
        RecordEvent,
        RecordAccess,
        GrantConsent,
        RevokeConsent,
        RecordCrossing,
        SetConsentRule,
        CosignCheckpoint,
        ProposeGovernance,
        EndorseProposal,
        GrantJurisdiction,
        IssueCard,
        RevokeCard,
        RevokeIssuerKey,
        AttestBundle,
        DeclareFoundChild,
        DecideFoundChild {

  Kind kind();

  /** Writes the payload's fields; the kind tag is written by the body. */
  void encode(CanonicalWriter out);

  /**
   * Checks the rules of this kind against the state. Pure: reads {@code context}, never writes.
   * Called only after the signers and signatures have been checked.
   */
  Validation check(TxContext context);

  /** Applies an accepted transaction. Deterministic: the same state gives the same writes. */
  void apply(TxContext context);
}
