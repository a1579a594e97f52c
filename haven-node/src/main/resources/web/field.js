/*
 * The field agent's workspace: declare a child, online or not. Each declaration joins a queue kept
 * in this browser (localStorage, per officer) and is sent when the node can be reached: at once,
 * when the browser comes back online, and every RETRY_MS while any waits. Once the node has it,
 * the queue keeps only the child number: the personal data leaves the browser. A refused
 * declaration stays, with the node's reason, until the agent edits or removes it, and at most
 * RETAIN_MS after the refusal; so does a sent one's child number. The child's name beside a sent
 * number is kept in this tab only (sessionStorage), for the list. Logging out removes the whole
 * queue from the browser, after asking if some declarations were never sent (see docs/web-app.md).
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
  const attestors = [document.getElementById("attestor-1"), document.getElementById("attestor-2")];
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

  function showAttestors() {
    const needed = { TWO_WITNESSES: 2, COMMUNITY_LEADER: 1 }[evidence.value] || 0;
    document.getElementById("attestors").hidden = needed === 0;
    attestors[1].hidden = needed < 2;
    attestors[1].labels[0].hidden = needed < 2;
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
    attestors.forEach((input, i) => (input.value = item.declaration.attestors[i] || ""));
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
    const needed = attestors.filter((input) => !input.hidden && !document.getElementById("attestors").hidden);
    if (!Haven.requireFilled([...childForm.required, ...needed], message)) {
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
      attestors: needed.map((input) => input.value.trim()),
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

  late.addEventListener("change", showEvidence);
  evidence.addEventListener("change", showAttestors);
  document.getElementById("send-now").addEventListener("click", flush);
  window.addEventListener("online", flush);
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
});
