package org.haven.card.bundle;

/**
 * What a verifier bundle says of one card, named by its card hash. Each mark has an explicit wire
 * code.
 *
 * <p>Unlike a child number, a card hash is not salted in the bundle: it is 256 bits that only the
 * card's holder or the ledger knows, so a salt would hide nothing from either, and would cost a
 * hash per check.
 */
public enum CardMark {
  /** Revoked on its own, for example reported lost or stolen: a border check refuses it. */
  REVOKED(1),
  /**
   * Recorded on the ledger ({@code ISSUE_CARD}) before its issuer key was reported compromised: the
   * only cards of that key a border device still accepts.
   */
  RECORDED_BEFORE_COMPROMISE(2);

  private final int code;

  CardMark(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * @throws IllegalArgumentException for a code no mark has
   */
  public static CardMark ofCode(long code) {
    for (CardMark mark : values()) {
      if (mark.code == code) {
        return mark;
      }
    }
    throw new IllegalArgumentException("unknown card mark " + code);
  }
}
