/*
 * The registrar's workspace: the review queue, possible duplicates side by side, the found children
 * awaiting a decision with their candidates (a match confirmed, or registered as new, with a
 * reason; then the found child's timeline), a child's record with its decision, correction (photo
 * included) and card. Every view of personal data asks for
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
  // The personal data read in this view, with a purpose: its guardians are linked on registering.
  let declared = null;
  const statusNew = document.getElementById("status-new");
  Haven.options(document.getElementById("guardian-relationship"), "relationship");
  Haven.options(document.getElementById("guardian-document-type"), "document");

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
            { "data-child": record.childNumber, "data-status": record.status },
            el("td", {}, record.childNumberDisplay),
            el("td", { class: "queue-name" }),
            el("td", { class: "queue-born" }),
            el("td", { class: "queue-late" }, lateText(record)),
            el("td", { class: "queue-status" }, statusBadge(record.status)),
            el("td", { class: "queue-declared-by" }, declaredBy(record)),
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
      emptyRow(declarations, 7);
      emptyRow(duplicates, 3);
      await loadFoundChildren();
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  /** The found children of this jurisdiction awaiting a decision (GET /found-children). */
  async function loadFoundChildren() {
    const body = document.getElementById("found-children");
    const waiting = await api("GET", "/found-children");
    body.replaceChildren(
      ...waiting.items.map((found) =>
        el(
          "tr",
          { "data-child": found.childNumber },
          el("td", {}, found.childNumberDisplay),
          el("td", {}, declaredBy(found)),
          el("td", {}, Haven.dateTime(found.declaredAt)),
          el("td", {}, String(found.candidates.length)),
          el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => openFound(found) }, t("common.open")))
        )
      )
    );
    emptyRow(body, 5);
  }

  const foundPanel = document.getElementById("found");
  const foundMessage = document.getElementById("found-message");
  const foundReason = document.getElementById("found-reason");
  let found = null;

  function showFound(answer) {
    found = answer;
    document.getElementById("found-title").textContent = t("found.registrarTitle", { number: answer.childNumberDisplay });
    document.getElementById("found-record").replaceChildren(...FoundChild.summary(answer));
    const open = answer.resolution === "OPEN" && Haven.can("DECIDE_FOUND_CHILD");
    document.getElementById("found-decide").hidden = !open;
    document.getElementById("found-candidates").replaceChildren(
      ...FoundChild.candidateRows(answer.candidates, (candidate) =>
        el("button", { type: "button", class: "danger", onclick: () => decideFound("CONFIRM_MATCH", candidate) }, t("found.confirmThis"))
      )
    );
    foundPanel.hidden = false;
  }

  function openFound(answer) {
    Haven.clear(foundMessage);
    foundReason.value = "";
    document.getElementById("found-after").hidden = true;
    showFound(answer);
    foundPanel.scrollIntoView();
    document.getElementById("found-title").focus();
  }

  /**
   * Confirms that the found child is candidate, or registers it as new (no candidate), with the
   * reason, once the registrar says yes; then shows the found child's timeline with the decision.
   */
  async function decideFound(decision, candidate) {
    if (!Haven.requireFilled([foundReason], foundMessage)) {
      return;
    }
    const question = candidate
      ? t("found.confirmMatch", { found: found.childNumberDisplay, match: candidate.childNumberDisplay })
      : t("found.confirmNew", { found: found.childNumberDisplay });
    if (!window.confirm(question)) {
      return;
    }
    const body = { decision, reason: foundReason.value.trim() };
    if (candidate) {
      body.match = candidate.childNumber;
    }
    try {
      showFound(await api("POST", `/found-children/${found.childNumber}/decision`, body));
      foundReason.value = "";
      const timeline = await api("GET", `/children/${found.childNumber}/timeline`);
      document.getElementById("found-timeline").replaceChildren(...FoundChild.timelineRows(timeline.items));
      document.getElementById("found-after").hidden = false;
      Haven.say(foundMessage, candidate ? "found.matched" : "found.registered", { number: found.childNumberDisplay, match: candidate ? candidate.childNumberDisplay : "" });
      loadQueues();
    } catch (problem) {
      Haven.showProblem(foundMessage, problem);
    }
  }
  document.getElementById("found-register-new").addEventListener("click", () => decideFound("REGISTER_NEW", null));

  /** Late or not, or "not recorded" for a child declared before the ledger kept it. */
  function lateText(record) {
    if (record.late === null) {
      return t("registrar.notRecorded");
    }
    return record.late ? Haven.badge("warn", t("registrar.lateYes")) : t("common.no");
  }

  /** The declaring officer and their organisation; the organisation alone if not recorded. */
  function declaredBy(record) {
    return record.declaredBy ? t("registrar.officerOf", { officer: record.declaredBy, organisation: record.organisation }) : record.organisation;
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
      ...term("registrar.declaredByOfficer", record.declaredBy || t("registrar.notRecorded")),
      ...term("registrar.late", lateText(record)),
      ...term("registrar.evidence", record.evidence ? t(`evidence.${record.evidence}`) : t("registrar.notRecorded")),
      ...term("registrar.version", String(record.version)),
      ...term("registrar.guardians", String(record.guardians.length)),
      ...term("registrar.alert", record.alert && record.alert.open ? Haven.badge("bad", t("registrar.missing")) : t("common.no"))
    );
    showGuardians(record);
    showStatusChoices(record);
    const undecided = ["DECLARED", "INFO_REQUESTED"].includes(record.status);
    document.getElementById("decide-form").hidden = !(undecided && Haven.can("DECIDE_DECLARATION"));
    document.getElementById("information-request").hidden = !(undecided && Haven.can("REQUEST_INFORMATION"));
    document.getElementById("card").hidden = !(record.status === "REGISTERED" && Haven.can("ISSUE_CARD"));
    document.getElementById("read-form").hidden = !Haven.can("READ_PERSONAL_DATA");
    const history = document.getElementById("history-link");
    history.href = `history.html?child=${encodeURIComponent(record.childNumber)}`;
    history.hidden = !Haven.can("READ_HISTORY");
    panel.hidden = false;
  }

  function showGuardians(record) {
    const body = document.getElementById("guardian-links");
    body.replaceChildren(
      ...record.guardians.map((link) =>
        el(
          "tr",
          { "data-document-hash": link.documentHash },
          el("td", {}, t(`relationship.${link.relationship}`)),
          el("td", {}, link.mayConsentToTravel ? t("common.yes") : t("common.no")),
          el("td", {}, link.reference)
        )
      )
    );
    emptyRow(body, 3);
    const linkable = !["REJECTED", "DUPLICATE", "ERASED"].includes(record.status);
    document.getElementById("guardian-form").hidden = !(linkable && Haven.can("LINK_GUARDIAN"));
  }

  /** The statuses a registrar may move the record to from where it stands (docs/registry.md). */
  const NEXT_STATUSES = {
    REGISTERED: ["SUSPENDED", "REVOKED", "DECEASED"],
    SUSPENDED: ["REGISTERED", "REVOKED", "DECEASED"],
  };

  function showStatusChoices(record) {
    const choices = NEXT_STATUSES[record.status] || [];
    statusNew.replaceChildren(...choices.map((status) => el("option", { value: status }, t(`registrar.status.${status}`))));
    document.getElementById("status-form").hidden = !(choices.length > 0 && Haven.can("CHANGE_CHILD_STATUS"));
    document.getElementById("erase-form").hidden = !(record.status !== "ERASED" && Haven.can("ERASE_CHILD"));
  }

  async function open(number) {
    Haven.clear(message);
    review = null;
    declared = null;
    document.getElementById("declaration-file").hidden = true;
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

  /** A guardian as one line of text: relationship, names, and document if any. */
  function guardianText(guardian) {
    const document = guardian.document ? ` (${t(`document.${guardian.document.type}`)} ${guardian.document.number}, ${guardian.document.country})` : "";
    return `${t(`relationship.${guardian.relationship}`)}: ${guardian.names}${document}`;
  }

  /** The fields of a read record, in the order the comparison shows them, as [label key, text]. */
  function fieldsOf(data) {
    if (data.erased) {
      return [["common.status", t("status.ERASED")]];
    }
    const child = data.child;
    const count = Math.max(1, data.guardians.length);
    return [
      ["childform.givenNames", child.givenNames],
      ["childform.familyNames", child.familyNames],
      ["childform.dateOfBirth", Haven.date(child.dateOfBirth)],
      ["childform.placeOfBirth", child.placeOfBirth || ""],
      ["childform.sex", t(`sex.${child.sex}`)],
      ...Array.from({ length: count }, (unused, i) => ["registrar.guardian", data.guardians[i] ? guardianText(data.guardians[i]) : ""]),
    ];
  }

  /**
   * Both records side by side, one row per field; a row whose values differ is marked with a
   * badge that says so (and a class), so the difference does not rest on colour alone.
   */
  function comparison(first, second) {
    const left = fieldsOf(first);
    const right = fieldsOf(second);
    const rows = [];
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      const key = (left[i] || right[i])[0];
      const a = left[i] ? left[i][1] : "";
      const b = right[i] ? right[i][1] : "";
      const differs = a !== b;
      rows.push(
        el(
          "tr",
          { class: differs ? "differs" : false, "data-differs": String(differs) },
          el("th", { scope: "row" }, t(key)),
          el("td", {}, a),
          el("td", {}, b),
          el("td", {}, differs ? Haven.badge("warn", t("registrar.differs")) : Haven.badge("ok", t("registrar.sameField")))
        )
      );
    }
    const photo = (data) => (data.child && data.child.photo ? el("img", { class: "photo", src: `data:image/jpeg;base64,${data.child.photo}`, alt: t("childform.photoAlt") }) : t("registrar.noPhoto"));
    rows.push(el("tr", {}, el("th", { scope: "row" }, t("registrar.photo")), el("td", {}, photo(first)), el("td", {}, photo(second)), el("td", {})));
    return el(
      "table",
      { id: "compare-table" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col" }, t("registrar.field")),
          el("th", { scope: "col" }, t("registrar.compareChild", { number: review.child })),
          el("th", { scope: "col" }, t("registrar.compareCandidate", { number: review.candidate })),
          el("th", { scope: "col" }, t("registrar.comparison"))
        )
      ),
      el("tbody", {}, rows)
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
      document.getElementById("compare-columns").replaceChildren(comparison(first, second));
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

  // Search by names and date of birth: every child shown is a read the node records on the ledger,
  // with the purpose, so a page is asked for only when the registrar asks for more.
  const searchForm = document.getElementById("search-form");
  const searchRows = document.getElementById("search-rows");
  const searchMore = document.getElementById("search-more");
  let searching = null;
  searchForm.hidden = !Haven.can("SEARCH_CHILDREN");

  async function searchPage(cursor) {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
    try {
      const page = await api("POST", `/children/search${query}`, searching);
      searchRows.append(
        ...page.items.map((item) =>
          el(
            "tr",
            { "data-child": item.childNumber },
            el("td", {}, item.childNumberDisplay),
            el("td", {}, `${item.givenNames} ${item.familyNames}`.trim()),
            el("td", {}, Haven.date(item.dateOfBirth)),
            el("td", {}, statusBadge(item.status)),
            el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => open(item.childNumber) }, t("common.open")))
          )
        )
      );
      document.getElementById("search-summary").textContent = t(page.total === 0 ? "registrar.searchNone" : "registrar.searchFound", { total: page.total });
      searchMore.hidden = page.next === null;
      searchMore.dataset.cursor = page.next || "";
      document.getElementById("search-results").hidden = false;
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const names = document.getElementById("search-names");
    const born = document.getElementById("search-born");
    const purpose = document.getElementById("search-purpose");
    if (!Haven.requireFilled([names, born, purpose], message)) {
      return;
    }
    Haven.clear(message);
    searching = { names: names.value.trim(), dateOfBirth: born.value, purpose: purpose.value.trim() };
    searchRows.replaceChildren();
    searchPage(null);
  });
  searchMore.addEventListener("click", () => searchPage(searchMore.dataset.cursor));

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
      declared = data;
      showDeclarationFile(data);
      fillGuardianForm(data.guardians.find((guardian) => guardian.document));
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
        const linked = button.dataset.decision === "REGISTER" ? await linkDeclaredGuardians() : 0;
        showRecord(await api("GET", `/children/${current.childNumber}`));
        Haven.say(message, "registrar.decided", { status: t(`status.${current.status}`) });
        if (button.dataset.decision === "REGISTER") {
          message.append(el("p", {}, declared ? t("registrar.guardiansLinked", { count: linked }) : t("registrar.guardiansNotRead")));
        }
        loadQueues();
      } catch (problem) {
        Haven.showProblem(message, problem);
      }
    });
  }

  /** The newest request for information in a personal-data read, if any. */
  function newestRequest(data) {
    const requests = data.informationRequests || [];
    return requests.length > 0 ? requests[requests.length - 1] : null;
  }

  /** A request's state in a word, and its answer's text once given. */
  function requestSummary(request) {
    return request.answer
      ? el("div", { class: "request-state" }, Haven.badge("ok", t("registrar.answered")), el("p", { class: "answer" }, request.answer.text))
      : el("div", { class: "request-state" }, Haven.badge("warn", t("registrar.awaitingAnswer")));
  }

  /** One request for information: the question, who asked, and the answer with what came with it. */
  function requestView(request) {
    const answer = request.answer;
    return el(
      "article",
      { class: "request" },
      el("p", {}, t("registrar.askedBy", { officer: request.askedBy, at: Haven.dateTime(request.askedAt) })),
      el("blockquote", { class: "question" }, request.question),
      requestSummary(request),
      answer ? el("p", { class: "answered-by" }, t("registrar.answeredBy", { officer: answer.answeredBy, at: Haven.dateTime(answer.answeredAt) })) : null,
      answer && answer.correction
        ? el("p", { class: "proposed-correction" }, t("registrar.proposedCorrection", { field: t(`childform.${answer.correction.field}`), value: answer.correction.value }))
        : null,
      answer && answer.document ? el("img", { class: "photo", src: `data:image/jpeg;base64,${answer.document}`, alt: t("registrar.answerDocument") }) : null
    );
  }

  /**
   * The declaration's witnesses and requests for information, from the audited read of its
   * personal data: the registrar sees on what the late declaration rests, and the field agent's
   * answers, before deciding.
   */
  function showDeclarationFile(data) {
    const witnesses = data.witnesses || [];
    const requests = data.informationRequests || [];
    document.getElementById("witness-list").replaceChildren(
      ...(witnesses.length === 0
        ? []
        : [
            el("h4", {}, t("registrar.witnesses", { count: witnesses.length })),
            el(
              "ol",
              { id: "witnesses" },
              witnesses.map((witness) =>
                el(
                  "li",
                  { class: "witness" },
                  el("dl", {}, [
                    ...term("registrar.witnessNames", witness.names),
                    ...term("registrar.witnessRelationship", witness.relationship),
                    ...term("registrar.witnessDocument", witness.documentNumber),
                    ...term("registrar.witnessStatement", witness.statement),
                  ])
                )
              )
            ),
          ])
    );
    document.getElementById("request-list").replaceChildren(
      ...(requests.length === 0 ? [] : [el("h4", {}, t("registrar.requests")), ...requests.map(requestView)])
    );
    document.getElementById("declaration-file").hidden = witnesses.length === 0 && requests.length === 0;
  }

  document.getElementById("decide-information").addEventListener("click", async () => {
    const question = document.getElementById("information-question");
    if (!Haven.requireFilled([question], message)) {
      return;
    }
    try {
      await api("POST", `/children/${encodeURIComponent(current.childNumber)}/information-requests`, { question: question.value.trim() });
      question.value = "";
      showRecord(await api("GET", `/children/${current.childNumber}`));
      Haven.say(message, "registrar.informationRequested", { number: current.childNumberDisplay });
      loadQueues();
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  /** Whether a parent declared with the child may consent to travel when linked on registering. */
  const PARENTS = ["MOTHER", "FATHER"];

  /**
   * Links each guardian the declaration names with a document, once the child is registered, from
   * the personal data read in this view; a guardian already linked is left as it is. Answers how
   * many were linked.
   */
  async function linkDeclaredGuardians() {
    let linked = 0;
    for (const guardian of declared ? declared.guardians.filter((g) => g.document) : []) {
      try {
        await api("POST", `/children/${current.childNumber}/guardians`, {
          action: "LINK",
          relationship: guardian.relationship,
          document: guardian.document,
          mayConsentToTravel: PARENTS.includes(guardian.relationship),
          reference: "declared with the child",
        });
        linked++;
      } catch (problem) {
        if (problem.status !== 409) {
          throw problem;
        }
      }
    }
    return linked;
  }

  function fillGuardianForm(guardian) {
    if (!guardian) {
      return;
    }
    document.getElementById("guardian-relationship").value = guardian.relationship;
    document.getElementById("guardian-document-type").value = guardian.document.type;
    document.getElementById("guardian-document-number").value = guardian.document.number;
    document.getElementById("guardian-document-country").value = guardian.document.country;
    document.getElementById("guardian-may-consent").checked = PARENTS.includes(guardian.relationship);
  }

  async function changeGuardian(action) {
    const byId = (id) => document.getElementById(id);
    const inputs = ["guardian-document-number", "guardian-document-country", "guardian-reference"].map(byId);
    if (!Haven.requireFilled(inputs, message)) {
      return;
    }
    const relationship = byId("guardian-relationship").value;
    if (action === "UNLINK" && !window.confirm(t("registrar.confirmUnlink", { relationship: t(`relationship.${relationship}`), number: current.childNumberDisplay }))) {
      return;
    }
    try {
      await api("POST", `/children/${current.childNumber}/guardians`, {
        action,
        relationship,
        document: { type: byId("guardian-document-type").value, number: inputs[0].value.trim(), country: inputs[1].value.trim().toUpperCase() },
        mayConsentToTravel: byId("guardian-may-consent").checked,
        reference: inputs[2].value.trim(),
      });
      inputs.forEach((input) => (input.value = ""));
      showRecord(await api("GET", `/children/${current.childNumber}`));
      Haven.say(message, action === "LINK" ? "registrar.linked" : "registrar.unlinked", { count: current.guardians.length });
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }
  document.getElementById("guardian-link").addEventListener("click", () => changeGuardian("LINK"));
  document.getElementById("guardian-unlink").addEventListener("click", () => changeGuardian("UNLINK"));

  /**
   * A change of the record that the ledger keeps with a reason, made once the registrar confirms:
   * refused on the page without a reason, and nothing is sent when the registrar says no. Then
   * shows the record as it stands.
   */
  async function confirmedChange(reason, question, path, body, done = () => {}) {
    if (!Haven.requireFilled([reason], message) || !window.confirm(question())) {
      return;
    }
    try {
      await api("POST", `/children/${current.childNumber}/${path}`, { ...body, reason: reason.value.trim() });
      reason.value = "";
      done();
      showRecord(await api("GET", `/children/${current.childNumber}`));
      Haven.say(message, "registrar.decided", { status: t(`status.${current.status}`) });
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  document.getElementById("status-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const status = statusNew.value;
    confirmedChange(
      document.getElementById("status-reason"),
      () => t("registrar.confirmStatus", { status: t(`status.${status}`), number: current.childNumberDisplay }),
      "status",
      { status }
    );
  });

  document.getElementById("erase-form").addEventListener("submit", (event) => {
    event.preventDefault();
    confirmedChange(
      document.getElementById("erase-reason"),
      () => t("registrar.confirmErase", { number: current.childNumberDisplay }),
      "erasure",
      {},
      () => {
        declared = null;
        childForm.reset();
        correctForm.hidden = true;
      }
    );
  });

  // Names and dates of birth in the queue: one audited read per declaration, with the purpose.
  document.getElementById("names-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const purpose = Haven.purposeOf(document.getElementById("names-purpose"), message);
    if (!purpose) {
      return;
    }
    Haven.clear(message);
    try {
      for (const row of document.querySelectorAll("#declarations tr[data-child]")) {
        const data = await readPersonalData(row.dataset.child, purpose);
        row.querySelector(".queue-name").textContent = data.erased ? t("status.ERASED") : `${data.child.givenNames} ${data.child.familyNames}`;
        row.querySelector(".queue-born").textContent = data.erased ? "" : Haven.date(data.child.dateOfBirth);
        const request = data.erased ? null : newestRequest(data);
        row.querySelector(".queue-status").replaceChildren(statusBadge(row.dataset.status), request ? requestSummary(request) : "");
      }
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  correctForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!Haven.requireFilled([...childForm.required, correctReason], message)) {
      return;
    }
    const data = childForm.read();
    // The form shows the notes and the other guardians nowhere: keep them as they were read.
    data.child.notes = declared.child.notes || "";
    data.guardians = data.guardians.concat(declared.guardians.slice(1));
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
