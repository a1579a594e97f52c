package org.haven.core.tx;

import org.haven.core.identity.Officer;
import org.haven.core.state.LedgerState;

/** What a payload's rules may look at: the acting officer, already authenticated, and the state. */
public record TxContext(Officer actor, LedgerState state) {}
