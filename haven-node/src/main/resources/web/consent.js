/*
 * Travel consent, recorded by a registrar with the guardian present: the guardian's document, the
 * companion's document, the trip. The node checks that the guardian is linked to the child and may
 * consent to travel, records the consent on the ledger and answers its QR, printed here for the
 * guardian.
 */
"use strict";

Haven.ready.then((session) => {
  const { t, el, api } = Haven;
  const message = document.getElementById("consent-message");
  const form = document.getElementById("consent-form");
  const child = document.getElementById("consent-child");
  const byId = (id) => document.getElementById(id);

  for (const select of document.querySelectorAll("select[data-values]")) {
    Haven.options(select, select.dataset.values);
  }
  byId("guardian-country").value = session.jurisdiction;
  byId("consent-from").value = new Date().toISOString().slice(0, 10);

  function documentOf(prefix) {
    return {
      type: byId(`${prefix}-type`).value,
      number: byId(`${prefix}-number`).value.trim(),
      country: byId(`${prefix}-country`).value.trim().toUpperCase(),
    };
  }

  async function loadConsents(number) {
    const body = byId("consents");
    const answer = await api("GET", `/children/${encodeURIComponent(number)}/consents`);
    // The node answers "consents" (or, paged, "items").
    const consents = answer.items || answer.consents;
    body.replaceChildren(
      ...consents.map((consent) =>
        el(
          "tr",
          { "data-consent": consent.consentId },
          el("td", {}, consent.destinations.join(", ")),
          el("td", {}, consent.validFrom),
          el("td", {}, consent.validUntil),
          el("td", {}, consent.reference),
          el("td", {}, Haven.badge(consent.state === "ACTIVE" ? "ok" : "bad", t(`consent.state.${consent.state}`))),
          el(
            "td",
            {},
            consent.active && Haven.can("REVOKE_CONSENT")
              ? el("button", { type: "button", class: "danger", onclick: () => revoke(number, consent) }, t("consent.revoke"))
              : null
          )
        )
      )
    );
    if (consents.length === 0) {
      body.append(el("tr", {}, el("td", { colspan: 6 }, t("common.empty"))));
    }
  }

  /** Revokes a consent, with the reason the ledger records, after the registrar confirms. */
  async function revoke(number, consent) {
    const reason = byId("revoke-reason");
    if (!Haven.requireFilled([reason], message)) {
      return;
    }
    if (!window.confirm(t("consent.confirmRevoke", { destinations: consent.destinations.join(", "), until: consent.validUntil }))) {
      return;
    }
    try {
      await api("POST", `/consents/${encodeURIComponent(consent.consentId)}/revocation`, { reason: reason.value.trim() });
      reason.value = "";
      Haven.say(message, "consent.revokedDone", {});
      await loadConsents(number);
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const required = [child, "guardian-number", "guardian-country", "companion-number", "companion-country", "consent-destinations", "consent-from", "consent-until", "consent-reference"].map(
      (input) => (typeof input === "string" ? byId(input) : input)
    );
    if (!Haven.requireFilled(required, message)) {
      return;
    }
    const number = child.value.replace(/[\s-]/g, "");
    try {
      const answer = await api("POST", `/children/${encodeURIComponent(number)}/consents`, {
        companion: documentOf("companion"),
        destinations: byId("consent-destinations").value.split(/[\s,]+/).filter(Boolean).map((code) => code.toUpperCase()),
        validFrom: byId("consent-from").value,
        validUntil: byId("consent-until").value,
        multipleTrips: byId("consent-multiple").checked,
        grantedBy: [documentOf("guardian")],
        reference: byId("consent-reference").value.trim(),
      });
      byId("consent-id").textContent = answer.consentId;
      byId("consent-text").textContent = answer.qr;
      byId("consent-qr").src = `data:image/png;base64,${answer.qrPng}`;
      byId("consent-result").hidden = false;
      Haven.say(message, "common.done", { block: answer.blockHeight });
      byId("result-title").focus();
      await loadConsents(number);
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  child.addEventListener("change", () => {
    const number = child.value.replace(/[\s-]/g, "");
    if (number) {
      loadConsents(number).catch((problem) => Haven.showProblem(message, problem));
    }
  });
  byId("consent-print").addEventListener("click", () => window.print());
});
