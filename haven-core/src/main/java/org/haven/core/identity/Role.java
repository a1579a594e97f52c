package org.haven.core.identity;

/** What an officer may do. The ledger's rules check the role of whoever signs a transaction. */
public enum Role {
  FIELD_AGENT,
  REGISTRAR,
  BORDER_OFFICER,
  CASE_WORKER,
  AUDITOR,
  ORG_ADMIN
}
