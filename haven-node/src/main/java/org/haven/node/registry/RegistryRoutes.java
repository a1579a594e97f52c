package org.haven.node.registry;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.haven.card.qr.QrCodes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.AccessEntry;
import org.haven.core.registry.Alert;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertChange;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.GuardianLink;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.TravelConsent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.SetAlert;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.IdempotencyKey;
import org.haven.node.api.JsonBody;
import org.haven.node.api.Paging;
import org.haven.node.api.Params;
import org.haven.vault.AlertNotes;
import org.haven.vault.DeclarationFile;
import org.haven.vault.DocumentType;
import org.haven.vault.Guardian;
import org.haven.vault.IdentityDocument;
import org.haven.vault.InformationRequest;
import org.haven.vault.PersonalData;
import org.haven.vault.Photo;
import org.haven.vault.Witness;

/**
 * The registry's HTTP routes (see docs/api.md): parse the JSON, call {@link RegistryService}, write
 * the answer. Every route needs a logged-in officer, whom {@code actors} resolves from the request.
 */
public final class RegistryRoutes {
  private final RegistryService registry;
  private final ConsentCredentials consentCredentials;
  private final Function<Context, Actor> actors;

  public RegistryRoutes(
      RegistryService registry,
      ConsentCredentials consentCredentials,
      Function<Context, Actor> actors) {
    this.registry = registry;
    this.consentCredentials = consentCredentials;
    this.actors = actors;
  }

  /** Adds the routes under {@code /api/v1}. */
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/children", this::declare);
    routes.get("/api/v1/children/{number}", this::show);
    routes.post("/api/v1/children/{number}/decision", this::decide);
    routes.post("/api/v1/children/{number}/information-requests", this::requestInformation);
    routes.post("/api/v1/children/{number}/information-requests/answer", this::answer);
    routes.get("/api/v1/information-requests", this::awaitingInformation);
    routes.post("/api/v1/children/{number}/duplicate-review", this::reviewDuplicate);
    routes.put("/api/v1/children/{number}/personal-data", this::correct);
    routes.get("/api/v1/children/{number}/personal-data", this::read);
    routes.post("/api/v1/children/{number}/status", this::changeStatus);
    routes.post("/api/v1/children/{number}/erasure", this::erase);
    routes.post("/api/v1/children/{number}/guardians", this::changeGuardian);
    routes.post("/api/v1/children/{number}/alert", this::alert);
    routes.get("/api/v1/children/{number}/alert", this::alertHistory);
    routes.post("/api/v1/children/{number}/events", this::recordEvent);
    routes.get("/api/v1/children/{number}/timeline", this::timeline);
    routes.get("/api/v1/children/{number}/access-log", this::accessLog);
    routes.post("/api/v1/children/{number}/consents", this::grantConsent);
    routes.get("/api/v1/children/{number}/consents", this::consents);
    routes.post("/api/v1/consents/{id}/revocation", this::revokeConsent);
    routes.get("/api/v1/declarations", this::declarations);
    routes.get("/api/v1/duplicate-reviews", this::duplicateReviews);
    routes.get("/api/v1/alerts", this::alerts);
  }

  private void declare(Context ctx) {
    Actor actor = actors.apply(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    Optional<Jurisdiction> jurisdiction =
        body.optionalText("jurisdiction")
            .map(code -> body.build("jurisdiction", b -> jurisdiction(code)));
    boolean late = body.bool("late", false);
    Evidence evidence = body.enumValue("evidence", Evidence.class);
    List<Witness> witnesses = witnesses(body);
    PersonalData data = personalData(body);
    RegistryService.Declaration declaration =
        body.build(
            "witnesses",
            b -> new RegistryService.Declaration(jurisdiction, late, evidence, witnesses, data));
    RegistryService.Declared declared = registry.declare(actor, declaration);
    if (declared instanceof RegistryService.AlreadyDeclared first) {
      Map<String, Object> answer = view(first.child());
      answer.put("transactionId", first.transactionId().toHex());
      answer.put("logIndex", first.logIndex());
      ctx.header(IdempotencyKey.REPLAYED_HEADER, "true");
      HttpJson.json(ctx, 201, answer);
    } else {
      committed(ctx, 201, (RegistryService.Committed) declared);
    }
  }

  private static List<Witness> witnesses(JsonBody body) {
    List<Witness> witnesses = new ArrayList<>();
    for (JsonBody witness : body.objects("witnesses", DeclarationFile.MAX_WITNESSES)) {
      String names = witness.text("names");
      String relationship = witness.text("relationship");
      String documentNumber = witness.text("documentNumber");
      String statement = witness.text("statement");
      witnesses.add(
          witness.build("names", w -> new Witness(names, relationship, documentNumber, statement)));
    }
    return witnesses;
  }

  private static Jurisdiction jurisdiction(String code) {
    try {
      return new Jurisdiction(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jurisdiction: " + e.getMessage(), e);
    }
  }

  private void show(Context ctx) {
    actors.apply(ctx);
    HttpJson.json(ctx, 200, view(registry.child(number(ctx))));
  }

  private void decide(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    DecideDeclaration.Decision decision =
        body.enumValue("decision", DecideDeclaration.Decision.class);
    String reason = body.text("reason");
    committed(ctx, 200, body.build("reason", b -> registry.decide(actor, child, decision, reason)));
  }

  private void requestInformation(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String question = body.text("question");
    committed(
        ctx, 201, body.build("question", b -> registry.requestInformation(actor, child, question)));
  }

  private void answer(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String text = body.text("answer");
    Optional<InformationRequest.Correction> correction =
        body.optionalObject("correction")
            .map(
                c -> {
                  String field = c.text("field");
                  String value = c.text("value");
                  return c.build("field", x -> new InformationRequest.Correction(field, value));
                });
    Optional<Photo> document =
        body.base64("document").map(image -> body.build("document", b -> new Photo(image)));
    InformationRequest.Answer answer =
        body.build(
            "answer",
            b ->
                new InformationRequest.Answer(
                    actor.officer().id(), System.currentTimeMillis(), text, correction, document));
    InformationRequest answered = registry.answerInformationRequest(actor, child, answer);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("childNumber", child.toString());
    json.putAll(requestJson(answered));
    HttpJson.json(ctx, 200, json);
  }

  private void awaitingInformation(Context ctx) {
    Actor actor = actors.apply(ctx);
    Paging.answer(
        ctx,
        Paging.slice(ctx, registry.awaitingInformation(actor)),
        awaiting -> {
          Map<String, Object> item = recordJson(awaiting.record());
          item.putAll(requestJson(awaiting.request()));
          return item;
        });
  }

  /** A request for information and its answer, if given: personal data, for an audited read. */
  private static Map<String, Object> requestJson(InformationRequest request) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("question", request.question());
    json.put("askedBy", request.askedBy().value());
    json.put("askedAt", request.askedAtMillis());
    json.put(
        "answer",
        request
            .answer()
            .map(
                answer -> {
                  Map<String, Object> given = new LinkedHashMap<>();
                  given.put("text", answer.text());
                  given.put("answeredBy", answer.answeredBy().value());
                  given.put("answeredAt", answer.answeredAtMillis());
                  given.put(
                      "correction",
                      answer
                          .correction()
                          .map(c -> ordered("field", c.field(), "value", c.value()))
                          .orElse(null));
                  given.put("document", answer.document().map(RegistryRoutes::base64).orElse(null));
                  return given;
                })
            .orElse(null));
    return json;
  }

  private static String base64(Photo photo) {
    return Base64.getEncoder().encodeToString(photo.image().toArray());
  }

  private static Map<String, Object> witnessJson(Witness witness) {
    return ordered(
        "names",
        witness.names(),
        "relationship",
        witness.relationship(),
        "documentNumber",
        witness.documentNumber(),
        "statement",
        witness.statement());
  }

  private void reviewDuplicate(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    ChildNumber candidate = Params.childNumber(body.pathOf("candidate"), body.text("candidate"));
    boolean duplicate = body.bool("duplicate");
    committed(ctx, 200, registry.resolveDuplicate(actor, child, candidate, duplicate));
  }

  private void correct(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    PersonalData data = personalData(body);
    String reason = body.text("reason");
    committed(ctx, 200, body.build("reason", b -> registry.correct(actor, child, data, reason)));
  }

  private void read(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    String purpose = purpose(ctx);
    RegistryService.PersonalDataRead result =
        purposeChecked(() -> registry.readPersonalData(actor, child, purpose));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("childNumber", child.toString());
    if (result instanceof RegistryService.Found found) {
      answer.put("erased", false);
      answer.put("child", childJson(found.data()));
      answer.put(
          "guardians",
          found.data().guardians().stream().map(RegistryRoutes::guardianJson).toList());
      answer.put(
          "witnesses", found.file().witnesses().stream().map(RegistryRoutes::witnessJson).toList());
      answer.put(
          "informationRequests",
          found.file().requests().stream().map(RegistryRoutes::requestJson).toList());
    } else {
      answer.put("erased", true);
    }
    HttpJson.json(ctx, 200, answer);
  }

  /**
   * The {@code purpose} parameter of a read of personal data.
   *
   * @throws ApiProblem 400 naming {@code purpose} if there is none
   */
  static String purpose(Context ctx) {
    String purpose = ctx.queryParam("purpose");
    if (purpose == null || purpose.isBlank()) {
      throw ApiProblem.invalidField(
          "purpose", "is required: say why you read this child's data; the reason is audited");
    }
    return purpose;
  }

  static <T> T purposeChecked(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("purpose", e.getMessage().replaceFirst("^purpose: ", ""));
    }
  }

  private void changeStatus(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    ChildStatus status = body.enumValue("status", ChildStatus.class);
    String reason = body.text("reason");
    committed(
        ctx, 200, body.build("reason", b -> registry.changeStatus(actor, child, status, reason)));
  }

  private void erase(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String reason = body.text("reason");
    committed(ctx, 200, body.build("reason", b -> registry.erase(actor, child, reason)));
  }

  private void changeGuardian(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String action = body.optionalText("action").orElse("LINK");
    if (!action.equals("LINK") && !action.equals("UNLINK")) {
      throw ApiProblem.invalidField("action", "must be LINK or UNLINK");
    }
    Relationship relationship = body.enumValue("relationship", Relationship.class);
    IdentityDocument document = document(body.object("document"));
    boolean mayConsent = body.bool("mayConsentToTravel", false);
    String reference = body.text("reference");
    RegistryService.GuardianChange change =
        new RegistryService.GuardianChange(
            action.equals("LINK"), relationship, document, mayConsent, reference);
    committed(
        ctx, 200, body.build("reference", b -> registry.changeGuardian(actor, child, change)));
  }

  private void alert(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    AlertAction action = body.enumValue("action", AlertAction.class);
    Optional<Alert> current = registry.child(child).alert();
    AlertPriority priority =
        body.optionalEnum("priority", AlertPriority.class)
            .or(() -> current.map(Alert::priority))
            .orElseThrow(
                () -> ApiProblem.invalidField("priority", "is required to raise an alert"));
    String contact =
        body.optionalText("contactPoint")
            .or(() -> current.map(Alert::contactPoint))
            .orElseThrow(
                () -> ApiProblem.invalidField("contactPoint", "is required to raise an alert"));
    Optional<String> given = body.optionalText("reason");
    if (action == AlertAction.RESOLVE && given.isEmpty()) {
      throw ApiProblem.invalidField(
          "reason", "is required to resolve an alert: say why, for example 'found safe'");
    }
    if (action != AlertAction.RESOLVE && given.isPresent()) {
      throw ApiProblem.invalidField("reason", "is given only when resolving an alert");
    }
    String reason = given.orElse("");
    SetAlert change =
        body.build(
            action == AlertAction.RESOLVE ? "reason" : "contactPoint",
            b -> new SetAlert(child, action, priority, contact, reason));
    Optional<AlertNotes.Notice> notice =
        body.optionalText("description")
            .map(
                description ->
                    body.build(
                        "description",
                        b ->
                            new AlertNotes.Notice(
                                description,
                                b.base64("photo")
                                    .map(image -> b.build("photo", p -> new Photo(image))))));
    if (notice.isEmpty() && body.base64("photo").isPresent()) {
      throw ApiProblem.invalidField(
          "photo", "is given with a description: say what helps recognise the child");
    }
    committed(ctx, 200, registry.alert(actor, change, notice));
  }

  /** The child's alert as it stands, and every raise, update and resolution of its alerts. */
  private void alertHistory(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    RegistryService.AlertHistory history = registry.alertHistory(actor, child);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("childNumber", child.toString());
    answer.put("alert", history.alert().map(RegistryRoutes::alertJson).orElse(null));
    answer.put("history", history.changes().stream().map(RegistryRoutes::alertChangeJson).toList());
    HttpJson.json(ctx, 200, answer);
  }

  private void recordEvent(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    EventType type = body.enumValue("type", EventType.class);
    committed(ctx, 201, registry.recordEvent(actor, child, type));
  }

  private void timeline(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    Paging.answer(
        ctx,
        Paging.slice(ctx, registry.timeline(actor, child)),
        RegistryRoutes::eventJson,
        "childNumber",
        child.toString());
  }

  private void accessLog(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    Paging.answer(
        ctx,
        Paging.slice(ctx, registry.accessLog(actor, child)),
        RegistryRoutes::readJson,
        "childNumber",
        child.toString());
  }

  /**
   * One timeline event; a border check also has its checkpoint and outcome, so that a check that
   * stopped the child never reads as a crossing.
   */
  private static Map<String, Object> eventJson(TimelineEvent event) {
    Map<String, Object> json =
        ordered(
            "type",
            event.type().name(),
            "place",
            event.place().code(),
            "at",
            event.atMillis(),
            "recordedBy",
            event.recordedBy().value());
    event
        .check()
        .ifPresent(
            check -> {
              json.put("checkpoint", check.checkpoint());
              json.put("outcome", check.outcome().name());
            });
    return json;
  }

  /** One recorded read of personal data, as the access logs show it. */
  public static Map<String, Object> readJson(AccessEntry entry) {
    return ordered(
        "reader", entry.reader().value(), "purpose", entry.purpose(), "at", entry.atMillis());
  }

  private void grantConsent(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = number(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    IdentityDocument companion = document(body.object("companion"));
    List<Jurisdiction> destinations = new ArrayList<>();
    List<String> codes = body.texts("destinations", TravelConsent.MAX_DESTINATIONS);
    for (int i = 0; i < codes.size(); i++) {
      String code = codes.get(i);
      destinations.add(body.build("destinations[" + i + "]", b -> new Jurisdiction(code)));
    }
    LocalDate from = body.date("validFrom");
    LocalDate until = body.date("validUntil");
    boolean multiple = body.bool("multipleTrips");
    List<IdentityDocument> grantedBy =
        body.objects("grantedBy", 2).stream().map(RegistryRoutes::document).toList();
    String reference = body.text("reference");
    RegistryService.ConsentGrant grant =
        body.build(
            "consent",
            b ->
                new RegistryService.ConsentGrant(
                    companion, destinations, from, until, multiple, grantedBy, reference));
    RegistryService.GrantedConsent granted =
        body.build("consent", b -> registry.grantConsent(actor, child, grant, consentCredentials));
    RegistryService.Written written = granted.written();
    String qr = granted.credential();
    HttpJson.json(
        ctx,
        201,
        ordered(
            "consentId",
            written.id().toHex(),
            "childNumber",
            child.toString(),
            "qr",
            qr,
            "qrPng",
            Base64.getEncoder().encodeToString(QrCodes.png(qr)),
            "transactionId",
            written.transactionId().toHex(),
            "blockHeight",
            written.blockHeight()));
  }

  private void consents(Context ctx) {
    actors.apply(ctx);
    ChildNumber child = number(ctx);
    Paging.answer(
        ctx,
        Paging.slice(ctx, registry.consents(child)),
        consent ->
            ordered(
                "consentId",
                consent.id().toHex(),
                "destinations",
                consent.destinations().stream().map(Jurisdiction::code).toList(),
                "validFrom",
                consent.validFrom().toString(),
                "validUntil",
                consent.validUntil().toString(),
                "multipleTrips",
                consent.multipleTrips(),
                "reference",
                consent.reference(),
                "active",
                consent.active(),
                "state",
                consent.state().name()),
        "childNumber",
        child.toString());
  }

  private void revokeConsent(Context ctx) {
    Actor actor = actors.apply(ctx);
    Hash id = Params.hash("id", ctx.pathParam("id"));
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String reason = body.text("reason");
    RegistryService.Written written =
        body.build("reason", b -> registry.revokeConsent(actor, id, reason));
    HttpJson.json(
        ctx,
        200,
        ordered(
            "consentId",
            id.toHex(),
            "active",
            false,
            "transactionId",
            written.transactionId().toHex(),
            "blockHeight",
            written.blockHeight()));
  }

  private void declarations(Context ctx) {
    Actor actor = actors.apply(ctx);
    Paging.answer(
        ctx,
        Paging.read(ctx, (cursor, limit) -> registry.declarations(actor, cursor, limit)),
        RegistryRoutes::recordJson);
  }

  private void duplicateReviews(Context ctx) {
    Actor actor = actors.apply(ctx);
    Paging.answer(
        ctx,
        Paging.read(ctx, (cursor, limit) -> registry.duplicateReviews(actor, cursor, limit)),
        review ->
            ordered(
                "childNumber",
                review.child().toString(),
                "candidates",
                review.candidates().stream().map(ChildNumber::toString).toList()));
  }

  private void alerts(Context ctx) {
    actors.apply(ctx).require(Permissions.Action.READ_ALERTS);
    Paging.answer(
        ctx,
        Paging.read(ctx, registry::openAlerts),
        open -> {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("childNumber", open.child().toString());
          item.putAll(alertJson(open.alert()));
          return item;
        });
  }

  /** A JSON object with its keys in the order given, so answers read the same every time. */
  public static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      object.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return object;
  }

  static ChildNumber number(Context ctx) {
    return Params.childNumber("number", ctx.pathParam("number"));
  }

  private static PersonalData personalData(JsonBody body) {
    JsonBody child = body.object("child");
    List<Guardian> guardians = new ArrayList<>();
    for (JsonBody guardian : body.objects("guardians", PersonalData.MAX_GUARDIANS)) {
      Relationship relationship = guardian.enumValue("relationship", Relationship.class);
      String names = guardian.text("names");
      Optional<IdentityDocument> document =
          guardian.optionalObject("document").map(RegistryRoutes::document);
      guardians.add(guardian.build("names", g -> new Guardian(relationship, names, document)));
    }
    String givenNames = child.text("givenNames");
    String familyNames = child.optionalText("familyNames").orElse("");
    LocalDate born = child.date("dateOfBirth");
    String place = child.optionalText("placeOfBirth").orElse("");
    Sex sex = child.enumValue("sex", Sex.class);
    Optional<Photo> photo =
        child.base64("photo").map(image -> child.build("photo", c -> new Photo(image)));
    String notes = child.optionalText("notes").orElse("");
    try {
      return new PersonalData(givenNames, familyNames, born, place, sex, guardians, photo, notes);
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("guardians")
          ? body.invalid("guardians", e)
          : child.invalid("child", e);
    }
  }

  private static IdentityDocument document(JsonBody document) {
    DocumentType type = document.enumValue("type", DocumentType.class);
    String number = document.text("number");
    Jurisdiction country = document.country("country");
    return document.build("number", d -> new IdentityDocument(type, number, country));
  }

  private static void committed(Context ctx, int status, RegistryService.Committed committed) {
    Map<String, Object> answer = view(committed.child());
    answer.put("transactionId", committed.transactionId().toHex());
    answer.put("blockHeight", committed.blockHeight());
    HttpJson.json(ctx, status, answer);
  }

  private static Map<String, Object> view(RegistryService.ChildView view) {
    Map<String, Object> answer = recordJson(view.record());
    answer.put("guardians", view.guardians().stream().map(RegistryRoutes::linkJson).toList());
    answer.put("alert", view.alert().map(RegistryRoutes::alertJson).orElse(null));
    answer.put(
        "duplicateCandidates",
        view.duplicateCandidates().stream().map(ChildNumber::toString).toList());
    return answer;
  }

  private static Map<String, Object> recordJson(ChildRecord record) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("childNumber", record.number().toString());
    answer.put("childNumberDisplay", record.number().display());
    answer.put("status", record.status().name());
    answer.put("jurisdiction", record.jurisdiction().code());
    answer.put("organisation", record.issuer().value());
    answer.put("version", record.version());
    // Unknown (null) for a child declared before the ledger kept the declaration.
    answer.put("declaredBy", record.declaration().map(d -> d.officer().value()).orElse(null));
    answer.put("late", record.declaration().map(ChildRecord.Declaration::late).orElse(null));
    answer.put("evidence", record.declaration().map(d -> d.evidence().name()).orElse(null));
    return answer;
  }

  private static Map<String, Object> linkJson(GuardianLink link) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("relationship", link.relationship().name());
    answer.put("documentHash", link.documentHash().toHex());
    answer.put("mayConsentToTravel", link.mayConsentToTravel());
    answer.put("reference", link.reference());
    return answer;
  }

  private static Map<String, Object> alertJson(Alert alert) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("priority", alert.priority().name());
    answer.put("contactPoint", alert.contactPoint());
    answer.put("open", alert.open());
    answer.put("raisedBy", alert.raisedBy().value());
    answer.put("raisingOrganisation", alert.raisingOrganisation().value());
    answer.put("photoHash", alert.photoHash().map(Hash::toHex).orElse(null));
    return answer;
  }

  private static Map<String, Object> alertChangeJson(AlertChange change) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("action", change.action().name());
    answer.put("officer", change.officer().value());
    answer.put("organisation", change.organisation().value());
    answer.put("at", change.atMillis());
    answer.put("priority", change.priority().name());
    answer.put("contactPoint", change.contactPoint());
    if (change.action() == AlertAction.RESOLVE) {
      answer.put("reason", change.reason());
    }
    return answer;
  }

  static Map<String, Object> childJson(PersonalData data) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("givenNames", data.givenNames());
    answer.put("familyNames", data.familyNames());
    answer.put("dateOfBirth", data.dateOfBirth().toString());
    answer.put("placeOfBirth", data.placeOfBirth());
    answer.put("sex", data.sex().name());
    answer.put("notes", data.notes());
    answer.put("photo", data.photo().map(RegistryRoutes::base64).orElse(null));
    data.found()
        .ifPresent(
            found ->
                answer.put(
                    "found",
                    ordered(
                        "ageFrom",
                        found.ageFrom(),
                        "ageTo",
                        found.ageTo(),
                        "foundAt",
                        found.foundAt().toString(),
                        "placeFound",
                        found.placeFound(),
                        "distinguishingMarks",
                        found.distinguishingMarks())));
    return answer;
  }

  static Map<String, Object> guardianJson(Guardian guardian) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("relationship", guardian.relationship().name());
    answer.put("names", guardian.names());
    answer.put(
        "document",
        guardian
            .document()
            .map(
                d ->
                    ordered(
                        "type",
                        d.type().name(),
                        "number",
                        d.number(),
                        "country",
                        d.country().code()))
            .orElse(null));
    return answer;
  }
}
