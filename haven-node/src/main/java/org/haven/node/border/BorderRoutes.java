package org.haven.node.border;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.haven.card.qr.QrCodes;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.Params;
import org.haven.node.registry.Actor;

/** The card and the verifier bundle over HTTP (see docs/api.md). */
public final class BorderRoutes {
  /** The media type of a signed bundle or delta file (CBOR, RFC 8949). */
  static final String BUNDLE_TYPE = "application/cbor";

  private final CardService cards;
  private final BundleService bundles;
  private final Function<Context, Actor> actors;

  public BorderRoutes(CardService cards, BundleService bundles, Function<Context, Actor> actors) {
    this.cards = cards;
    this.bundles = bundles;
    this.actors = actors;
  }

  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/children/{number}/card", this::issueCard);
    routes.get("/api/v1/bundle", this::bundle);
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
    HttpJson.json(ctx, 201, answer);
  }

  /**
   * The latest signed bundle, or with {@code ?since=N} the change from version N when this node
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
}
