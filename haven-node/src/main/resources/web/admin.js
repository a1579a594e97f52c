/*
 * The organisation admin's workspace: the organisation's officers (enrol one, rotate an officer's
 * key, deactivate one) and the consortium's governance proposals (list, propose, endorse). Each
 * action is offered only when the ledger would accept it from this admin, never on the admin's own
 * row; what cannot be undone at once is confirmed first. New passwords are checked against the
 * node's rules (GET /session) before they are sent. See docs/web-app.md.
 */
"use strict";

Haven.ready.then(async (session) => {
  const $ = (id) => document.getElementById(id);
  const message = $("admin-message");
  const PAGE = 50;
  let officersCursor = null;
  let rotating = null;
  let deactivating = null;

  const badge = (kind, key) => Haven.el("span", { class: `badge ${kind}` }, Haven.t(key));
  const value = (id) => $(id).value.trim();

  /** Marks the inputs whose check failed and lists the messages; true when nothing failed. */
  function requireAll(checks) {
    const failed = checks.filter(([, ok]) => !ok);
    if (failed.length > 0) {
      Haven.refuse(message, failed.map(([id, , key]) => [$(id), key]));
    }
    return failed.length === 0;
  }

  /** The actions on an officer's row: none on the admin's own, whose key a revoked key could not re-enrol. */
  function officerActions(officer) {
    if (officer.officer === session.officer) {
      return Haven.el("span", { class: "hint" }, Haven.t("admin.yourself"));
    }
    return [
      Haven.can("ENROL_OFFICER")
        ? Haven.el("button", { type: "button", class: "secondary", "data-rotate": officer.officer, onclick: () => startRotation(officer.officer) },
          Haven.t(officer.active ? "admin.rotateFor" : "admin.reinstateFor", { officer: officer.officer }))
        : null,
      officer.active && Haven.can("REVOKE_OFFICER")
        ? Haven.el("button", { type: "button", class: "secondary", "data-deactivate": officer.officer, onclick: () => startDeactivation(officer.officer) },
          Haven.t("admin.deactivateFor", { officer: officer.officer }))
        : null,
    ];
  }

  function officerRow(officer) {
    return Haven.el(
      "tr",
      { "data-officer": officer.officer },
      Haven.el("td", {}, officer.officer),
      Haven.el("td", {}, Haven.t(`role.${officer.role}`)),
      Haven.el("td", {}, officer.jurisdiction),
      Haven.el("td", { class: "hash" }, officer.publicKey),
      Haven.el("td", {}, officer.active ? badge("ok", "admin.active") : badge("info", "admin.inactive")),
      Haven.el("td", {}, officerActions(officer))
    );
  }

  async function loadOfficers(reset) {
    if (reset) {
      officersCursor = null;
      $("officers").querySelector("tbody").replaceChildren();
    }
    const query = officersCursor ? `&cursor=${encodeURIComponent(officersCursor)}` : "";
    const page = await Haven.api("GET", `/officers?limit=${PAGE}${query}`);
    $("officers").querySelector("tbody").append(...page.items.map(officerRow));
    officersCursor = page.next;
    $("officers-more").hidden = !page.next;
  }

  /** Shows the form of an action on an officer ("rotate" or "deactivate"), and hides the other. */
  function showOfficerForm(action, officer, first) {
    for (const other of ["rotate", "deactivate"]) {
      $(`${other}-form`).hidden = other !== action;
    }
    $(`${action}-title`).textContent = Haven.t(`admin.${action}Title`, { officer });
    $(first).focus();
  }

  function startRotation(officer) {
    rotating = officer;
    showOfficerForm("rotate", officer, "rotate-password");
  }

  async function rotate(event) {
    event.preventDefault();
    Haven.clear(message);
    const password = $("rotate-password").value;
    const failures = Haven.newPasswordFailures($("rotate-password"), $("rotate-confirm"));
    if (failures.length > 0) {
      Haven.refuse(message, failures);
      return;
    }
    try {
      const answer = await Haven.api("POST", `/officers/${encodeURIComponent(rotating)}/key`, { password });
      $("rotate-form").reset();
      $("rotate-form").hidden = true;
      await loadOfficers(true);
      Haven.say(message, "admin.rotated", { officer: answer.officer }, "ok");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  function startDeactivation(officer) {
    deactivating = officer;
    showOfficerForm("deactivate", officer, "deactivate-reason");
  }

  async function deactivate(event) {
    event.preventDefault();
    Haven.clear(message);
    const reason = value("deactivate-reason");
    if (!requireAll([["deactivate-reason", reason.length > 0, "admin.missing.reason"]])
      || !window.confirm(Haven.t("admin.confirmDeactivate", { officer: deactivating }))) {
      return;
    }
    try {
      const answer = await Haven.api("POST", `/officers/${encodeURIComponent(deactivating)}/deactivate`, { reason });
      $("deactivate-form").reset();
      $("deactivate-form").hidden = true;
      await loadOfficers(true);
      Haven.say(message, "admin.deactivated", { officer: answer.officer }, "ok");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  async function enrol(event) {
    event.preventDefault();
    Haven.clear(message);
    const password = $("enrol-password").value;
    const failures = [
      ...(value("enrol-id").length > 0 ? [] : [[$("enrol-id"), "admin.missing.id"]]),
      ...(/^[A-Za-z]{2}$/.test(value("enrol-jurisdiction")) ? [] : [[$("enrol-jurisdiction"), "admin.missing.jurisdiction"]]),
      ...Haven.newPasswordFailures($("enrol-password"), $("enrol-confirm")),
    ];
    if (failures.length > 0) {
      Haven.refuse(message, failures);
      return;
    }
    try {
      const answer = await Haven.api("POST", "/officers", {
        id: value("enrol-id"),
        role: value("enrol-role"),
        jurisdiction: value("enrol-jurisdiction").toUpperCase(),
        password,
      });
      $("enrol-form").reset();
      $("enrol-jurisdiction").value = session.jurisdiction;
      await loadOfficers(true);
      Haven.say(message, "admin.enrolled", { officer: answer.officer }, "ok");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  function describe(change) {
    switch (change.kind) {
      case "SET_CONSENT_RULE":
        return Haven.t("admin.describe.SET_CONSENT_RULE", { jurisdiction: change.jurisdiction, guardians: change.guardians, reason: change.reason });
      case "GRANT_JURISDICTION":
        return Haven.t(change.granted ? "admin.describe.GRANT_JURISDICTION" : "admin.describe.WITHDRAW_JURISDICTION", { organisation: change.organisation, jurisdiction: change.jurisdiction, reason: change.reason });
      case "REMOVE_MEMBER":
        return Haven.t("admin.describe.REMOVE_MEMBER", { organisation: change.organisation, reason: change.reason });
      case "ROTATE_MEMBER_KEY":
        return Haven.t("admin.describe.ROTATE_MEMBER_KEY", { organisation: change.organisation, purpose: change.purpose });
      case "REVOKE_ISSUER_KEY":
        return Haven.t("admin.describe.REVOKE_ISSUER_KEY", { organisation: change.organisation, key: change.key });
      default:
        return Haven.t("admin.describe.ADMIT_MEMBER", { organisation: change.organisation.id });
    }
  }

  /** A proposal's row; the endorse button only while it is open and this organisation has not. */
  function proposalRow(proposal) {
    const open = proposal.status === "OPEN";
    const mayEndorse = open && Haven.can("GOVERN") && !proposal.approvals.includes(session.organisation);
    return Haven.el(
      "tr",
      { "data-proposal": proposal.id },
      Haven.el("td", {}, describe(proposal.change)),
      Haven.el("td", {}, proposal.proposedBy),
      Haven.el("td", {}, Haven.t("admin.approvalCount", { n: proposal.approvals.length, required: proposal.required, who: proposal.approvals.join(", ") })),
      Haven.el("td", {}, open ? badge("warn", "admin.open") : badge("ok", "admin.applied")),
      Haven.el("td", {}, mayEndorse
        ? Haven.el("button", { type: "button", class: "secondary", "data-endorse": proposal.id, onclick: () => endorse(proposal) }, Haven.t("admin.endorse"))
        : null)
    );
  }

  async function loadProposals() {
    const page = await Haven.api("GET", `/governance/proposals?limit=${PAGE}`);
    $("proposals").querySelector("tbody").replaceChildren(...page.items.map(proposalRow));
  }

  /** Whether the admin confirms a change that removes a member: its officers stop signing at once. */
  function confirmed(change, key) {
    return change.kind !== "REMOVE_MEMBER" || window.confirm(Haven.t(key, { organisation: change.organisation }));
  }

  async function endorse(proposed) {
    Haven.clear(message);
    if (!confirmed(proposed.change, "admin.confirmEndorseRemoval")) {
      return;
    }
    try {
      const proposal = await Haven.api("POST", `/governance/proposals/${proposed.id}/votes`, {});
      await loadProposals();
      Haven.say(message, proposal.status === "APPLIED" ? "admin.endorsedApplied" : "admin.endorsed", {}, "ok");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  function showKindFields() {
    const kind = value("propose-kind");
    for (const group of document.querySelectorAll("[data-kinds]")) {
      group.hidden = !group.dataset.kinds.split(" ").includes(kind);
    }
  }

  async function propose(event) {
    event.preventDefault();
    Haven.clear(message);
    const kind = value("propose-kind");
    const change = { kind };
    const checks = [];
    if (kind === "SET_CONSENT_RULE") {
      Object.assign(change, { jurisdiction: value("propose-jurisdiction").toUpperCase(), guardians: Number(value("propose-guardians")) });
      checks.push(["propose-jurisdiction", /^[A-Z]{2}$/.test(change.jurisdiction), "admin.missing.jurisdiction"]);
    } else {
      change.organisation = value("propose-organisation");
      checks.push(["propose-organisation", change.organisation.length > 0, "admin.missing.organisation"]);
    }
    if (kind === "ROTATE_MEMBER_KEY") {
      Object.assign(change, { purpose: value("propose-purpose"), newKey: value("propose-key") });
      checks.push(["propose-key", /^[A-Za-z0-9+/]{43}=$/.test(change.newKey), "admin.missing.key"]);
    } else {
      change.reason = value("propose-reason");
      checks.push(["propose-reason", change.reason.length > 0, "admin.missing.reason"]);
    }
    if (!requireAll(checks) || !confirmed(change, "admin.confirmRemoveMember")) {
      return;
    }
    try {
      const proposal = await Haven.api("POST", "/governance/proposals", { change });
      $("propose-form").reset();
      showKindFields();
      await loadProposals();
      Haven.say(message, proposal.status === "APPLIED" ? "admin.proposedApplied" : "admin.proposed", {}, "ok");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  $("enrol-section").hidden = !Haven.can("ENROL_OFFICER");
  $("propose-form").hidden = !Haven.can("GOVERN");
  $("enrol-jurisdiction").value = session.jurisdiction;
  $("propose-jurisdiction").value = session.jurisdiction;
  $("enrol-form").addEventListener("submit", enrol);
  $("rotate-form").addEventListener("submit", rotate);
  $("rotate-cancel").addEventListener("click", () => {
    $("rotate-form").reset();
    $("rotate-form").hidden = true;
  });
  $("deactivate-form").addEventListener("submit", deactivate);
  $("deactivate-cancel").addEventListener("click", () => {
    $("deactivate-form").reset();
    $("deactivate-form").hidden = true;
  });
  for (const hint of document.querySelectorAll("[data-password-rules]")) {
    hint.textContent = Haven.passwordRules();
  }
  $("officers-more").addEventListener("click", () => loadOfficers(false).catch((problem) => Haven.showProblem(message, problem)));
  $("propose-kind").addEventListener("change", showKindFields);
  $("propose-form").addEventListener("submit", propose);
  showKindFields();
  try {
    await loadOfficers(true);
    await loadProposals();
  } catch (problem) {
    Haven.showProblem(message, problem);
  }
});
