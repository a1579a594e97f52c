package org.haven.node.border;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.haven.card.CredentialCodec;
import org.haven.card.border.BorderCheck;
import org.haven.card.border.BorderDecision;
import org.haven.card.border.BorderPost;
import org.haven.card.border.ChildComparison;
import org.haven.card.border.CompanionDocument;
import org.haven.card.border.CrossingRecord;
import org.haven.card.border.Direction;
import org.haven.card.border.Outcome;
import org.haven.card.border.Presentation;
import org.haven.card.bundle.VerifierBundle;
import org.haven.card.qr.QrCodes;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.tx.Kind;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.Transaction;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.JsonBody;
import org.haven.node.api.Params;
import org.haven.node.registry.Actor;
import org.haven.node.registry.AlertCaseRoutes;
import org.haven.node.registry.RegistryService;
import org.haven.vault.DocumentType;

/**
 * The card, the verifier bundle and the online border check over HTTP (see docs/api.md). The online
 * check is the offline one, {@link BorderCheck}, run against this node's latest bundle, except that
 * it asks the ledger whether a consent was used or revoked; every check is recorded on the ledger
 * as a crossing.
 */
public final class BorderRoutes {
  /** The media type of a signed crossing transaction's canonical bytes. */
  public static final String SIGNED_CROSSING_TYPE = "application/octet-stream";

  /** The media type of an attested bundle or delta file (CBOR, RFC 8949). */
  static final String BUNDLE_TYPE = "application/cbor";

  /** The largest photo of a card {@code /border/scan} reads: a phone camera's JPEG fits. */
  public static final int MAX_SCAN_BYTES = 4 * 1024 * 1024;

  /** How old the node's bundle may be before PASS becomes secondary inspection, as offline. */
  static final Duration MAX_BUNDLE_AGE = Duration.ofDays(7);

  private final CardService cards;
  private final BundleService bundles;
  private final RegistryService registry;
  private final Function<Context, Actor> actors;

  public BorderRoutes(
      CardService cards,
      BundleService bundles,
      RegistryService registry,
      Function<Context, Actor> actors) {
    this.cards = cards;
    this.bundles = bundles;
    this.registry = registry;
    this.actors = actors;
  }

  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/children/{number}/card", this::issueCard);
    routes.get("/api/v1/children/{number}/cards", this::cards);
    routes.post("/api/v1/children/{number}/cards/{hash}/revocation", this::revokeCard);
    routes.get("/api/v1/bundle", this::bundle);
    routes.post("/api/v1/border/scan", this::scan);
    routes.post("/api/v1/border/card", this::card);
    routes.post("/api/v1/border/check", this::check);
    routes.post("/api/v1/crossings", this::crossing);
  }

  private void issueCard(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = Params.childNumber("number", ctx.pathParam("number"));
    CardService.Issued card = cards.issue(actor, child);
    Base64.Encoder base64 = Base64.getEncoder();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("childNumber", child.toString());
    answer.put("issuedAt", card.claims().issuedAt().toEpochMilli());
    answer.put("expiresAt", card.claims().expiresAt().toEpochMilli());
    answer.put("qr", card.qr());
    answer.put("qrPng", base64.encodeToString(QrCodes.png(card.qr())));
    answer.put("sdJwt", card.sdJwt());
    answer.put("pdf", base64.encodeToString(card.pdf()));
    answer.put("cardHash", card.cardHash().toHex());
    answer.put("transactionId", card.recorded().transactionId().toHex());
    answer.put("blockHeight", card.recorded().blockHeight());
    HttpJson.json(ctx, 201, answer);
  }

  /** The cards the ledger recorded for a child: hashes and whether each is revoked. */
  private void cards(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = Params.childNumber("number", ctx.pathParam("number"));
    List<Map<String, Object>> items =
        cards.cards(actor, child).stream()
            .map(
                card -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("cardHash", card.hash().toHex());
                  item.put("issuer", card.issuer().value());
                  item.put("issuerKey", card.issuerKey().toBase64());
                  item.put("revoked", card.revoked());
                  return item;
                })
            .toList();
    HttpJson.json(ctx, 200, Map.of("childNumber", child.toString(), "items", items));
  }

  /** Revokes one card, for example reported lost or stolen, leaving the child's record in force. */
  private void revokeCard(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = Params.childNumber("number", ctx.pathParam("number"));
    Hash cardHash = Params.hash("hash", ctx.pathParam("hash"));
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String reason = body.text("reason");
    RegistryService.Written written =
        body.build("reason", b -> cards.revoke(actor, child, cardHash, reason));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("childNumber", child.toString());
    answer.put("cardHash", cardHash.toHex());
    answer.put("revoked", true);
    answer.put("transactionId", written.transactionId().toHex());
    answer.put("blockHeight", written.blockHeight());
    HttpJson.json(ctx, 200, answer);
  }

  /**
   * The latest attested bundle, or with {@code ?since=N} the change from version N when this node
   * still holds it; the {@code Haven-Bundle} header says which ({@code full} or {@code delta}).
   */
  private void bundle(Context ctx) throws IOException {
    actors.apply(ctx);
    String since = ctx.queryParam("since");
    Optional<byte[]> delta = Optional.empty();
    if (since != null) {
      try {
        delta = bundles.deltaFrom(Long.parseLong(since));
      } catch (NumberFormatException e) {
        throw ApiProblem.invalidField("since", "must be the version of the bundle held");
      }
    }
    byte[] body = delta.isPresent() ? delta.get() : bundles.latest();
    ctx.header("Haven-Bundle", delta.isPresent() ? "delta" : "full")
        .contentType(BUNDLE_TYPE)
        .result(body);
  }

  /** Reads the QR code in a photo or scan of a card; the image is not kept. */
  private void scan(Context ctx) {
    actors.apply(ctx);
    byte[] image = ctx.bodyAsBytes();
    if (image.length == 0) {
      throw ApiProblem.invalidField(
          "image", "is empty; send the photo's bytes as image/png or image/jpeg");
    }
    String qr =
        QrCodes.read(image)
            .orElseThrow(
                () ->
                    ApiProblem.unprocessable(
                        "image",
                        "no QR code could be read in it: photograph the card closer, flat and in"
                            + " good light, or type the child number"));
    if (!qr.startsWith(CredentialCodec.PREFIX)) {
      throw ApiProblem.unprocessable(
          "image", "its QR code is not a Haven card (no " + CredentialCodec.PREFIX + " prefix)");
    }
    HttpJson.json(ctx, 200, Map.of("qr", qr));
  }

  /**
   * What the card and consent say, read against this node's latest bundle, for the officer to
   * compare the child with the card before the check is decided. Records nothing: the check that
   * follows is recorded, with what the officer found.
   */
  private void card(Context ctx) throws IOException {
    actors.apply(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String qr = body.text("qr");
    Optional<CompanionDocument> companion =
        body.optionalObject("companion").map(BorderRoutes::companion);
    ZoneId zone = zone(body.optionalText("zone").orElse("UTC"));
    VerifierBundle bundle = bundles.current();
    Instant now = Instant.now();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(
        "card",
        CredentialJson.card(
            CredentialCodec.readCard(qr, bundle, now), LocalDate.ofInstant(now, zone)));
    body.optionalText("consent")
        .filter(text -> !text.isBlank())
        .ifPresent(
            text ->
                answer.put(
                    "consent",
                    CredentialJson.consent(
                        CredentialCodec.readConsent(text, bundle, now), companion)));
    HttpJson.json(ctx, 200, answer);
  }

  /** Decides a crossing against this node's latest bundle and records it on the ledger. */
  private void check(Context ctx) throws IOException {
    Actor actor = actors.apply(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    Optional<String> qr = body.optionalText("qr").filter(text -> !text.isBlank());
    Optional<ChildNumber> typed =
        body.optionalText("childNumber")
            .filter(text -> !text.isBlank())
            .map(text -> Params.childNumber("childNumber", text));
    if (qr.isPresent() == typed.isPresent()) {
      throw ApiProblem.invalidField(
          "qr", "send exactly one of qr (the card's HV1: text) and childNumber");
    }
    CompanionDocument companion = companion(body.object("companion"));
    Direction direction = body.enumValue("direction", Direction.class);
    Optional<Jurisdiction> destination =
        body.optionalText("destination")
            .map(code -> body.build("destination", b -> jurisdiction(code)));
    if (direction == Direction.EXIT && destination.isEmpty()) {
      throw ApiProblem.invalidField("destination", "is required for an exit");
    }
    if (direction == Direction.ENTRY && destination.isPresent()) {
      throw ApiProblem.invalidField(
          "destination", "is for exits only; an entry's is the checkpoint's country");
    }
    String checkpoint = body.text("checkpoint");
    Jurisdiction country =
        body.optionalText("country")
            .map(code -> body.build("country", b -> jurisdiction(code)))
            .orElse(actor.officer().jurisdiction());
    ZoneId zone = zone(body.optionalText("zone").orElse("UTC"));
    BorderPost post = body.build("checkpoint", b -> new BorderPost(checkpoint, country, zone));
    Optional<String> consent = body.optionalText("consent").filter(text -> !text.isBlank());
    ChildComparison comparison =
        body.optionalBool("childMatches")
            .map(matches -> matches ? ChildComparison.MATCHES : ChildComparison.DOES_NOT_MATCH)
            .orElse(ChildComparison.NOT_MADE);

    VerifierBundle bundle = bundles.current();
    Instant now = Instant.now();
    Presentation presentation =
        typed.isPresent()
            ? Presentation.typed(typed.get(), companion, direction, destination)
            : new Presentation(
                CredentialCodec.readCard(qr.get(), bundle, now),
                companion,
                Optional.empty(),
                direction,
                destination);
    if (consent.isPresent()) {
      presentation =
          presentation.withConsent(CredentialCodec.readConsent(consent.get(), bundle, now));
    }
    presentation = presentation.withComparison(comparison);
    BorderDecision decision =
        new BorderCheck(bundle, post, MAX_BUNDLE_AGE, registry::consentState)
            .decide(presentation, now);
    RegistryService.RecordedCrossing recorded =
        registry.recordCrossing(actor, CrossingRecord.of(decision, typed, consent));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("outcome", decision.outcome().name());
    answer.put("reasons", decision.reasons().stream().map(Enum::name).toList());
    answer.put("sentence", decision.sentence());
    answer.put("cardProblem", decision.cardProblem().map(Enum::name).orElse(null));
    answer.put("consentProblem", decision.consentProblem().map(Enum::name).orElse(null));
    answer.put("contactPoint", decision.contactPoint().orElse(null));
    answer.put(
        "childNumber", decision.child().or(() -> typed).map(ChildNumber::toString).orElse(null));
    answer.put("consentId", decision.consentId().map(Hash::toHex).orElse(null));
    answer.put("bundleVersion", bundle.version());
    answer.put("bundleCreatedAt", bundle.createdAt().toEpochMilli());
    answer.put("bundleAgeSeconds", Math.max(0, decision.bundleAge().toSeconds()));
    if (qr.isPresent()) {
      answer.put("card", CredentialJson.card(presentation.card(), LocalDate.ofInstant(now, zone)));
    }
    presentation
        .consent()
        .ifPresent(
            read -> answer.put("consent", CredentialJson.consent(read, Optional.of(companion))));
    answer.putAll(recordedJson(recorded));
    Optional<ChildNumber> checked = decision.child().or(() -> typed);
    if (decision.outcome() == Outcome.ALERT && checked.isPresent()) {
      answer.put("notice", alertNotice(actor, checked.get(), checkpoint));
    }
    HttpJson.json(ctx, 201, answer);
  }

  /**
   * At an ALERT, the alert's description and photo from this organisation's vault, as the raising
   * case worker gave them: an audited read whose purpose names the check. When the ledger refuses
   * it (the bundle still lists an alert resolved since) or this node keeps none, {@code
   * {"unavailable": why}}.
   */
  private Map<String, Object> alertNotice(Actor actor, ChildNumber child, String checkpoint) {
    try {
      return AlertCaseRoutes.noticeJson(
          registry.alertCases().readNotice(actor, child, "border check ALERT at " + checkpoint));
    } catch (ApiProblem problem) {
      if (problem.status() == 403 || problem.status() == 404) {
        return Map.of("unavailable", problem.getMessage());
      }
      throw problem;
    }
  }

  /**
   * Puts a crossing on the ledger. A signed {@code RECORD_CROSSING} transaction (a device's offline
   * check, uploaded by {@code haven sync}) is relayed exactly as the officer signed it, whoever
   * uploads it. A JSON record is one the web border page decided offline in this officer's session:
   * only that officer's session may upload it, and it is signed with their key. docs/border.md says
   * why the two differ.
   */
  private void crossing(Context ctx) {
    Actor actor = actors.apply(ctx);
    byte[] bytes = ctx.bodyAsBytes();
    boolean signed =
        ctx.contentType() != null && ctx.contentType().startsWith(SIGNED_CROSSING_TYPE);
    RegistryService.RecordedCrossing recorded =
        signed
            ? registry.relayCrossing(signedCrossing(bytes))
            : registry.recordCrossing(actor, pageRecord(actor, JsonBody.parse(bytes)));
    HttpJson.json(ctx, recorded.alreadyRecorded() ? 200 : 201, recordedJson(recorded));
  }

  private static Transaction signedCrossing(byte[] bytes) {
    if (bytes.length == 0) {
      throw ApiProblem.badRequest(
          "The request body is empty. Send the signed crossing transaction's bytes as "
              + SIGNED_CROSSING_TYPE
              + ".");
    }
    Transaction tx;
    try {
      tx = Transaction.decode(Bytes.of(bytes));
    } catch (DecodeException e) {
      throw ApiProblem.rejected(Transaction.rejectionFor(Bytes.of(bytes), e));
    }
    if (tx.kind() != Kind.RECORD_CROSSING) {
      throw ApiProblem.unprocessable(
          "body", "is a " + tx.kind() + " transaction; this route takes RECORD_CROSSING only");
    }
    return tx;
  }

  /** A record the web border page decided offline, from its JSON. */
  private static RecordCrossing pageRecord(Actor actor, JsonBody body) {
    String officer = body.text("officer");
    if (!officer.equals(actor.officer().id().value())) {
      throw ApiProblem.forbidden(
          "This check was made by "
              + officer
              + "; only their session may upload it, so that it is signed with their key. Ask"
              + " them to log in on this device and sync.");
    }
    Optional<ChildNumber> child =
        body.optionalText("childNumber").map(text -> Params.childNumber("childNumber", text));
    RecordCrossing.Direction direction =
        body.enumValue("direction", RecordCrossing.Direction.class);
    RecordCrossing.Outcome outcome = body.enumValue("outcome", RecordCrossing.Outcome.class);
    Jurisdiction country = body.build("country", b -> jurisdiction(b.text("country")));
    Jurisdiction destination = body.build("destination", b -> jurisdiction(b.text("destination")));
    Optional<RecordCrossing.ShownConsent> consent =
        body.optionalText("consentId")
            .map(
                id ->
                    new RecordCrossing.ShownConsent(
                        Params.hash("consentId", id),
                        Params.hash("consentCredential", body.text("consentCredential"))));
    Optional<Hash> companion =
        body.optionalText("companion").map(text -> Params.hash("companion", text));
    return body.build(
        "reasons",
        b ->
            new RecordCrossing(
                child,
                direction,
                b.text("checkpoint"),
                country,
                destination,
                outcome,
                b.texts("reasons", RecordCrossing.MAX_REASONS),
                b.optionalText("cardProblem"),
                b.optionalText("consentProblem"),
                consent,
                companion,
                b.integer("bundleVersion", 0, Integer.MAX_VALUE),
                b.millis("checkedAt")));
  }

  private static Map<String, Object> recordedJson(RegistryService.RecordedCrossing recorded) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("transactionId", recorded.transactionId().toHex());
    answer.put("logIndex", recorded.logIndex());
    answer.put("blockHeight", recorded.blockHeight().orElse(null));
    answer.put("alreadyRecorded", recorded.alreadyRecorded());
    return answer;
  }

  private static CompanionDocument companion(JsonBody document) {
    DocumentType type = document.enumValue("type", DocumentType.class);
    String number = document.text("number");
    Jurisdiction country =
        document.build("country", d -> jurisdiction(d.text("country").toUpperCase(Locale.ROOT)));
    return document.build("number", d -> new CompanionDocument(type.name(), number, country));
  }

  private static Jurisdiction jurisdiction(String code) {
    try {
      return new Jurisdiction(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("country: " + e.getMessage(), e);
    }
  }

  private static ZoneId zone(String zone) {
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw ApiProblem.invalidField("zone", "must be a time zone such as UTC or Africa/Nairobi");
    }
  }
}
