package org.haven.node.registry;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.FoundRecord;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;
import org.haven.core.tx.DecideFoundChild;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.JsonBody;
import org.haven.node.api.Paging;
import org.haven.node.api.Params;
import org.haven.vault.FoundDetails;
import org.haven.vault.PersonalData;
import org.haven.vault.Photo;

/**
 * The found-child routes (docs/api.md, "Found children"): parse the JSON, call {@link
 * FoundChildService}, write the answer. Every route needs a logged-in officer.
 */
public final class FoundChildRoutes {
  private final FoundChildService found;
  private final Function<Context, Actor> actors;

  public FoundChildRoutes(FoundChildService found, Function<Context, Actor> actors) {
    this.found = found;
    this.actors = actors;
  }

  /** Adds the routes under {@code /api/v1}. */
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/found-children", this::declare);
    routes.get("/api/v1/found-children", this::awaiting);
    routes.get("/api/v1/found-children/{number}", this::show);
    routes.post("/api/v1/found-children/{number}/decision", this::decide);
  }

  private void declare(Context ctx) {
    Actor actor = actors.apply(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    Optional<Jurisdiction> jurisdiction =
        body.optionalText("jurisdiction")
            .map(code -> body.build("jurisdiction", b -> new Jurisdiction(code)));
    PersonalData data = foundData(body.object("child"));
    committed(ctx, 201, found.declare(actor, jurisdiction, data));
  }

  private static PersonalData foundData(JsonBody child) {
    String givenNames = child.optionalText("givenNames").orElse("");
    String familyNames = child.optionalText("familyNames").orElse("");
    Sex sex = child.enumValue("sex", Sex.class);
    int ageFrom = child.integer("ageFrom", 0, FoundDetails.MAX_AGE);
    int ageTo = child.integer("ageTo", 0, FoundDetails.MAX_AGE);
    Instant foundAt = instant(child, "foundAt");
    String placeFound = child.text("placeFound");
    String marks = child.optionalText("distinguishingMarks").orElse("");
    Optional<Photo> photo =
        child.base64("photo").map(image -> child.build("photo", c -> new Photo(image)));
    String notes = child.optionalText("notes").orElse("");
    FoundDetails details =
        child.build("ageTo", c -> new FoundDetails(ageFrom, ageTo, foundAt, placeFound, marks));
    return child.build(
        "givenNames",
        c ->
            new PersonalData(
                givenNames,
                familyNames,
                details.estimatedDateOfBirth(),
                "",
                sex,
                List.of(),
                photo,
                notes,
                Optional.of(details)));
  }

  /** The UTC time in {@code field}, or a 400 naming it. */
  static Instant instant(JsonBody body, String field) {
    String text = body.text(field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalidField(
          body.pathOf(field), "must be a UTC time such as 2026-12-08T09:30:00Z");
    }
  }

  private void awaiting(Context ctx) {
    Actor actor = actors.apply(ctx);
    Paging.answer(
        ctx,
        Paging.read(ctx, (cursor, limit) -> found.awaiting(actor, cursor, limit)),
        FoundChildRoutes::viewJson);
  }

  private void show(Context ctx) {
    Actor actor = actors.apply(ctx);
    HttpJson.json(ctx, 200, viewJson(found.show(actor, number(ctx))));
  }

  private void decide(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    DecideFoundChild.Decision decision =
        body.enumValue("decision", DecideFoundChild.Decision.class);
    Optional<ChildNumber> match =
        body.optionalText("match").map(text -> Params.childNumber(body.pathOf("match"), text));
    String reason = body.text("reason");
    committed(
        ctx, 200, body.build("match", b -> found.decide(actor, child, decision, match, reason)));
  }

  private static ChildNumber number(Context ctx) {
    return Params.childNumber("number", ctx.pathParam("number"));
  }

  private static void committed(Context ctx, int status, FoundChildService.Committed committed) {
    Map<String, Object> answer = viewJson(committed.view());
    answer.put("transactionId", committed.transactionId().toHex());
    answer.put("blockHeight", committed.blockHeight());
    HttpJson.json(ctx, status, answer);
  }

  private static Map<String, Object> viewJson(FoundChildService.FoundView view) {
    FoundRecord record = view.found();
    Map<String, Object> answer =
        RegistryRoutes.ordered(
            "childNumber",
            view.record().number().toString(),
            "childNumberDisplay",
            view.record().number().display(),
            "status",
            view.record().status().name(),
            "jurisdiction",
            view.record().jurisdiction().code(),
            "organisation",
            view.record().issuer().value(),
            "declaredBy",
            record.declaredBy().value(),
            "declaredAt",
            record.declaredAtMillis(),
            "resolution",
            record.resolution().name());
    answer.put("matchedTo", record.matchedTo().map(ChildNumber::toString).orElse(null));
    answer.put("evidence", record.evidence().map(Enum::name).orElse(null));
    answer.put("decidedBy", record.decidedBy().map(officer -> officer.value()).orElse(null));
    answer.put("candidates", view.candidates().stream().map(FoundChildRoutes::candidate).toList());
    return answer;
  }

  private static Map<String, Object> candidate(FoundChildService.Candidate candidate) {
    Map<String, Object> answer =
        RegistryRoutes.ordered(
            "childNumber",
            candidate.record().number().toString(),
            "childNumberDisplay",
            candidate.record().number().display(),
            "status",
            candidate.record().status().name(),
            "jurisdiction",
            candidate.record().jurisdiction().code(),
            "organisation",
            candidate.record().issuer().value(),
            "rule",
            candidate.rule().name(),
            "reason",
            candidate.rule().reason());
    answer.put(
        "alert",
        candidate
            .alert()
            .map(
                alert ->
                    RegistryRoutes.ordered(
                        "priority",
                        alert.priority().name(),
                        "contactPoint",
                        alert.contactPoint(),
                        "raisingOrganisation",
                        alert.raisingOrganisation().value()))
            .orElse(null));
    return answer;
  }
}
