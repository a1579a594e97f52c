package org.haven.core.tx;

import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.Alert;
import org.haven.core.registry.ChildRecord;
import org.haven.core.state.LedgerState;

/**
 * Who may read what about a child. The ledger enforces the personal-data rule on every {@code
 * RECORD_ACCESS}; nodes apply the same rules before they answer a read, so no interface offers what
 * the ledger would refuse.
 */
public final class ReadPermissions {
  private ReadPermissions() {}

  /**
   * Whether {@code officer} may read the personal data of {@code child}: a registrar of the child's
   * jurisdiction or of the organisation that holds the data, or a case worker of the child's
   * jurisdiction or working an open alert on the child. Border officers and auditors never may.
   */
  public static boolean mayReadPersonalData(Officer officer, ChildRecord child, LedgerState state) {
    if (officer.role() == Role.REGISTRAR) {
      return sameJurisdiction(officer, child) || officer.org().equals(child.issuer());
    }
    return officer.role() == Role.CASE_WORKER && caseWorkerOf(officer, child, state);
  }

  /**
   * Whether {@code officer} may read the timeline of {@code child}: a case worker of the child's
   * jurisdiction or working an open alert on the child, or a registrar of the child's jurisdiction.
   */
  public static boolean mayReadTimeline(Officer officer, ChildRecord child, LedgerState state) {
    return switch (officer.role()) {
      case CASE_WORKER -> caseWorkerOf(officer, child, state);
      case REGISTRAR -> sameJurisdiction(officer, child);
      default -> false;
    };
  }

  /**
   * Whether {@code officer} may list who read the personal data of {@code child}: an auditor, or a
   * registrar or admin of the organisation that holds the data.
   */
  public static boolean mayReadAccessLog(Officer officer, ChildRecord child) {
    return switch (officer.role()) {
      case AUDITOR -> true;
      case REGISTRAR, ORG_ADMIN -> officer.org().equals(child.issuer());
      default -> false;
    };
  }

  private static boolean caseWorkerOf(Officer officer, ChildRecord child, LedgerState state) {
    return sameJurisdiction(officer, child)
        || state.registry().alert(child.number()).map(Alert::open).orElse(false);
  }

  private static boolean sameJurisdiction(Officer officer, ChildRecord child) {
    return officer.jurisdiction().equals(child.jurisdiction());
  }
}
