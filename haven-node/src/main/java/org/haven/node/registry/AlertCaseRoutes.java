package org.haven.node.registry;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.JsonBody;
import org.haven.node.api.Params;
import org.haven.vault.AlertNotes;

/**
 * The routes of an alert's description and photo and of sightings (docs/api.md, "Alerts that
 * describe the child"): parse, call {@link AlertCases}, answer. Every route needs a logged-in
 * officer.
 */
public final class AlertCaseRoutes {
  /**
   * How far a sighting's time may be ahead of this node's clock: the officer's clock may run fast.
   */
  private static final Duration FUTURE_LEEWAY = Duration.ofMinutes(5);

  private final AlertCases cases;
  private final Function<Context, Actor> actors;

  public AlertCaseRoutes(AlertCases cases, Function<Context, Actor> actors) {
    this.cases = cases;
    this.actors = actors;
  }

  /** Adds the routes under {@code /api/v1}. */
  public void addTo(RoutesConfig routes) {
    routes.get("/api/v1/children/{number}/alert/notice", this::notice);
    routes.post("/api/v1/children/{number}/sightings", this::recordSighting);
    routes.get("/api/v1/children/{number}/sightings", this::sightings);
  }

  private void notice(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    String purpose = RegistryRoutes.purpose(ctx);
    AlertCases.NoticeRead read =
        RegistryRoutes.purposeChecked(() -> cases.readNotice(actor, child, purpose));
    HttpJson.json(ctx, 200, noticeJson(read));
  }

  /** A notice as the API answers it, here and in an online border check's ALERT. */
  public static Map<String, Object> noticeJson(AlertCases.NoticeRead read) {
    AlertNotes.Notice notice = read.notice();
    Map<String, Object> answer =
        RegistryRoutes.ordered(
            "childNumber",
            read.child().toString(),
            "priority",
            read.alert().priority().name(),
            "contactPoint",
            read.alert().contactPoint(),
            "raisingOrganisation",
            read.alert().raisingOrganisation().value(),
            "description",
            notice.description());
    answer.put(
        "photo",
        notice
            .photo()
            .map(p -> Base64.getEncoder().encodeToString(p.image().toArray()))
            .orElse(null));
    answer.put("photoMediaType", notice.photo().map(p -> p.mediaType()).orElse(null));
    answer.put("photoHash", notice.photoHash().map(Hash::toHex).orElse(null));
    answer.put("photoMatchesLedger", read.photoMatchesLedger());
    return answer;
  }

  private void recordSighting(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String place = body.text("place");
    Instant now = Instant.now();
    Instant seenAt =
        body.optionalText("seenAt").isPresent() ? FoundChildRoutes.instant(body, "seenAt") : now;
    if (seenAt.isAfter(now.plus(FUTURE_LEEWAY))) {
      throw ApiProblem.invalidField(
          "seenAt", "is in the future; give the time the child was seen, in UTC");
    }
    String note = body.optionalText("note").orElse("");
    AlertNotes.Sighting sighting =
        body.build(
            "place", b -> cases.recordSighting(actor, child, place, seenAt.toEpochMilli(), note));
    Map<String, Object> answer = sightingJson(sighting);
    answer.put("childNumber", child.toString());
    HttpJson.json(ctx, 201, answer);
  }

  private void sightings(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    String purpose = RegistryRoutes.purpose(ctx);
    HttpJson.json(
        ctx,
        200,
        RegistryRoutes.ordered(
            "childNumber",
            child.toString(),
            "items",
            RegistryRoutes.purposeChecked(() -> cases.sightings(actor, child, purpose)).stream()
                .map(AlertCaseRoutes::sightingJson)
                .toList()));
  }

  private static Map<String, Object> sightingJson(AlertNotes.Sighting sighting) {
    return RegistryRoutes.ordered(
        "transactionId",
        sighting.transaction().toHex(),
        "recordedBy",
        sighting.recordedBy().value(),
        "recordedAt",
        sighting.recordedAtMillis(),
        "place",
        sighting.place(),
        "seenAt",
        sighting.seenAtMillis(),
        "note",
        sighting.note());
  }

  private static ChildNumber number(Context ctx) {
    return Params.childNumber("number", ctx.pathParam("number"));
  }
}
