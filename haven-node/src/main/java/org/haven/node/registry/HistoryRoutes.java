package org.haven.node.registry;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.haven.core.identity.Officer;
import org.haven.core.registry.ChildChange;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.node.api.HttpJson;
import org.haven.node.api.Paging;

/**
 * A child's record history (see docs/api.md, "Record history"): the ledger's changes to the record,
 * with who made them and why, and every version of the personal data, as an audited read.
 */
public final class HistoryRoutes {
  private final RegistryService registry;
  private final Function<Context, Actor> actors;

  public HistoryRoutes(RegistryService registry, Function<Context, Actor> actors) {
    this.registry = registry;
    this.actors = actors;
  }

  /** Adds the routes under {@code /api/v1}. */
  public void addTo(RoutesConfig routes) {
    routes.get("/api/v1/children/{number}/history", this::history);
    routes.get("/api/v1/children/{number}/history/versions", this::versions);
  }

  private void history(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = RegistryRoutes.number(ctx);
    RegistryService.History history = registry.history(actor, child);
    Paging.answer(
        ctx,
        Paging.slice(ctx, history.changes()),
        HistoryRoutes::changeJson,
        "childNumber",
        child.toString(),
        "status",
        history.record().status().name(),
        "issuer",
        history.record().issuer().value(),
        "jurisdiction",
        history.record().jurisdiction().code());
  }

  private static Map<String, Object> changeJson(RegistryService.HistoryEntry entry) {
    ChildChange change = entry.change();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("logIndex", change.logIndex());
    json.put("transactionId", change.transactionId().toHex());
    json.put("at", change.atMillis());
    json.put("kind", change.kind().name());
    json.put("officer", change.officer().value());
    json.put("organisation", entry.officer().map(o -> o.org().value()).orElse(null));
    json.put("role", entry.officer().map(Officer::role).map(Enum::name).orElse(null));
    json.put("what", change.what());
    json.put("why", change.why());
    json.put("commitment", change.commitment().map(c -> c.toHex()).orElse(null));
    return json;
  }

  private void versions(Context ctx) {
    Actor actor = actors.apply(ctx);
    ChildNumber child = RegistryRoutes.number(ctx);
    String purpose = RegistryRoutes.purpose(ctx);
    RegistryService.VersionsRead read =
        RegistryRoutes.purposeChecked(() -> registry.dataVersions(actor, child, purpose));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("childNumber", child.toString());
    if (read instanceof RegistryService.DataVersions versions) {
      answer.put("erased", false);
      answer.put("versions", versionsJson(versions.oldestFirst()));
    } else {
      answer.put("erased", true);
      answer.put("versions", List.of());
    }
    HttpJson.json(ctx, 200, answer);
  }

  /**
   * Each version numbered from 1, with the fields that differ from the version before it; the first
   * version changes nothing.
   */
  private static List<Map<String, Object>> versionsJson(List<RegistryService.Version> versions) {
    List<Map<String, Object>> json = new ArrayList<>();
    Map<String, Object> before = null;
    for (RegistryService.Version version : versions) {
      Map<String, Object> fields = RegistryRoutes.childJson(version.data());
      fields.put(
          "guardians",
          version.data().guardians().stream().map(RegistryRoutes::guardianJson).toList());
      List<String> changed = new ArrayList<>();
      if (before != null) {
        for (String field : union(before, fields)) {
          if (!Objects.equals(before.get(field), fields.get(field))) {
            changed.add(field);
          }
        }
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("version", json.size() + 1);
      entry.put("commitment", version.commitment().toHex());
      entry.put("changed", changed);
      entry.put("child", fields);
      json.add(entry);
      before = fields;
    }
    return json;
  }

  private static List<String> union(Map<String, Object> a, Map<String, Object> b) {
    List<String> keys = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(key -> !a.containsKey(key)).forEach(keys::add);
    return keys;
  }
}
