package org.haven.core.tx;

import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.DecodeException;

/**
 * Every kind of transaction, with its wire tag and who must sign it. Adding a kind means: a record
 * implementing {@link Payload} (its fields, encoding and rules), its name in {@code Payload}'s
 * {@code permits} clause, and one constant here. Tags are never reused.
 */
public enum Kind {
  ENROL_OFFICER(1, Authority.OFFICER, EnrolOfficer::decode),
  REVOKE_OFFICER(2, Authority.OFFICER, RevokeOfficer::decode),
  ADMIT_MEMBER(3, Authority.GOVERNANCE, AdmitMember::decode),
  REMOVE_MEMBER(4, Authority.GOVERNANCE, RemoveMember::decode),
  ROTATE_MEMBER_KEY(5, Authority.GOVERNANCE, RotateMemberKey::decode),
  DECLARE_CHILD(6, Authority.OFFICER, DeclareChild::decode),
  DECIDE_DECLARATION(7, Authority.OFFICER, DecideDeclaration::decode),
  RESOLVE_DUPLICATE(8, Authority.OFFICER, ResolveDuplicate::decode),
  CORRECT_CHILD(9, Authority.OFFICER, CorrectChild::decode),
  CHANGE_CHILD_STATUS(10, Authority.OFFICER, ChangeChildStatus::decode),
  LINK_GUARDIAN(11, Authority.OFFICER, LinkGuardian::decode),
  SET_ALERT(12, Authority.OFFICER, SetAlert::decode),
  RECORD_EVENT(13, Authority.OFFICER, RecordEvent::decode),
  RECORD_ACCESS(14, Authority.OFFICER, RecordAccess::decode),
  GRANT_CONSENT(15, Authority.OFFICER, GrantConsent::decode),
  REVOKE_CONSENT(16, Authority.OFFICER, RevokeConsent::decode),
  RECORD_CROSSING(17, Authority.OFFICER, RecordCrossing::decode),
  SET_CONSENT_RULE(18, Authority.GOVERNANCE, SetConsentRule::decode),
  COSIGN_CHECKPOINT(19, Authority.MEMBER_NODE, CosignCheckpoint::decode),
  PROPOSE_GOVERNANCE(20, Authority.OFFICER, ProposeGovernance::decode),
  ENDORSE_PROPOSAL(21, Authority.OFFICER, EndorseProposal::decode),
  GRANT_JURISDICTION(22, Authority.GOVERNANCE, GrantJurisdiction::decode),
  ISSUE_CARD(23, Authority.OFFICER, IssueCard::decode),
  REVOKE_CARD(24, Authority.OFFICER, RevokeCard::decode),
  REVOKE_ISSUER_KEY(25, Authority.GOVERNANCE, RevokeIssuerKey::decode),
  ATTEST_BUNDLE(26, Authority.MEMBER_NODE, AttestBundle::decode),
  DECLARE_FOUND_CHILD(27, Authority.OFFICER, DeclareFoundChild::decode),
  DECIDE_FOUND_CHILD(28, Authority.OFFICER, DecideFoundChild::decode);

  /** Who must sign a transaction of a kind. */
  public enum Authority {
    /** Exactly one signature: the acting officer's. */
    OFFICER,
    /**
     * Signatures of organisation admins from enough distinct member organisations; the first signer
     * is the proposer.
     */
    GOVERNANCE,
    /**
     * Exactly one signature, by a member's node key: the actor and the signer are the member's
     * organisation id, and there is no acting officer.
     */
    MEMBER_NODE
  }

  private final int tag;
  private final Authority authority;
  private final CanonicalReader.Element<Payload> decoder;

  Kind(int tag, Authority authority, CanonicalReader.Element<Payload> decoder) {
    this.tag = tag;
    this.authority = authority;
    this.decoder = decoder;
  }

  public int tag() {
    return tag;
  }

  public Authority authority() {
    return authority;
  }

  Payload decode(CanonicalReader in) throws DecodeException {
    return decoder.read(in);
  }

  static Kind fromTag(CanonicalReader in) throws DecodeException {
    int at = in.position();
    int tag = in.u8("kind");
    for (Kind kind : values()) {
      if (kind.tag == tag) {
        return kind;
      }
    }
    throw new DecodeException(at, "unknown transaction kind " + tag);
  }
}
