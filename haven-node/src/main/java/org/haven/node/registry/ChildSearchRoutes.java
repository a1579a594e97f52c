package org.haven.node.registry;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.RegistryListing;
import org.haven.node.api.JsonBody;
import org.haven.node.api.Paging;

/**
 * The search route (docs/api.md, "Search"): a registrar's search of their organisation's vault by
 * names and date of birth. A POST, so that the names and date searched for stay out of URLs and the
 * logs that keep them.
 */
public final class ChildSearchRoutes {
  private final ChildSearch search;
  private final Function<Context, Actor> actors;

  public ChildSearchRoutes(ChildSearch search, Function<Context, Actor> actors) {
    this.search = search;
    this.actors = actors;
  }

  /** Adds the route under {@code /api/v1}. */
  public void addTo(RoutesConfig routes) {
    routes.post("/api/v1/children/search", this::search);
  }

  private void search(Context ctx) {
    Actor actor = actors.apply(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String names = body.text("names");
    LocalDate born = body.date("dateOfBirth");
    String purpose = body.text("purpose");
    List<ChildNumber> found = search.find(actor, names, born, purpose);
    RegistryListing.Page<ChildNumber> page = Paging.slice(ctx, found);
    List<ChildSearch.Match> shown = search.show(actor, page.items(), purpose);
    Paging.answer(
        ctx,
        new RegistryListing.Page<>(shown, page.next()),
        ChildSearchRoutes::matchJson,
        "total",
        found.size());
  }

  private static Map<String, Object> matchJson(ChildSearch.Match match) {
    return Map.of(
        "childNumber",
        match.record().number().toString(),
        "childNumberDisplay",
        match.record().number().display(),
        "givenNames",
        match.data().givenNames(),
        "familyNames",
        match.data().familyNames(),
        "dateOfBirth",
        match.data().dateOfBirth().toString(),
        "status",
        match.record().status().name());
  }
}
