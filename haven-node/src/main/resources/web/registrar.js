/*
 * The registrar's workspace: the review queue, possible duplicates side by side, a child's record
 * with its decision, correction (photo included) and card. Every view of personal data asks for
 * a purpose first; the node records the read on the ledger before it answers.
 */
"use strict";

Haven.ready.then(() => {
  const { t, el, api } = Haven;
  const message = document.getElementById("registrar-message");
  const panel = document.getElementById("child");
  const readPurpose = document.getElementById("read-purpose");
  const decideReason = document.getElementById("decide-reason");
  const correctForm = document.getElementById("correct-form");
  const correctReason = document.getElementById("correct-reason");
  const childForm = ChildForm.render(document.getElementById("correct-fields"), "correct", message, "");
  const STATUS_BADGE = { REGISTERED: "ok", DECLARED: "info", INFO_REQUESTED: "warn" };
  let current = null;
  let review = null;
  let cardUrl = null;

  function statusBadge(status) {
    return Haven.badge(STATUS_BADGE[status] || "bad", t(`status.${status}`));
  }

  function emptyRow(body, columns) {
    if (body.children.length === 0) {
      body.append(el("tr", {}, el("td", { colspan: columns }, t("common.empty"))));
    }
  }

  async function loadQueues() {
    const declarations = document.getElementById("declarations");
    const duplicates = document.getElementById("duplicates");
    try {
      const [waiting, reviews] = await Promise.all([api("GET", "/declarations"), api("GET", "/duplicate-reviews")]);
      declarations.replaceChildren(
        ...waiting.items.map((record) =>
          el(
            "tr",
            { "data-child": record.childNumber },
            el("td", {}, record.childNumberDisplay),
            el("td", {}, statusBadge(record.status)),
            el("td", {}, record.organisation),
            el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => open(record.childNumber) }, t("common.open")))
          )
        )
      );
      duplicates.replaceChildren(
        ...reviews.items.map((item) =>
          el(
            "tr",
            { "data-child": item.childNumber },
            el("td", {}, item.childNumber),
            el("td", {}, item.candidates.join(", ")),
            el(
              "td",
              {},
              item.candidates.map((candidate) =>
                el("button", { type: "button", class: "secondary", onclick: () => compare(item.childNumber, candidate) }, t("registrar.compareWith", { candidate }))
              )
            )
          )
        )
      );
      emptyRow(declarations, 4);
      emptyRow(duplicates, 3);
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  function term(name, value) {
    return [el("dt", {}, t(name)), el("dd", {}, value)];
  }

  function showRecord(record) {
    current = record;
    document.getElementById("child-title").textContent = t("registrar.child", { number: record.childNumberDisplay });
    document.getElementById("child-record").replaceChildren(
      ...term("common.status", statusBadge(record.status)),
      ...term("registrar.jurisdiction", record.jurisdiction),
      ...term("registrar.organisation", record.organisation),
      ...term("registrar.version", String(record.version)),
      ...term("registrar.guardians", String(record.guardians.length)),
      ...term("registrar.alert", record.alert && record.alert.open ? Haven.badge("bad", t("registrar.missing")) : t("common.no"))
    );
    const undecided = ["DECLARED", "INFO_REQUESTED"].includes(record.status);
    document.getElementById("decide-form").hidden = !(undecided && Haven.can("DECIDE_DECLARATION"));
    document.getElementById("card").hidden = !(record.status === "REGISTERED" && Haven.can("ISSUE_CARD"));
    document.getElementById("read-form").hidden = !Haven.can("READ_PERSONAL_DATA");
    panel.hidden = false;
  }

  async function open(number) {
    Haven.clear(message);
    review = null;
    document.getElementById("compare").hidden = true;
    correctForm.hidden = true;
    document.getElementById("card-ready").hidden = true;
    document.getElementById("card-qr").hidden = true;
    readPurpose.value = "";
    try {
      showRecord(await api("GET", `/children/${encodeURIComponent(number)}`));
      panel.scrollIntoView();
      document.getElementById("child-title").focus();
    } catch (problem) {
      panel.hidden = true;
      Haven.showProblem(message, problem);
    }
  }

  function personalCard(title, data) {
    const child = data.child;
    return el(
      "div",
      { class: "card" },
      el("h3", {}, title),
      data.erased
        ? el("p", {}, Haven.badge("bad", t("status.ERASED")))
        : el(
            "dl",
            {},
            term("childform.givenNames", child.givenNames),
            term("childform.familyNames", child.familyNames),
            term("childform.dateOfBirth", child.dateOfBirth),
            term("childform.placeOfBirth", child.placeOfBirth),
            term("childform.sex", t(`sex.${child.sex}`)),
            data.guardians.map((guardian) =>
              term(`relationship.${guardian.relationship}`, [guardian.names, guardian.document ? ` (${t(`document.${guardian.document.type}`)} ${guardian.document.number}, ${guardian.document.country})` : ""].join(""))
            )
          ),
      child && child.photo ? el("img", { class: "photo", src: `data:image/jpeg;base64,${child.photo}`, alt: t("childform.photoAlt") }) : null
    );
  }

  async function readPersonalData(number, purpose) {
    return api("GET", `/children/${encodeURIComponent(number)}/personal-data?purpose=${encodeURIComponent(purpose)}`);
  }

  function compare(child, candidate) {
    panel.hidden = true;
    review = { child, candidate };
    document.getElementById("compare-columns").replaceChildren();
    document.getElementById("compare-actions").hidden = true;
    document.getElementById("compare-purpose").value = "";
    document.getElementById("compare").hidden = false;
    document.getElementById("compare-purpose").focus();
  }

  document.getElementById("compare-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const purpose = Haven.purposeOf(document.getElementById("compare-purpose"), message);
    if (!purpose) {
      return;
    }
    Haven.clear(message);
    try {
      const [first, second] = [await readPersonalData(review.child, purpose), await readPersonalData(review.candidate, purpose)];
      document.getElementById("compare-columns").replaceChildren(
        personalCard(t("registrar.compareChild", { number: review.child }), first),
        personalCard(t("registrar.compareCandidate", { number: review.candidate }), second)
      );
      document.getElementById("compare-actions").hidden = !Haven.can("RESOLVE_DUPLICATE");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  async function resolveDuplicate(duplicate) {
    try {
      const answer = await api("POST", `/children/${encodeURIComponent(review.child)}/duplicate-review`, { candidate: review.candidate, duplicate });
      Haven.say(message, duplicate ? "registrar.markedDuplicate" : "registrar.markedDifferent", { status: t(`status.${answer.status}`) });
      document.getElementById("compare").hidden = true;
      loadQueues();
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }
  document.getElementById("compare-same").addEventListener("click", () => resolveDuplicate(true));
  document.getElementById("compare-different").addEventListener("click", () => resolveDuplicate(false));

  document.getElementById("find-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const number = document.getElementById("find-number");
    if (Haven.requireFilled([number], message)) {
      open(number.value.replace(/[\s-]/g, ""));
    }
  });

  document.getElementById("read-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const purpose = Haven.purposeOf(readPurpose, message);
    if (!purpose) {
      return;
    }
    Haven.clear(message);
    try {
      const data = await readPersonalData(current.childNumber, purpose);
      if (data.erased) {
        Haven.say(message, "registrar.erased", {}, "warn");
        return;
      }
      childForm.fill(data);
      correctReason.value = "";
      correctForm.hidden = !Haven.can("CORRECT_CHILD");
      Haven.say(message, "registrar.readDone", {}, "");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  for (const button of document.querySelectorAll("#decide-form [data-decision]")) {
    button.addEventListener("click", async () => {
      if (!Haven.requireFilled([decideReason], message)) {
        return;
      }
      try {
        await api("POST", `/children/${current.childNumber}/decision`, { decision: button.dataset.decision, reason: decideReason.value.trim() });
        decideReason.value = "";
        showRecord(await api("GET", `/children/${current.childNumber}`));
        Haven.say(message, "registrar.decided", { status: t(`status.${current.status}`) });
        loadQueues();
      } catch (problem) {
        Haven.showProblem(message, problem);
      }
    });
  }

  correctForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!Haven.requireFilled([...childForm.required, correctReason], message)) {
      return;
    }
    const data = childForm.read();
    try {
      const answer = await api("PUT", `/children/${current.childNumber}/personal-data`, { ...data, reason: correctReason.value.trim() });
      showRecord(await api("GET", `/children/${current.childNumber}`));
      Haven.say(message, "registrar.corrected", { version: answer.version });
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  document.getElementById("card-issue").addEventListener("click", async () => {
    try {
      const card = await api("POST", `/children/${current.childNumber}/card`, {});
      const pdf = Uint8Array.from(atob(card.pdf), (c) => c.charCodeAt(0));
      if (cardUrl) {
        URL.revokeObjectURL(cardUrl);
      }
      cardUrl = URL.createObjectURL(new Blob([pdf], { type: "application/pdf" }));
      const link = document.getElementById("card-link");
      link.href = cardUrl;
      link.download = `${card.childNumber}.pdf`;
      const qr = document.getElementById("card-qr");
      qr.src = `data:image/png;base64,${card.qrPng}`;
      qr.hidden = false;
      document.getElementById("card-ready").hidden = false;
      Haven.say(message, "registrar.cardIssued", { expires: Haven.dateTime(card.expiresAt) });
      link.focus();
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  loadQueues();
});
