package org.haven.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DeclareChild;
import org.haven.core.tx.RecordEvent;
import org.haven.core.tx.Transaction;

/**
 * Border crossings for the benchmarks, the ledger's busiest kind of traffic: a border officer
 * records exits and entries on {@value #CHILDREN} registered children. What must be committed first
 * (the officers' enrolments, the children's declarations, their registrations) is in {@link
 * #setup()}, phase by phase; crossings are then signed as many at a time as a benchmark asks. Not
 * for use by two threads at once.
 */
final class Crossings {
  static final int CHILDREN = 1000;

  private final DemoLedger ledger;
  private final Officer border;
  private final List<ChildNumber> children = new ArrayList<>(CHILDREN);
  private final List<List<Transaction>> setup = new ArrayList<>();
  private long signed;

  Crossings(DemoLedger ledger) {
    this.ledger = ledger;
    Officer agent = ledger.newOfficer("bench.agent", "bench-org", Role.FIELD_AGENT, "KE");
    Officer registrar = ledger.newOfficer("bench.registrar", "bench-org", Role.REGISTRAR, "KE");
    border = ledger.newOfficer("bench.border", "bench-org", Role.BORDER_OFFICER, "KE");
    setup.add(List.of(ledger.enrol(agent), ledger.enrol(registrar), ledger.enrol(border)));
    List<Transaction> declarations = new ArrayList<>(CHILDREN);
    List<Transaction> registrations = new ArrayList<>(CHILDREN);
    setup.add(declarations);
    setup.add(registrations);
    Random random = new Random(CHILDREN);
    for (int i = 0; i < CHILDREN; i++) {
      ChildNumber child = ChildNumber.generate(random);
      children.add(child);
      declarations.add(declaration(ledger, agent, child, List.of()));
      registrations.add(
          ledger.signedBy(
              registrar.id(),
              new DecideDeclaration(child, DecideDeclaration.Decision.REGISTER, "benchmark")));
    }
  }

  /**
   * A birth notification of {@code child} by {@code agent}, carrying {@code tokens}, whose
   * commitment is the hash of the child number: the benchmarks' declarations, with no vault data.
   */
  static Transaction declaration(
      DemoLedger ledger, Officer agent, ChildNumber child, List<LinkageToken> tokens) {
    return ledger.signedBy(
        agent.id(),
        new DeclareChild(
            child,
            agent.jurisdiction(),
            Hash.sha256(child.toString().getBytes(StandardCharsets.UTF_8)),
            tokens,
            false,
            Evidence.BIRTH_NOTIFICATION,
            List.of()));
  }

  /** What must be committed before any crossing, phase by phase, each after the one before. */
  List<List<Transaction>> setup() {
    return setup;
  }

  /** The next {@code count} crossings, signed now: exits and entries in turn, child after child. */
  List<Transaction> next(int count) {
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++, signed++) {
      EventType direction = signed % 2 == 0 ? EventType.CROSSING_EXIT : EventType.CROSSING_ENTRY;
      txs.add(
          ledger.signedBy(
              border.id(), new RecordEvent(children.get((int) (signed % CHILDREN)), direction)));
    }
    return txs;
  }
}
