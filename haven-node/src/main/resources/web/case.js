/*
 * The case worker's workspace: open missing-child alerts; a child opened only with a purpose
 * (the node records the read of personal data, with the purpose, on the ledger); the child's
 * alert raised, updated or resolved, with what helps recognise the child (a description and a
 * photo, kept in this organisation's vault); sightings officers recorded; the timeline as a list
 * and as a chart of events per day.
 */
"use strict";

Haven.ready.then((session) => {
  const { t, el, api } = Haven;
  const SVG = "http://www.w3.org/2000/svg";
  const PRIORITY_BADGE = { LOW: "info", HIGH: "warn", CRITICAL: "bad" };
  const message = document.getElementById("case-message");
  const panel = document.getElementById("child");
  const priority = document.getElementById("alert-priority");
  const contact = document.getElementById("alert-contact");
  const reason = document.getElementById("alert-reason");
  const description = document.getElementById("alert-description");
  const photoFile = document.getElementById("alert-photo");
  let current = null;
  let currentData = null;
  let currentPurpose = null;

  Haven.options(priority, "priority");

  async function loadAlerts() {
    const body = document.getElementById("alerts");
    try {
      const alerts = await api("GET", "/alerts");
      body.replaceChildren(
        ...alerts.items.map((alert) =>
          el(
            "tr",
            { "data-child": alert.childNumber },
            el("td", {}, alert.childNumber),
            el("td", {}, Haven.badge(PRIORITY_BADGE[alert.priority], t(`priority.${alert.priority}`))),
            el("td", {}, alert.contactPoint),
            el("td", {}, alert.raisedBy),
            el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => choose(alert.childNumber) }, t("case.choose")))
          )
        )
      );
      if (alerts.items.length === 0) {
        body.append(el("tr", {}, el("td", { colspan: 5 }, t("common.empty"))));
      }
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  /** Puts a child's number in the form; the purpose is still asked before anything is shown. */
  function choose(number) {
    document.getElementById("open-number").value = number;
    document.getElementById("open-purpose").focus();
  }

  function term(name, value) {
    return [el("dt", {}, t(name)), el("dd", {}, value)];
  }

  function showAlertForm(record) {
    const open = record.alert && record.alert.open;
    document.getElementById("alert-title").textContent = t(open ? "case.alertOpen" : "case.alertNone");
    document.getElementById("alert-raise").hidden = open;
    document.getElementById("alert-update").hidden = !open;
    document.getElementById("alert-resolve").hidden = !open;
    document.getElementById("alert-reason-field").hidden = !open;
    reason.value = "";
    description.value = "";
    photoFile.value = "";
    priority.value = open ? record.alert.priority : "HIGH";
    contact.value = open ? record.alert.contactPoint : "";
    document.getElementById("alert-form").hidden = !Haven.can("RAISE_ALERT");
  }

  function showSummary(record, data) {
    const child = data.erased ? null : data.child;
    document.getElementById("child-title").textContent = t("case.child", { number: record.childNumberDisplay });
    document.getElementById("child-summary").replaceChildren(
      ...term("common.status", Haven.badge(record.status === "REGISTERED" ? "ok" : "warn", t(`status.${record.status}`))),
      ...(child
        ? [...term("childform.givenNames", child.givenNames), ...term("childform.familyNames", child.familyNames), ...term("childform.dateOfBirth", Haven.date(child.dateOfBirth))]
        : term("case.personalData", t("status.ERASED"))),
      ...term(
        "case.alert",
        record.alert && record.alert.open
          ? Haven.badge(PRIORITY_BADGE[record.alert.priority], t("case.missing", { priority: t(`priority.${record.alert.priority}`) }))
          : t("common.no")
      )
    );
  }

  /**
   * Events per UTC day as an inline SVG bar chart; its title and the table say the same in words.
   * The days run right to left on a page in Arabic (Haven.chartX).
   */
  function chart(events) {
    const perDay = new Map();
    for (const event of events) {
      const day = new Date(event.at).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) || 0) + 1);
    }
    const days = [...perDay.keys()].sort();
    const container = document.getElementById("timeline-chart");
    if (days.length === 0) {
      container.replaceChildren(el("p", {}, t("case.noEvents")));
      return;
    }
    const most = Math.max(...perDay.values());
    const bar = 36;
    const height = 120;
    const width = days.length * bar + 40;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height + 40}`);
    svg.setAttribute("width", String(Math.min(600, width)));
    svg.setAttribute("role", "img");
    const summary = days.map((day) => t("case.chartDay", { day, count: perDay.get(day) })).join("; ");
    svg.setAttribute("aria-label", `${t("case.chart")}: ${summary}`);
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${t("case.chart")}: ${summary}`;
    svg.append(title);
    days.forEach((day, i) => {
      const count = perDay.get(day);
      const h = Math.max(4, Math.round((count / most) * height));
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", String(Haven.chartX(20 + i * bar + 4, width, bar - 8)));
      rect.setAttribute("y", String(height - h + 10));
      rect.setAttribute("width", String(bar - 8));
      rect.setAttribute("height", String(h));
      rect.setAttribute("fill", "#0b4f8a");
      rect.setAttribute("data-day", day);
      rect.setAttribute("data-count", String(count));
      const number = document.createElementNS(SVG, "text");
      number.setAttribute("x", String(Haven.chartX(20 + i * bar + bar / 2, width)));
      number.setAttribute("y", String(height - h + 6));
      number.setAttribute("text-anchor", "middle");
      number.setAttribute("font-size", "12");
      number.textContent = String(count);
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", String(Haven.chartX(20 + i * bar + bar / 2, width)));
      label.setAttribute("y", String(height + 28));
      label.setAttribute("text-anchor", "middle");
      label.setAttribute("font-size", "10");
      label.textContent = day.slice(5);
      svg.append(rect, number, label);
    });
    container.replaceChildren(svg);
  }

  /**
   * An event in words. A border check says its outcome, direction and checkpoint: a check that
   * stopped the child must never read as "Border exit".
   */
  function eventText(event) {
    if (!event.outcome) {
      return t(`event.${event.type}`);
    }
    return t("case.borderCheck", {
      outcome: t(`case.outcome.${event.outcome}`),
      direction: t(`case.direction.${event.type}`),
      checkpoint: event.checkpoint,
    });
  }

  function showTimeline(answer) {
    // The node answers the timeline as "events" (or, paged, "items"); oldest first.
    const events = answer.items || answer.events;
    document.getElementById("timeline").replaceChildren(
      ...events.map((event) =>
        el("tr", {}, el("td", {}, Haven.dateTime(event.at)), el("td", {}, eventText(event)), el("td", {}, event.place), el("td", {}, event.recordedBy))
      )
    );
    if (events.length === 0) {
      document.getElementById("timeline").append(el("tr", {}, el("td", { colspan: 4 }, t("case.noEvents"))));
    }
    chart(events);
  }

  /**
   * What the raisers said helps recognise the child, when this officer's organisation raised the
   * open alert: read from this node's vault with the case's purpose (an audited read).
   */
  async function showNotice(record) {
    const box = document.getElementById("notice");
    const photo = document.getElementById("notice-photo");
    box.hidden = true;
    photo.hidden = true;
    photo.removeAttribute("src");
    const alert = record.alert;
    if (!alert || !alert.open || alert.raisingOrganisation !== session.organisation || !Haven.can("READ_ALERT_NOTICE")) {
      return;
    }
    try {
      const notice = await api("GET", `/children/${record.childNumber}/alert/notice?purpose=${encodeURIComponent(currentPurpose)}`);
      document.getElementById("notice-description").textContent = notice.description;
      if (notice.photo) {
        photo.src = `data:${notice.photoMediaType};base64,${notice.photo}`;
        photo.hidden = false;
      }
      box.hidden = false;
    } catch (problem) {
      if (!(problem instanceof Haven.Problem) || problem.status !== 404) {
        throw problem;
      }
    }
  }

  /** Sightings of the child recorded by this node's officers, newest last; an audited read. */
  async function showSightings() {
    const answer = await api("GET", `/children/${current.childNumber}/sightings?purpose=${encodeURIComponent(currentPurpose)}`);
    const body = document.getElementById("sightings");
    body.replaceChildren(
      ...answer.items.map((s) =>
        el("tr", { "data-transaction": s.transactionId }, el("td", {}, Haven.dateTime(s.seenAt)), el("td", {}, s.place), el("td", {}, s.note), el("td", {}, s.recordedBy))
      )
    );
    if (answer.items.length === 0) {
      body.append(el("tr", {}, el("td", { colspan: 4 }, t("case.noSightings"))));
    }
  }

  async function open(number, purpose) {
    const path = `/children/${encodeURIComponent(number)}`;
    const record = await api("GET", path);
    const data = await api("GET", `${path}/personal-data?purpose=${encodeURIComponent(purpose)}`);
    current = record;
    currentData = data;
    currentPurpose = purpose;
    showSummary(record, data);
    showAlertForm(record);
    await showNotice(record);
    await showSightings();
    showTimeline(await api("GET", `${path}/timeline`));
    panel.hidden = false;
  }

  document.getElementById("open-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const number = document.getElementById("open-number");
    if (!Haven.requireFilled([number], message)) {
      return;
    }
    const purpose = Haven.purposeOf(document.getElementById("open-purpose"), message);
    if (!purpose) {
      return;
    }
    Haven.clear(message);
    try {
      await open(number.value.replace(/[\s-]/g, ""), purpose);
      document.getElementById("child-title").focus();
    } catch (problem) {
      panel.hidden = true;
      Haven.showProblem(message, problem);
    }
  });

  document.getElementById("alert-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const action = event.submitter.dataset.action;
    if (!Haven.requireFilled([action === "RESOLVE" ? reason : contact], message)) {
      return;
    }
    const change = { action, priority: priority.value, contactPoint: contact.value.trim() };
    if (action === "RESOLVE") {
      change.reason = reason.value.trim();
    } else if (description.value.trim()) {
      change.description = description.value.trim();
      if (photoFile.files[0]) {
        const photo = await ChildForm.photoOf(photoFile.files[0], photoFile, message);
        if (!photo) {
          return;
        }
        change.photo = photo;
      }
    } else if (photoFile.files[0]) {
      Haven.refuse(message, [[description, "case.descriptionMissing"]]);
      return;
    }
    try {
      const answer = await api("POST", `/children/${current.childNumber}/alert`, change);
      current = await api("GET", `/children/${current.childNumber}`);
      showSummary(current, currentData);
      showAlertForm(current);
      await showNotice(current);
      Haven.say(message, `case.done.${action}`, { block: answer.blockHeight });
      loadAlerts();
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  document.getElementById("sightings-refresh").addEventListener("click", async () => {
    try {
      await showSightings();
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  });

  loadAlerts();
});
