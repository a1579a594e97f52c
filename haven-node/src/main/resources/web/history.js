/*
 * A child's record history (docs/api.md, "Record history"): every ledger change about the record,
 * with who made it and why, for a registrar or an auditor; and, for a registrar of the holding
 * organisation, every version of the personal data side by side, each field a version changed
 * marked. The versions are read only after a purpose is given: the read is recorded on the ledger.
 */
"use strict";

Haven.ready.then(() => {
  const { t, el, api } = Haven;
  const message = document.getElementById("history-message");
  const childInput = document.getElementById("history-child");
  const purpose = document.getElementById("versions-purpose");
  const changesBody = document.getElementById("changes-body");
  const more = document.getElementById("changes-more");
  const versionsTable = document.getElementById("versions");
  const HISTORY_PAGE = 200;

  /** The rows of the versions table: the fields of the node's answer, in the order of the form. */
  const FIELDS = ["givenNames", "familyNames", "dateOfBirth", "placeOfBirth", "sex", "notes", "photo", "found", "guardians"];

  let number = null;
  let next = null;
  let changes = [];

  function who(change) {
    return change.organisation
      ? t("history.officerOf", { officer: change.officer, role: t(`role.${change.role}`), organisation: change.organisation })
      : change.officer;
  }

  function changeRow(change) {
    return el(
      "tr",
      { "data-kind": change.kind, "data-log-index": String(change.logIndex) },
      el("td", {}, Haven.dateTime(change.at)),
      el("td", {}, t(`auditor.kind.${change.kind}`)),
      el("td", {}, change.what),
      el("td", {}, who(change)),
      el("td", {}, change.why)
    );
  }

  async function loadChanges(cursor) {
    const query = `?limit=${HISTORY_PAGE}` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "");
    const page = await api("GET", `/children/${encodeURIComponent(number)}/history${query}`);
    if (!cursor) {
      changes = [];
      changesBody.replaceChildren();
      showSummary(page);
    }
    changes.push(...page.items);
    changesBody.append(...page.items.map(changeRow));
    if (changes.length === 0) {
      changesBody.append(el("tr", {}, el("td", { colspan: 5 }, t("common.empty"))));
    }
    next = page.next;
    more.hidden = !next;
  }

  function term(name, value) {
    return [el("dt", {}, t(name)), el("dd", {}, value)];
  }

  function showSummary(page) {
    document.getElementById("history-child-title").textContent = t("history.child", { number: page.childNumber });
    document.getElementById("history-summary").replaceChildren(
      ...term("common.status", t(`status.${page.status}`)),
      ...term("history.issuer", page.issuer),
      ...term("history.jurisdiction", page.jurisdiction)
    );
  }

  async function open(text) {
    Haven.clear(message);
    versionsTable.hidden = true;
    purpose.value = "";
    number = text.replace(/[\s-]/g, "");
    try {
      await loadChanges(null);
      document.getElementById("versions-section").hidden = !Haven.can("READ_DATA_VERSIONS");
      document.getElementById("history-record").hidden = false;
      document.getElementById("history-child-title").focus();
    } catch (problem) {
      document.getElementById("history-record").hidden = true;
      Haven.showProblem(message, problem);
    }
  }

  /** A field's value as the page shows it: dates as the page's language writes them. */
  function shown(field, value) {
    if (value === null || value === undefined || value === "") {
      return "";
    }
    switch (field) {
      case "dateOfBirth":
        return Haven.date(value);
      case "sex":
        return t(`sex.${value}`);
      case "photo":
        return el("img", { class: "thumb", alt: t("history.photo"), src: `data:${value.startsWith("iVBOR") ? "image/png" : "image/jpeg"};base64,${value}` });
      case "found":
        return t("history.foundDetails", { from: value.ageFrom, to: value.ageTo, place: value.placeFound, at: Haven.dateTime(Date.parse(value.foundAt)) });
      case "guardians":
        return el(
          "ul",
          {},
          value.map((guardian) =>
            el(
              "li",
              {},
              `${t(`relationship.${guardian.relationship}`)}: ${guardian.names}` +
                (guardian.document ? ` (${guardian.document.type} ${guardian.document.number} ${guardian.document.country})` : "")
            )
          )
        );
      default:
        return String(value);
    }
  }

  /** The change on the ledger that made a version: the one that committed to it. */
  function madeBy(version) {
    const change = changes.find((c) => c.commitment === version.commitment);
    return change ? t("history.madeBy", { at: Haven.dateTime(change.at), officer: change.officer, why: change.why || "—" }) : "";
  }

  function showVersions(versions) {
    document.getElementById("versions-head").replaceChildren(
      el("th", { scope: "col" }, t("history.field")),
      ...versions.map((version) =>
        el("th", { scope: "col", "data-version": String(version.version) }, el("span", {}, t("history.version", { n: version.version })), el("br"), el("small", {}, madeBy(version)))
      )
    );
    document.getElementById("versions-body").replaceChildren(
      ...FIELDS.map((field) =>
        el(
          "tr",
          { "data-field": field },
          el("th", { scope: "row" }, t(`history.field.${field}`)),
          ...versions.map((version) => {
            const changed = version.changed.includes(field);
            return el(
              "td",
              { class: changed ? "changed" : "", "data-changed": changed ? "true" : "false" },
              shown(field, version.child[field]),
              changed ? Haven.badge("warn", t("history.changed")) : null
            );
          })
        )
      )
    );
    versionsTable.hidden = false;
  }

  document.getElementById("history-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!childInput.value.trim()) {
      Haven.say(message, "common.childNumberMissing", {}, "error");
      childInput.setAttribute("aria-invalid", "true");
      childInput.focus();
      return;
    }
    childInput.removeAttribute("aria-invalid");
    open(childInput.value.trim());
  });

  more.addEventListener("click", () => loadChanges(next).catch((problem) => Haven.showProblem(message, problem)));

  document.getElementById("versions-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    Haven.clear(message);
    const why = Haven.purposeOf(purpose, message);
    if (!why) {
      return;
    }
    try {
      const answer = await api("GET", `/children/${encodeURIComponent(number)}/history/versions?purpose=${encodeURIComponent(why)}`);
      purpose.value = "";
      if (answer.erased) {
        versionsTable.hidden = true;
        Haven.say(message, "history.erased", {}, "warn");
        return;
      }
      showVersions(answer.versions);
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  const asked = new URLSearchParams(location.search).get("child");
  if (asked) {
    childInput.value = asked;
    open(asked);
  }
});
