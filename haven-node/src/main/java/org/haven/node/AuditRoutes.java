package org.haven.node;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.haven.core.identity.OfficerId;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.StateScanner;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DeclareChild;
import org.haven.core.tx.Payload;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.SetAlert;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.Paging;
import org.haven.node.api.Params;
import org.haven.node.registry.Actor;
import org.haven.node.registry.RegistryRoutes;

/**
 * What an auditor reads (see docs/api.md): the blocks with their checkpoints, every recorded read
 * of personal data, and daily counts computed from the ledger. Nothing here is personal data beyond
 * the child numbers and officer ids the ledger already shows every member.
 */
final class AuditRoutes {
  /** The longest span {@code /stats/daily} counts in one request. */
  static final int MAX_STATS_DAYS = 366;

  private static final long DAY_MILLIS = 24L * 60 * 60 * 1000;

  private final LedgerQueries queries;
  private final RegistryListing listing;
  private final Function<Context, Actor> actors;

  AuditRoutes(LedgerQueries queries, StateScanner scanner, Function<Context, Actor> actors) {
    this.queries = queries;
    this.listing = new RegistryListing(scanner);
    this.actors = actors;
  }

  void addTo(RoutesConfig routes) {
    routes.get("/api/v1/blocks", this::blocks);
    routes.get("/api/v1/access-log", this::accessLog);
    routes.get("/api/v1/stats/daily", this::daily);
  }

  /** Block headers with their checkpoints, newest first; the cursor is the next height down. */
  private void blocks(Context ctx) {
    int limit = Paging.limit(ctx);
    long head = queries.head().height();
    long top = Paging.cursor(ctx).map(Paging::position).orElse(head);
    if (top > head) {
      throw ApiProblem.invalidField("cursor", "is beyond the newest block");
    }
    List<HeaderJson> items = new ArrayList<>();
    long height = top;
    for (; height >= 0 && items.size() < limit; height--) {
      long at = height;
      BlockHeader header =
          queries
              .header(at)
              .orElseThrow(() -> new IllegalStateException("block " + at + " is missing"));
      items.add(HeaderJson.of(header, queries.checkpoint(at).orElse(null)));
    }
    Optional<String> next =
        height >= 0 ? Optional.of(Paging.positionCursor(height)) : Optional.empty();
    Paging.answer(ctx, new RegistryListing.Page<>(items, next), item -> item);
  }

  private void accessLog(Context ctx) {
    actors.apply(ctx).require(Permissions.Action.READ_WHOLE_ACCESS_LOG);
    Predicate<RegistryListing.Read> filter = accessFilter(ctx);
    Paging.answer(
        ctx,
        Paging.read(ctx, (cursor, limit) -> listing.accessLog(filter, cursor, limit)),
        read -> {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("childNumber", read.child().toString());
          item.putAll(RegistryRoutes.readJson(read.entry()));
          return item;
        });
  }

  /**
   * The reads an auditor asked for, each filter optional: by the reading officer ({@code reader}),
   * by child ({@code child}), and from the UTC day {@code from} to the UTC day {@code to}, both
   * included.
   */
  private static Predicate<RegistryListing.Read> accessFilter(Context ctx) {
    Optional<OfficerId> reader =
        Optional.ofNullable(ctx.queryParam("reader"))
            .filter(text -> !text.isBlank())
            .map(
                text -> {
                  try {
                    return new OfficerId(text.strip());
                  } catch (IllegalArgumentException e) {
                    throw ApiProblem.invalidField("reader", e.getMessage());
                  }
                });
    Optional<ChildNumber> child =
        Optional.ofNullable(ctx.queryParam("child"))
            .filter(text -> !text.isBlank())
            .map(text -> Params.childNumber("child", text));
    Optional<LocalDate> from = optionalDate(ctx, "from");
    Optional<LocalDate> to = optionalDate(ctx, "to");
    if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
      throw ApiProblem.invalidField("to", "must not be before from");
    }
    long start = from.map(AuditRoutes::startOf).orElse(Long.MIN_VALUE);
    long end = to.map(day -> startOf(day.plusDays(1))).orElse(Long.MAX_VALUE);
    return read ->
        reader.map(read.entry().reader()::equals).orElse(true)
            && child.map(read.child()::equals).orElse(true)
            && read.entry().atMillis() >= start
            && read.entry().atMillis() < end;
  }

  private static long startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /**
   * Counts per UTC day, by the time of the block that committed each transaction: declarations,
   * registrations, border checks by outcome and alerts raised.
   */
  private void daily(Context ctx) {
    actors.apply(ctx).require(Permissions.Action.READ_STATISTICS);
    LocalDate from = date(ctx, "from");
    LocalDate to = date(ctx, "to");
    if (to.isBefore(from)) {
      throw ApiProblem.invalidField("to", "must not be before from");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_STATS_DAYS) {
      throw ApiProblem.invalidField("to", "at most " + MAX_STATS_DAYS + " days from 'from'");
    }
    long start = startOf(from);
    long end = startOf(to.plusDays(1));
    Map<LocalDate, Day> days = new LinkedHashMap<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.put(day, new Day());
    }
    long head = queries.head().height();
    for (long height = queries.firstBlockAtOrAfter(start); height <= head; height++) {
      BlockHeader header = queries.header(height).orElseThrow();
      if (header.timestampMillis() >= end) {
        break;
      }
      Day day = days.get(LocalDate.ofEpochDay(Math.floorDiv(header.timestampMillis(), DAY_MILLIS)));
      for (long index = header.firstLogIndex(); index < header.treeSize(); index++) {
        day.count(payloadAt(index));
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    days.forEach((date, day) -> items.add(day.json(date)));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("from", from.toString());
    answer.put("to", to.toString());
    answer.put("days", items);
    HttpJson.json(ctx, 200, answer);
  }

  private Payload payloadAt(long index) {
    return queries.decodedTransaction(index).payload();
  }

  /** One day's counts. */
  private static final class Day {
    private int declarations;
    private int registrations;
    private int alertsRaised;
    private final Map<RecordCrossing.Outcome, Integer> checks =
        new EnumMap<>(RecordCrossing.Outcome.class);

    Day() {
      for (RecordCrossing.Outcome outcome : RecordCrossing.Outcome.values()) {
        checks.put(outcome, 0);
      }
    }

    void count(Payload payload) {
      if (payload instanceof DeclareChild) {
        declarations++;
      } else if (payload instanceof DecideDeclaration decision
          && decision.decision() == DecideDeclaration.Decision.REGISTER) {
        registrations++;
      } else if (payload instanceof SetAlert alert && alert.action() == AlertAction.RAISE) {
        alertsRaised++;
      } else if (payload instanceof RecordCrossing crossing) {
        checks.merge(crossing.outcome(), 1, Integer::sum);
      }
    }

    Map<String, Object> json(LocalDate date) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("date", date.toString());
      item.put("declarations", declarations);
      item.put("registrations", registrations);
      Map<String, Object> byOutcome = new LinkedHashMap<>();
      checks.forEach((outcome, count) -> byOutcome.put(outcome.name(), count));
      item.put("checks", byOutcome);
      item.put("alertsRaised", alertsRaised);
      return item;
    }
  }

  private static LocalDate date(Context ctx, String name) {
    return optionalDate(ctx, name)
        .orElseThrow(() -> ApiProblem.invalidField(name, "is required, as YYYY-MM-DD"));
  }

  private static Optional<LocalDate> optionalDate(Context ctx, String name) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.strip()));
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalidField(name, "must be a date as YYYY-MM-DD");
    }
  }
}
