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
  byId("consent-from").value = Haven.today();

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
          el("td", {}, Haven.date(consent.validFrom)),
          el("td", {}, Haven.date(consent.validUntil)),
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
    if (!window.confirm(t("consent.confirmRevoke", { destinations: consent.destinations.join(", "), until: Haven.date(consent.validUntil) }))) {
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

  /** A document as a person reads it: "Passport PA5521907 (KE)". */
  function documentText(doc) {
    return `${t(`document.${doc.type}`)} ${doc.number} (${doc.country})`;
  }

  /**
   * What the printout says beside the QR, for a person to read: the child, the companion, the
   * destinations, the dates, and who granted and recorded the consent. Names come only from an
   * audited read (namesRead), made when the registrar prints; until then the child number and the
   * documents stand for them.
   */
  function showSummary(grant, namesRead) {
    const guardian = grant.grantedBy[0];
    const child = namesRead ? namesRead.child : null;
    const named = namesRead
      ? (namesRead.guardians || []).find((g) => g.document && g.document.type === guardian.type && g.document.number === guardian.number && g.document.country === guardian.country)
      : null;
    const term = (name, value) => [el("dt", {}, t(name)), el("dd", { "data-term": name }, value)];
    byId("consent-summary").replaceChildren(
      ...term(
        "consent.summary.child",
        child ? t("consent.summary.childNamed", { names: `${child.givenNames} ${child.familyNames || ""}`.trim(), born: Haven.date(child.dateOfBirth), number: grant.childNumber }) : grant.childNumber
      ),
      ...term("consent.summary.companion", documentText(grant.companion)),
      ...term("consent.summary.destinations", grant.destinations.join(", ")),
      ...term("consent.summary.dates", t("consent.summary.fromTo", { from: Haven.date(grant.validFrom), until: Haven.date(grant.validUntil) })),
      ...term("consent.summary.trips", t(grant.multipleTrips ? "consent.summary.severalTrips" : "consent.summary.oneTrip")),
      ...term(
        "consent.summary.grantedBy",
        named ? t("consent.summary.guardianNamed", { names: named.names, relationship: t(`relationship.${named.relationship}`), document: documentText(guardian) }) : documentText(guardian)
      ),
      ...term("consent.summary.recordedBy", t("consent.summary.officerOf", { officer: session.officer, organisation: session.organisation, reference: grant.reference }))
    );
  }

  let granted = null;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const required = [child, "guardian-number", "guardian-country", "companion-number", "companion-country", "consent-destinations", "consent-from", "consent-until", "consent-reference"].map(
      (input) => (typeof input === "string" ? byId(input) : input)
    );
    if (!Haven.requireFilled(required, message)) {
      return;
    }
    const number = child.value.replace(/[\s-]/g, "");
    const grant = {
      companion: documentOf("companion"),
      destinations: byId("consent-destinations").value.split(/[\s,]+/).filter(Boolean).map((code) => code.toUpperCase()),
      validFrom: byId("consent-from").value,
      validUntil: byId("consent-until").value,
      multipleTrips: byId("consent-multiple").checked,
      grantedBy: [documentOf("guardian")],
      reference: byId("consent-reference").value.trim(),
    };
    try {
      const answer = await api("POST", `/children/${encodeURIComponent(number)}/consents`, grant);
      granted = { ...grant, childNumber: child.value.trim(), number };
      showSummary(granted, null);
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
  /** Prints, after reading the child's and the guardian's names; the read is on the access log. */
  byId("consent-print").addEventListener("click", async () => {
    if (granted) {
      try {
        const purpose = t("consent.printPurpose");
        showSummary(granted, await api("GET", `/children/${encodeURIComponent(granted.number)}/personal-data?purpose=${encodeURIComponent(purpose)}`));
      } catch (problem) {
        Haven.showProblem(message, problem);
      }
    }
    window.print();
  });
});
