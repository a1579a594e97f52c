/*
 * A found child as the node answers it (GET /found-children/{number}), shown the same way on the
 * found-child page and in the registrar's queue: its number and state, its candidates (numbers,
 * holding organisations, why each may be the child, an alert's priority and contact point; never
 * personal data) and its timeline in words. Messages are in the found bundle.
 */
"use strict";

const FoundChild = (() => {
  const { t, el } = Haven;
  const PRIORITY_BADGE = { LOW: "info", HIGH: "warn", CRITICAL: "bad" };
  const RESOLUTION_BADGE = { OPEN: "warn", MATCHED: "ok", REGISTERED: "ok" };

  function term(key, value) {
    return [el("dt", {}, t(key)), el("dd", {}, value)];
  }

  /** The found child's number, where it stands, who declared it and, once decided, what and who. */
  function summary(found) {
    return [
      ...term("common.childNumber", el("span", { class: "child-number" }, found.childNumberDisplay)),
      ...term("found.resolution", Haven.badge(RESOLUTION_BADGE[found.resolution], t(`found.resolution.${found.resolution}`))),
      ...term("found.declaredBy", t("found.officerOf", { officer: found.declaredBy, organisation: found.organisation })),
      ...term("found.declaredAt", Haven.dateTime(found.declaredAt)),
      ...(found.matchedTo ? term("found.matchedTo", found.matchedTo) : []),
      ...(found.decidedBy ? term("found.decidedBy", found.decidedBy) : []),
    ];
  }

  /**
   * One row per candidate, best first as the node ranks them; action(candidate), if given, fills a
   * last cell (the registrar's decision). No candidate is one row saying so.
   */
  function candidateRows(candidates, action) {
    if (candidates.length === 0) {
      return [el("tr", {}, el("td", { colspan: action ? 6 : 5 }, t("found.noCandidates")))];
    }
    return candidates.map((candidate) =>
      el(
        "tr",
        { "data-child": candidate.childNumber },
        el("td", {}, candidate.childNumberDisplay),
        el("td", {}, t("found.heldBy", { organisation: candidate.organisation, jurisdiction: candidate.jurisdiction })),
        el("td", {}, t(`found.rule.${candidate.rule}`)),
        el(
          "td",
          {},
          candidate.alert
            ? [Haven.badge(PRIORITY_BADGE[candidate.alert.priority], t(`priority.${candidate.alert.priority}`)), " ", t("found.raisedBy", { organisation: candidate.alert.raisingOrganisation })]
            : t("found.noAlert")
        ),
        el("td", { class: "contact-point" }, candidate.alert ? candidate.alert.contactPoint : "—"),
        action ? el("td", {}, action(candidate)) : null
      )
    );
  }

  /** A found child's timeline (GET /children/{number}/timeline), oldest first: when, what, where, who. */
  function timelineRows(events) {
    return events.map((event) =>
      el(
        "tr",
        { "data-type": event.type },
        el("td", {}, Haven.dateTime(event.at)),
        el("td", {}, t(`event.${event.type}`)),
        el("td", {}, event.place),
        el("td", {}, event.recordedBy)
      )
    );
  }

  return { summary, candidateRows, timelineRows };
})();
