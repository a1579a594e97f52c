package org.haven.node.report;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Organisation;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.Permissions.Action;
import org.haven.core.tx.Permissions.Subject;
import org.haven.node.LedgerQueries;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.JsonBody;
import org.haven.node.registry.Actor;

/**
 * The reports (docs/reports.md): {@code GET /api/v1/reports/{registrations,border,audit}} as JSON,
 * CSV or PDF, and the expected births that registration completeness is measured against. Each
 * route asks the table of authority; a report holds counts only, never a child's personal data.
 */
public final class ReportRoutes {
  /** The earliest and latest years expected births may be set for. */
  static final int FIRST_YEAR = 1900;

  static final int LAST_YEAR = 2200;

  private final LedgerQueries queries;
  private final ReportLedger ledger;
  private final ExpectedBirths expected;
  private final Function<Context, Actor> actors;
  private final Clock clock;

  public ReportRoutes(
      LedgerQueries queries,
      ExpectedBirths expected,
      Function<Context, Actor> actors,
      Clock clock) {
    this.queries = queries;
    this.ledger = new CommittedLedger(queries);
    this.expected = expected;
    this.actors = actors;
    this.clock = clock;
  }

  public void addTo(RoutesConfig routes) {
    routes.get("/api/v1/reports/registrations", this::registrations);
    routes.get("/api/v1/reports/border", this::border);
    routes.get("/api/v1/reports/audit", this::audit);
    routes.get("/api/v1/reports/expected-births", this::expectedBirths);
    routes.put("/api/v1/reports/expected-births/{jurisdiction}/{year}", this::setExpectedBirths);
  }

  private void registrations(Context ctx) {
    Actor actor = actors.apply(ctx);
    ReportPeriod period = period(ctx);
    Optional<Jurisdiction> only =
        scope(actor, Action.READ_REGISTRATION_REPORT, ctx, "jurisdiction", Subject::declaredIn);
    List<ReportTable> tables =
        RegistrationReport.tables(
            ledger, period, inScope(only), only.map(Set::of).orElse(Set.of()), expected);
    answer(ctx, report(Report.Kind.REGISTRATIONS, actor, only, period, tables));
  }

  private void border(Context ctx) {
    Actor actor = actors.apply(ctx);
    ReportPeriod period = period(ctx);
    Optional<Jurisdiction> only =
        scope(actor, Action.READ_BORDER_REPORT, ctx, "country", Subject::checkpointIn);
    answer(
        ctx,
        report(
            Report.Kind.BORDER,
            actor,
            only,
            period,
            BorderReport.tables(ledger, period, inScope(only))));
  }

  private void audit(Context ctx) {
    Actor actor = actors.apply(ctx);
    actor.require(Action.READ_AUDIT_REPORT);
    ReportPeriod period = period(ctx);
    answer(
        ctx,
        report(
            Report.Kind.AUDIT,
            actor,
            Optional.empty(),
            period,
            AuditReport.tables(ledger, period)));
  }

  private void expectedBirths(Context ctx) {
    Actor actor = actors.apply(ctx);
    Jurisdiction jurisdiction =
        optionalJurisdiction(ctx, "jurisdiction").orElse(actor.officer().jurisdiction());
    actor.require(Action.READ_REGISTRATION_REPORT, Subject.declaredIn(jurisdiction));
    List<Map<String, Object>> years = new ArrayList<>();
    expected.figures(jurisdiction).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(year -> years.add(figureJson(jurisdiction, year.getKey(), year.getValue())));
    HttpJson.json(ctx, 200, Map.of("jurisdiction", jurisdiction.code(), "years", years));
  }

  private void setExpectedBirths(Context ctx) {
    Actor actor = actors.apply(ctx);
    Jurisdiction jurisdiction = jurisdiction("jurisdiction", ctx.pathParam("jurisdiction"));
    int year = year(ctx.pathParam("year"));
    actor.require(Action.SET_EXPECTED_BIRTHS, Subject.declaredIn(jurisdiction));
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    int births = body.integer("births", 1, ExpectedBirths.MAX_BIRTHS);
    ExpectedBirths.Figure figure =
        expected.set(jurisdiction, Year.of(year), births, actor.officer().id(), clock.millis());
    HttpJson.json(ctx, 200, figureJson(jurisdiction, year, figure));
  }

  private static Map<String, Object> figureJson(
      Jurisdiction jurisdiction, int year, ExpectedBirths.Figure figure) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("jurisdiction", jurisdiction.code());
    json.put("year", year);
    json.put("births", figure.births());
    json.put("setBy", figure.setBy());
    json.put("setAtMillis", figure.setAtMillis());
    return json;
  }

  /**
   * The one jurisdiction a report covers, or empty for all: the one asked for in {@code param},
   * else all if the officer may read every jurisdiction's report, else the officer's own.
   */
  private static Optional<Jurisdiction> scope(
      Actor actor,
      Action action,
      Context ctx,
      String param,
      Function<Jurisdiction, Subject> subject) {
    Optional<Jurisdiction> asked = optionalJurisdiction(ctx, param);
    if (asked.isEmpty() && Permissions.check(action, actor.officer(), Subject.NONE).isAccepted()) {
      return Optional.empty();
    }
    Jurisdiction only = asked.orElse(actor.officer().jurisdiction());
    actor.require(action, subject.apply(only));
    return Optional.of(only);
  }

  private static Predicate<Jurisdiction> inScope(Optional<Jurisdiction> only) {
    return jurisdiction -> only.map(jurisdiction::equals).orElse(true);
  }

  private Report report(
      Report.Kind kind,
      Actor actor,
      Optional<Jurisdiction> only,
      ReportPeriod period,
      List<ReportTable> tables) {
    Officer officer = actor.officer();
    String name =
        queries.organisation(officer.org()).map(Organisation::name).orElse(officer.org().value());
    String scope =
        kind == Report.Kind.AUDIT
            ? "all organisations"
            : only.map(Jurisdiction::code).orElse("all jurisdictions");
    return new Report(kind, officer.org(), name, scope, period, clock.instant(), tables);
  }

  private ReportPeriod period(Context ctx) {
    try {
      return ReportPeriod.parse(
          Optional.ofNullable(ctx.queryParam("from")).filter(text -> !text.isBlank()),
          Optional.ofNullable(ctx.queryParam("to")).filter(text -> !text.isBlank()),
          YearMonth.now(clock));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      throw ApiProblem.invalidField(message.substring(0, colon), message.substring(colon + 2));
    }
  }

  private static void answer(Context ctx, Report report) {
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json").strip();
    switch (format) {
      case "json" -> HttpJson.json(ctx, 200, ReportJson.of(report));
      case "csv" ->
          file(
              ctx,
              ReportCsv.MEDIA_TYPE,
              report.fileName("csv"),
              ReportCsv.of(report).getBytes(StandardCharsets.UTF_8));
      case "pdf" -> file(ctx, ReportPdf.MEDIA_TYPE, report.fileName("pdf"), ReportPdf.of(report));
      default ->
          throw ApiProblem.invalidField("format", "must be json, csv or pdf; got '" + format + "'");
    }
  }

  private static void file(Context ctx, String type, String name, byte[] content) {
    ctx.status(200)
        .contentType(type)
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .result(content);
  }

  private static Optional<Jurisdiction> optionalJurisdiction(Context ctx, String param) {
    return Optional.ofNullable(ctx.queryParam(param))
        .filter(text -> !text.isBlank())
        .map(text -> jurisdiction(param, text.strip()));
  }

  private static Jurisdiction jurisdiction(String field, String code) {
    try {
      return new Jurisdiction(code);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(field, e.getMessage());
    }
  }

  private static int year(String text) {
    try {
      int year = Integer.parseInt(text);
      if (year >= FIRST_YEAR && year <= LAST_YEAR) {
        return year;
      }
    } catch (NumberFormatException e) {
      // answered below, as for a year out of range
    }
    throw ApiProblem.invalidField(
        "year", "must be a year from " + FIRST_YEAR + " to " + LAST_YEAR + "; got '" + text + "'");
  }
}
