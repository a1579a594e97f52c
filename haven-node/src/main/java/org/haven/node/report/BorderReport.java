package org.haven.node.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.RecordCrossing.Direction;
import org.haven.core.tx.RecordCrossing.Outcome;

/**
 * The border agency's report: checks by checkpoint, outcome and direction, each in the month the
 * officer made it (an offline check uploaded later counts when it was made).
 */
final class BorderReport {
  private BorderReport() {}

  /**
   * The report's tables.
   *
   * @param inScope the checkpoint countries whose checks count
   */
  static List<ReportTable> tables(
      ReportLedger ledger, ReportPeriod period, Predicate<Jurisdiction> inScope) {
    Map<String, Map<Outcome, Integer>> checkpoints = new TreeMap<>();
    Map<Direction, Map<Outcome, Integer>> directions = new EnumMap<>(Direction.class);
    for (Direction direction : Direction.values()) {
      directions.put(direction, outcomes());
    }
    ledger.forEachFrom(
        period.startMillis(),
        entry -> {
          if (entry.payload() instanceof RecordCrossing crossing
              && period.contains(crossing.checkedAtMillis())
              && inScope.test(crossing.checkpointCountry())) {
            checkpoints
                .computeIfAbsent(crossing.checkpoint(), name -> outcomes())
                .merge(crossing.outcome(), 1, Integer::sum);
            directions.get(crossing.direction()).merge(crossing.outcome(), 1, Integer::sum);
          }
        });
    ReportTable.Builder byCheckpoint =
        byOutcome("checkpoints", "Checks by checkpoint", "checkpoint", "Checkpoint");
    checkpoints.forEach((checkpoint, counts) -> byCheckpoint.row(row(checkpoint, counts)));
    ReportTable.Builder byDirection =
        byOutcome("directions", "Checks by direction", "direction", "Direction");
    directions.forEach((direction, counts) -> byDirection.row(row(direction.name(), counts)));
    ReportTable.Builder outcomeTable =
        new ReportTable.Builder("outcomes", "Checks by outcome")
            .column("outcome", "Outcome")
            .column("checks", "Checks");
    for (Direction direction : Direction.values()) {
      outcomeTable.column(direction.name(), direction.name());
    }
    for (Outcome outcome : Outcome.values()) {
      int exits = directions.get(Direction.EXIT).get(outcome);
      int entries = directions.get(Direction.ENTRY).get(outcome);
      outcomeTable.row(outcome.name(), exits + entries, exits, entries);
    }
    return List.of(byCheckpoint.build(), outcomeTable.build(), byDirection.build());
  }

  private static Map<Outcome, Integer> outcomes() {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      counts.put(outcome, 0);
    }
    return counts;
  }

  private static ReportTable.Builder byOutcome(String id, String title, String key, String label) {
    ReportTable.Builder table =
        new ReportTable.Builder(id, title).column(key, label).column("checks", "Checks");
    for (Outcome outcome : Outcome.values()) {
      table.column(outcome.name(), outcome.name());
    }
    return table;
  }

  private static Object[] row(String key, Map<Outcome, Integer> counts) {
    Object[] cells = new Object[2 + counts.size()];
    cells[0] = key;
    cells[1] = counts.values().stream().mapToInt(Integer::intValue).sum();
    int column = 2;
    for (int count : counts.values()) {
      cells[column++] = count;
    }
    return cells;
  }
}
