/*
 * The field agent's workspace: declare a child, online or not. Each declaration joins a queue kept
 * in this browser (localStorage, per officer) and is sent when the node can be reached: at once,
 * when the browser comes back online, and every RETRY_MS while any waits. Once the node has it,
 * the queue keeps only the child number: the personal data leaves the browser. A refused
 * declaration stays, with the node's reason, until the agent edits or removes it, and at most
 * RETAIN_MS after the refusal; so does a sent one's child number. The child's name beside a sent
 * number is kept in this tab only (sessionStorage), for the list. Logging out removes the whole
 * queue from the browser, after asking if some declarations were never sent (see docs/web-app.md).
 * Online, it also lists the registrars' requests for information about the organisation's
 * declarations, and answers them; none of that is kept in the browser.
 */
"use strict";

Haven.ready.then((session) => {
  const { t, el, api } = Haven;
  const RETRY_MS = 20000;
  const RETAIN_MS = 7 * 24 * 60 * 60 * 1000;
  const QUEUE_KEY = Haven.storageKey("field.queue");
  // Where the queue was kept before logging out cleared it: moved once, so nothing unsent is lost.
  const OLD_QUEUE_KEY = `haven.field.queue.${session.officer}`;
  /** Sent declarations' names by queue id, for this tab only: gone when it closes or logs out. */
  const NAMES_KEY = "haven.field.sentNames";
  const STATE_BADGE = { waiting: "warn", sending: "info", sent: "ok", refused: "bad" };

  const form = document.getElementById("declare-form");
  const message = document.getElementById("declare-message");
  const connection = document.getElementById("connection");
  const queueBody = document.getElementById("queue");
  const late = document.getElementById("late");
  const evidence = document.getElementById("evidence");
  const witnessBox = document.getElementById("witnesses");
  const witnesses = [0, 1].map(witnessFields);
  const childForm = ChildForm.render(document.getElementById("child-form"), "declare", message, session.jurisdiction);
  let sending = false;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE_KEY)) || [];
    } catch (e) {
      return [];
    }
  }

  function save(queue) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
    render(queue);
  }

  function update(id, change) {
    save(load().map((item) => (item.id === id ? { ...item, ...change } : item)));
  }

  function showEvidence() {
    Haven.options(evidence, "evidence");
    const allowed = late.checked ? ["DOCUMENT", "TWO_WITNESSES", "COMMUNITY_LEADER"] : ["BIRTH_NOTIFICATION", "DOCUMENT"];
    for (const option of [...evidence.options]) {
      if (!allowed.includes(option.value)) {
        option.remove();
      }
    }
    showAttestors();
  }

  /**
   * The inputs of witness i (0 or 1), in their own fieldset inside the witnesses' box: names,
   * relationship to the child, document number and statement, as the API names them.
   */
  function witnessFields(i) {
    const input = (name, control) => {
      const id = `witness-${i + 1}-${name}`;
      control.id = id;
      control.dataset.field = `witnesses[${i}].${name}`;
      control.autocomplete = "off";
      return [el("label", { for: id }, t(`field.witness.${name}`)), control];
    };
    const names = el("input", { type: "text" });
    const relationship = el("input", { type: "text" });
    const documentNumber = el("input", { type: "text" });
    const statement = el("textarea", { rows: 3 });
    const fieldset = el(
      "fieldset",
      { id: `witness-${i + 1}` },
      el("legend", {}, t("field.witnessNumber", { number: i + 1 })),
      input("names", names),
      input("relationship", relationship),
      input("documentNumber", documentNumber),
      input("statement", statement)
    );
    witnessBox.append(fieldset);
    return { fieldset, inputs: { names, relationship, documentNumber, statement } };
  }

  /** How many witnesses the evidence needs: the ledger's rule (Evidence.attestors, docs/registry.md). */
  function witnessesNeeded() {
    return { TWO_WITNESSES: 2, COMMUNITY_LEADER: 1 }[evidence.value] || 0;
  }

  function showAttestors() {
    const needed = witnessesNeeded();
    witnessBox.hidden = needed === 0;
    witnesses.forEach((witness, i) => (witness.fieldset.hidden = i >= needed));
  }

  /** The witnesses' inputs the evidence needs, each witness's four in order. */
  function neededWitnessInputs() {
    return witnesses.slice(0, witnessesNeeded()).flatMap((witness) => Object.values(witness.inputs));
  }

  function nameOf(declaration) {
    return `${declaration.child.givenNames} ${declaration.child.familyNames}`.trim();
  }

  function sentNames() {
    try {
      return JSON.parse(sessionStorage.getItem(NAMES_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function keepSentName(id, name) {
    sessionStorage.setItem(NAMES_KEY, JSON.stringify({ ...sentNames(), [id]: name }));
  }

  /** The child's name and, once sent, number; a number sent from another tab has no name here. */
  function describe(item) {
    if (item.childNumber) {
      const number = item.childNumberDisplay || item.childNumber;
      const name = sentNames()[item.id];
      return name ? [el("span", { class: "child-name" }, name), " ", number] : number;
    }
    return el("span", { class: "child-name" }, nameOf(item.declaration));
  }

  function render(queue) {
    queueBody.replaceChildren(
      ...queue
        .slice()
        .reverse()
        .map((item) =>
          el(
            "tr",
            { "data-queue-id": item.id, "data-state": item.state },
            el("td", {}, Haven.dateTime(item.createdAt)),
            el("td", {}, describe(item)),
            el(
              "td",
              {},
              Haven.badge(STATE_BADGE[item.state], t(`field.state.${item.state}`)),
              item.reason ? el("p", { class: "reason" }, item.reason) : null
            ),
            el(
              "td",
              {},
              item.state === "refused"
                ? [
                    el("button", { type: "button", class: "secondary", onclick: () => edit(item) }, t("field.edit")),
                    el("button", { type: "button", class: "secondary", onclick: () => discard(item) }, t("field.discard")),
                  ]
                : item.state === "sent"
                ? el("button", { type: "button", class: "secondary", onclick: () => discard(item) }, t("field.forget"))
                : null
            )
          )
        )
    );
    if (queue.length === 0) {
      queueBody.append(el("tr", {}, el("td", { colspan: 4 }, t("field.queueEmpty"))));
    }
  }

  function showConnection() {
    const waiting = load().filter((item) => item.state === "waiting").length;
    if (navigator.onLine) {
      Haven.say(connection, "field.online", { waiting }, waiting ? "warn" : "ok");
    } else {
      Haven.say(connection, "field.offline", { waiting }, "warn");
    }
  }

  /** Sends every waiting declaration, oldest first; stops at the first that cannot reach the node. */
  async function flush() {
    if (sending || !navigator.onLine) {
      showConnection();
      return;
    }
    sending = true;
    try {
      for (const item of load().filter((entry) => entry.state === "waiting")) {
        update(item.id, { state: "sending" });
        try {
          // The queue entry's id is the request's key: a declaration resent after a lost answer, even
          // from a reloaded page, is declared once.
          const record = await api("POST", "/children", item.declaration, { idempotencyKey: item.id });
          keepSentName(item.id, nameOf(item.declaration));
          save(
            load().map((entry) =>
              entry.id === item.id
                ? {
                    id: entry.id,
                    createdAt: entry.createdAt,
                    state: "sent",
                    childNumber: record.childNumber,
                    childNumberDisplay: record.childNumberDisplay,
                    sentAt: Date.now(),
                  }
                : entry
            )
          );
        } catch (problem) {
          if (problem.status === 0 || problem.status === 503 || problem.status >= 500) {
            update(item.id, { state: "waiting" });
            break;
          }
          update(item.id, {
            state: "refused",
            reason: `${Haven.problemHeading(problem)} ${refusal(problem)}`.trim(),
            errors: problem.errors,
            refusedAt: Date.now(),
          });
        }
      }
    } finally {
      sending = false;
      showConnection();
    }
  }

  function refusal(problem) {
    if (problem.errors.length > 0) {
      return problem.errors.map(Haven.fieldProblem).join("; ");
    }
    return Haven.problemDetail(problem) || Haven.problemHeading(problem);
  }

  function edit(item) {
    childForm.fill(item.declaration);
    late.checked = item.declaration.late;
    showEvidence();
    evidence.value = item.declaration.evidence;
    showAttestors();
    witnesses.forEach((witness, i) => {
      const given = (item.declaration.witnesses || [])[i] || {};
      Object.entries(witness.inputs).forEach(([name, input]) => (input.value = given[name] || ""));
    });
    save(load().filter((entry) => entry.id !== item.id));
    Haven.say(message, "field.editing", {}, "warn");
    if (item.reason) {
      message.append(el("p", { class: "reason" }, item.reason));
    }
    const atFault = Haven.markFields(item.errors || []);
    (atFault.length > 0 ? atFault[0] : childForm.required[0]).focus();
  }

  function discard(item) {
    save(load().filter((entry) => entry.id !== item.id));
    showConnection();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    Haven.clear(message);
    if (!Haven.requireFilled([...childForm.required, ...neededWitnessInputs()], message)) {
      return;
    }
    const problems = childForm.problems();
    if (problems.length > 0) {
      Haven.refuse(message, problems);
      problems[0][0].focus();
      return;
    }
    const data = childForm.read();
    const declaration = {
      jurisdiction: session.jurisdiction,
      late: late.checked,
      evidence: evidence.value,
      witnesses: witnesses.slice(0, witnessesNeeded()).map((witness) =>
        Object.fromEntries(Object.entries(witness.inputs).map(([name, input]) => [name, input.value.trim()]))
      ),
      child: data.child,
      guardians: data.guardians,
    };
    const queue = load();
    queue.push({ id: crypto.randomUUID(), createdAt: Date.now(), state: "waiting", declaration });
    save(queue);
    childForm.reset();
    form.reset();
    showEvidence();
    Haven.say(message, navigator.onLine ? "field.queued" : "field.queuedOffline", {}, "ok");
    flush();
  });

  const requestsSection = document.getElementById("requests-section");
  const requestsBox = document.getElementById("requests");
  const requestsMessage = document.getElementById("requests-message");
  /** The child's fields an answer may propose a corrected value for (haven-vault InformationRequest.Correction). */
  const CORRECTABLE = ["givenNames", "familyNames", "dateOfBirth", "placeOfBirth", "sex"];

  /** The child's name if this tab sent its declaration: the node's list names no one. */
  function nameOfNumber(number) {
    const item = load().find((entry) => entry.childNumber === number);
    return item ? sentNames()[item.id] : undefined;
  }

  /**
   * The registrars' requests for information about this organisation's declarations, each listed
   * one a read the node records on the ledger; an open one comes with a form to answer it. Asked
   * only online, and only by an officer whose role may answer.
   */
  async function loadRequests() {
    if (!Haven.can("ANSWER_INFORMATION_REQUEST") || !navigator.onLine) {
      return;
    }
    try {
      const page = await api("GET", "/information-requests");
      requestsSection.hidden = page.items.length === 0;
      requestsBox.replaceChildren(...page.items.map(requestView));
    } catch (problem) {
      if (problem.status !== 0) {
        requestsSection.hidden = false;
        Haven.showProblem(requestsMessage, problem);
      }
    }
  }

  function requestView(item) {
    const name = nameOfNumber(item.childNumber);
    return el(
      "article",
      { class: "request", "data-child": item.childNumber },
      el("h3", {}, name ? `${name} ${item.childNumberDisplay}` : item.childNumberDisplay),
      el("p", {}, t("field.askedBy", { officer: item.askedBy, at: Haven.dateTime(item.askedAt) })),
      el("blockquote", { class: "question" }, item.question),
      item.answer ? [Haven.badge("ok", t("field.answered")), el("p", { class: "answer" }, item.answer.text)] : answerForm(item)
    );
  }

  function labelled(control, key) {
    return [el("label", { for: control.id }, t(key)), control];
  }

  function answerForm(item) {
    const id = (name) => `answer-${item.childNumber}-${name}`;
    const text = el("textarea", { id: id("text"), rows: 3, "data-field": "answer" });
    const field = el(
      "select",
      { id: id("field"), "data-field": "correction.field" },
      el("option", { value: "" }, t("common.none")),
      CORRECTABLE.map((name) => el("option", { value: name }, t(`childform.${name}`)))
    );
    const value = el("input", { type: "text", id: id("value"), "data-field": "correction.value", autocomplete: "off" });
    const file = el("input", { type: "file", id: id("document"), accept: ChildForm.PHOTO_TYPES.join(","), "data-field": "document" });
    const form = el(
      "form",
      { class: "answer-form", novalidate: true },
      labelled(text, "field.answer"),
      labelled(field, "field.correctionField"),
      labelled(value, "field.correctionValue"),
      labelled(file, "field.answerDocument"),
      el("button", { type: "submit", id: id("send") }, t("field.answerSend"))
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      Haven.clear(requestsMessage);
      if (!Haven.requireFilled(field.value ? [text, value] : [text], requestsMessage)) {
        return;
      }
      const body = { answer: text.value.trim() };
      if (field.value) {
        body.correction = { field: field.value, value: value.value.trim() };
      }
      const chosen = file.files[0];
      if (chosen) {
        const problem = await ChildForm.photoProblem(chosen);
        if (problem) {
          Haven.refuse(requestsMessage, [[file, ...problem]]);
          return;
        }
        body.document = await ChildForm.base64Of(chosen);
      }
      try {
        await api("POST", `/children/${encodeURIComponent(item.childNumber)}/information-requests/answer`, body);
        await loadRequests();
        Haven.say(requestsMessage, "field.answerSent", { number: item.childNumberDisplay });
      } catch (problem) {
        Haven.showProblem(requestsMessage, problem);
      }
    });
    return form;
  }

  late.addEventListener("change", showEvidence);
  evidence.addEventListener("change", showAttestors);
  document.getElementById("send-now").addEventListener("click", flush);
  window.addEventListener("online", flush);
  window.addEventListener("online", loadRequests);
  window.addEventListener("offline", showConnection);
  setInterval(flush, RETRY_MS);

  /** Whether an answered declaration (refused, or sent and kept as its number) is past keeping. */
  function expired(item, now) {
    const answeredAt = item.state === "refused" ? item.refusedAt || item.createdAt : item.sentAt;
    return (item.state === "refused" || item.state === "sent") && now - answeredAt > RETAIN_MS;
  }

  function unsent() {
    return load().filter((item) => item.state === "waiting" || item.state === "sending").length;
  }

  Haven.beforeLogout(() => unsent() === 0 || window.confirm(t("field.logoutUnsent", { count: unsent() })));

  if (localStorage.getItem(OLD_QUEUE_KEY) !== null) {
    localStorage.setItem(QUEUE_KEY, localStorage.getItem(OLD_QUEUE_KEY));
    localStorage.removeItem(OLD_QUEUE_KEY);
  }
  const now = Date.now();
  const kept = load().filter((item) => !expired(item, now));
  if (kept.length < load().length) {
    Haven.say(message, "field.expired", { count: load().length - kept.length, days: RETAIN_MS / 86400000 }, "warn");
  }
  // A declaration left "sending" when the page closed did not get its answer: send it again.
  save(kept.map((item) => (item.state === "sending" ? { ...item, state: "waiting" } : item)));
  showEvidence();
  flush();
  loadRequests();
});
