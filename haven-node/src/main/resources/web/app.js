/*
 * Haven web app: what every page shares. Plain JavaScript, nothing from the internet (the one
 * library, jsQR for the camera, is vendored: docs/web-app.md, "Vendored code").
 * A page names its message bundles and the roles it serves on <body>:
 *   <body data-bundles="common registrar" data-roles="REGISTRAR">
 * and waits for Haven.ready, which resolves with the officer's session once the page is translated
 * and the officer is known to hold one of those roles. See docs/web-app.md.
 */
"use strict";

const Haven = (() => {
  const API = "/api/v1";
  const SESSION_KEY = "haven.session";
  const LANG_KEY = "haven.lang";
  const LANGUAGES = ["en", "fr", "sw", "ar"];
  /** The languages written right to left: their pages get dir="rtl", and app.css mirrors the layout. */
  const RIGHT_TO_LEFT = ["ar"];

  /** Each role's own workspace, where it lands after login. */
  const WORKSPACES = {
    FIELD_AGENT: "field.html",
    REGISTRAR: "registrar.html",
    BORDER_OFFICER: "border.html",
    CASE_WORKER: "case.html",
    AUDITOR: "auditor.html",
    ORG_ADMIN: "admin.html",
  };

  /**
   * The workspaces each role may open, in menu order, with their message key. Mirrors the
   * ledger's rules (docs/web-app.md, "Authorisation").
   */
  const MENUS = {
    FIELD_AGENT: ["field", "found"],
    REGISTRAR: ["registrar", "field", "consent", "reports", "history"],
    BORDER_OFFICER: ["border", "found", "reports"],
    CASE_WORKER: ["case", "found"],
    AUDITOR: ["auditor", "reports", "history"],
    ORG_ADMIN: ["admin"],
  };

  /** The values of the ledger's enumerations that pages offer; their labels are <prefix>.<VALUE>. */
  const VALUES = {
    sex: ["FEMALE", "MALE", "NOT_KNOWN", "NOT_APPLICABLE"],
    relationship: ["MOTHER", "FATHER", "LEGAL_GUARDIAN", "INSTITUTION"],
    document: ["NATIONAL_ID", "PASSPORT", "BIRTH_CERTIFICATE", "REFUGEE_ID", "RESIDENCE_PERMIT"],
    evidence: ["BIRTH_NOTIFICATION", "DOCUMENT", "TWO_WITNESSES", "COMMUNITY_LEADER"],
    priority: ["LOW", "HIGH", "CRITICAL"],
  };

  let messages = {};
  let session = null;

  /** A problem the node answered (RFC 9457), or one the browser met on the way. */
  class Problem extends Error {
    constructor(status, body) {
      super(body.detail || body.title || String(status));
      this.status = status;
      this.type = body.type || "";
      this.title = body.title || "";
      this.detail = body.detail || "";
      this.reason = body.reason || null;
      this.errors = Array.isArray(body.errors) ? body.errors : [];
      this.retryAfter = body.retryAfter || null;
    }
  }

  function language() {
    const chosen = localStorage.getItem(LANG_KEY);
    if (LANGUAGES.includes(chosen)) {
      return chosen;
    }
    const browser = (navigator.language || "en").slice(0, 2);
    return LANGUAGES.includes(browser) ? browser : "en";
  }

  async function loadBundles(names, lang) {
    const loaded = {};
    for (const name of names) {
      const response = await fetch(`i18n/${name}.${lang}.json`, { cache: "no-cache" });
      if (!response.ok) {
        throw new Error(`message bundle ${name}.${lang}.json: HTTP ${response.status}`);
      }
      Object.assign(loaded, await response.json());
    }
    return loaded;
  }

  /**
   * The message for key in the page's language, with {name} replaced from params. A missing key
   * shows as the key itself and is logged, so it is seen in tests and by translators.
   */
  function t(key, params = {}) {
    const text = messages[key];
    if (text === undefined) {
      console.error(`Haven: no message for key ${key}`);
      return key;
    }
    return text.replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));
  }

  /** Translates every element below root that carries data-i18n (text) or data-i18n-ATTR. */
  function translate(root = document) {
    for (const el of root.querySelectorAll("[data-i18n]")) {
      el.textContent = t(el.dataset.i18n);
    }
    for (const attribute of ["placeholder", "title", "aria-label", "alt"]) {
      const data = `data-i18n-${attribute}`;
      for (const el of root.querySelectorAll(`[${data}]`)) {
        el.setAttribute(attribute, t(el.getAttribute(data)));
      }
    }
  }

  /**
   * Creates an element: el("td", {class: "x"}, "text", child). Text is set as text, never HTML.
   * Children may be nested in arrays to any depth.
   */
  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) {
        continue;
      }
      if (name.startsWith("on") && typeof value === "function") {
        element.addEventListener(name.slice(2), value);
      } else {
        element.setAttribute(name, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false) {
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return element;
  }

  function savedSession() {
    try {
      return JSON.parse(sessionStorage.getItem(SESSION_KEY));
    } catch (e) {
      return null;
    }
  }

  /** The field agent's declarations the node never got: the one thing a session's end keeps. */
  const UNSENT_STATES = ["waiting", "sending"];

  /**
   * Removes from this browser what the officer's pages showed and kept, so that a shared computer
   * shows nothing of it again (docs/web-app.md, "After logout"): the page itself (the history
   * entry Back returns to then holds no form values), this tab's session, every localStorage key
   * under the officer's prefix, and the session answer any service worker cached. When the session
   * merely ended (idle timeout, 401), the field queue keeps its unsent declarations, the only copy
   * of a child's declaration, so that they are sent after the next login.
   */
  async function forget(officer, keepUnsent) {
    document.body.replaceChildren();
    sessionStorage.clear();
    if (officer) {
      const prefix = `haven.${officer}/`;
      for (const key of Object.keys(localStorage).filter((name) => name.startsWith(prefix))) {
        const unsent = keepUnsent && key === `${prefix}field.queue` ? unsentOf(localStorage.getItem(key)) : [];
        if (unsent.length > 0) {
          localStorage.setItem(key, JSON.stringify(unsent));
        } else {
          localStorage.removeItem(key);
        }
      }
    }
    if (window.caches) {
      try {
        for (const name of await caches.keys()) {
          await (await caches.open(name)).delete(`${API}/session`);
        }
      } catch (e) {
        // Cache storage is unavailable (a private window): nothing was kept in it.
      }
    }
  }

  function unsentOf(queue) {
    try {
      return (JSON.parse(queue) || []).filter((item) => UNSENT_STATES.includes(item.state));
    } catch (e) {
      return [];
    }
  }

  function officerOfThisTab() {
    return (session || savedSession() || {}).officer;
  }

  async function sessionEnded() {
    await forget(officerOfThisTab(), true);
    location.replace("index.html?ended=1");
  }

  /** How often a page checks whether its session has gone unused past the node's idle timeout. */
  const IDLE_CHECK_MS = 5000;
  let lastUse = Date.now();

  /**
   * Ends the page when neither the page nor the officer has used it for the node's idle timeout
   * (the node ends the session then, counting from the last request): the page forgets what it
   * showed without waiting for the officer to come back and meet a 401. A key or a touch counts as
   * use, so an officer working offline (the border page, the field page) is not interrupted.
   */
  function watchIdle(idleSeconds) {
    for (const event of ["keydown", "pointerdown"]) {
      document.addEventListener(event, () => (lastUse = Date.now()), { capture: true, passive: true });
    }
    const timer = setInterval(() => {
      if (Date.now() - lastUse >= idleSeconds * 1000) {
        clearInterval(timer);
        sessionEnded();
      }
    }, IDLE_CHECK_MS);
  }

  /** How often a write is sent in all: the first attempt and two retries with its key. */
  const WRITE_ATTEMPTS = 3;

  function pause(millis) {
    return new Promise((resolve) => setTimeout(resolve, millis));
  }

  /**
   * Calls the node's API. path is relative to /api/v1. body is sent as JSON, or as it is when it
   * is a Blob (a photo), with its type. Resolves with the answer's JSON (null for 204), or its bytes
   * as a Uint8Array when options.binary; rejects with a Problem. A state-changing call carries the
   * session's CSRF token and an Idempotency-Key (options.idempotencyKey, else a fresh one), and is
   * sent again with the same key when the node cannot be reached or answers 503 or 504 (outcome
   * unknown): the node answers a repeat with the first outcome and the ledger applies it once
   * (docs/api.md). An ended session sends the officer back to the login page, unless
   * options.keepOn401 (the login form itself).
   */
  async function api(method, path, body, options = {}) {
    const headers = { Accept: "application/json, application/problem+json" };
    const init = { method, headers, credentials: "same-origin", cache: "no-store" };
    if (body instanceof Blob) {
      headers["Content-Type"] = body.type;
      init.body = body;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const write = method !== "GET" && method !== "HEAD";
    const csrf = (savedSession() || {}).csrfToken;
    if (write && csrf) {
      headers["X-CSRF-Token"] = csrf;
    }
    const retried = write && path !== "/session";
    if (retried) {
      headers["Idempotency-Key"] = options.idempotencyKey || crypto.randomUUID();
    }
    let response;
    for (let attempt = 1; ; attempt++) {
      const last = !retried || attempt === WRITE_ATTEMPTS;
      try {
        response = await fetch(API + path, init);
      } catch (e) {
        if (last) {
          throw new Problem(0, { type: "urn:haven:problem:network", detail: "" });
        }
        await pause(1000);
        continue;
      }
      lastUse = Date.now();
      if (last || (response.status !== 503 && response.status !== 504)) {
        break;
      }
      const retryAfter = Number(response.headers.get("Retry-After")) || 1;
      await pause(Math.min(retryAfter, 5) * 1000);
    }
    if (response.status === 204) {
      return null;
    }
    if (response.ok && options.binary) {
      return new Uint8Array(await response.arrayBuffer());
    }
    const text = await response.text();
    let json = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch (e) {
      json = { detail: "" };
    }
    if (!response.ok) {
      const problem = new Problem(response.status, json);
      problem.retryAfter = response.headers.get("Retry-After");
      if (response.status === 401 && !options.keepOn401) {
        sessionEnded();
      }
      throw problem;
    }
    return json;
  }

  /** The heading for a problem, in the page's language: by reason, by status, or generic. */
  function problemHeading(problem) {
    if (problem.status === 0) {
      return t("problem.network");
    }
    if (problem.reason && messages[`reason.${problem.reason}`] !== undefined) {
      return t(`reason.${problem.reason}`);
    }
    if (messages[`problem.${problem.status}`] !== undefined) {
      return t(`problem.${problem.status}`);
    }
    return t("problem.other", { status: problem.status });
  }

  /**
   * Shows a problem in a message region (role="alert"): a heading in the page's language, the
   * node's detail, and each field at fault. Inputs whose data-field names a field at fault are
   * marked aria-invalid until they change.
   */
  function showProblem(region, problem) {
    region.className = "message error";
    region.replaceChildren(el("p", { class: "heading" }, el("strong", {}, problemHeading(problem))));
    const detail = problem.errors.length === 0 ? problemDetail(problem) : null;
    if (detail) {
      region.append(el("p", { class: "detail" }, detail));
    }
    if (problem.errors.length > 0) {
      region.append(el("ul", {}, problem.errors.map((error) => el("li", {}, fieldProblem(error)))));
    }
    const untranslated = problem.errors.filter((error) => error.code === "not-accepted" && error.detail).map((error) => error.detail);
    if (untranslated.length > 0) {
      region.append(el("details", { class: "node-detail" }, el("summary", {}, t("problem.nodeDetail")), el("p", { lang: "en" }, untranslated.join("; "))));
    }
    markFields(problem.errors);
    region.focus();
  }

  /**
   * What went wrong beyond the heading, in the page's language: nothing more when the heading
   * already says the ledger's reason, else the message of the problem's type (problem.type.<type>,
   * from urn:haven:problem:<type>). The node's English detail only for a type this page does not
   * know.
   */
  function problemDetail(problem) {
    if (problem.status === 0 || (problem.reason && messages[`reason.${problem.reason}`] !== undefined)) {
      return null;
    }
    const type = (problem.type || "").replace(/^urn:haven:problem:/, "");
    return messages[`problem.type.${type}`] !== undefined ? t(`problem.type.${type}`) : problem.detail || null;
  }

  /** The inputs of the page whose data-field names field. */
  function inputsFor(field) {
    return [...document.querySelectorAll(`[data-field="${CSS.escape(field)}"]`)];
  }

  /** The words of input's label, without its hint; its id when it has none. */
  function labelOf(input) {
    const label = input.labels && input.labels[0];
    return label ? (label.querySelector("[data-i18n]") || label).textContent.trim() : input.id;
  }

  /**
   * What is wrong with a field the node refused ({field, code, detail}), in the page's language:
   * the node's code as a message (problem.field.<code>); the node's own detail only for a code
   * this page does not know. (A value a rule refused, "not-accepted", is said in the page's
   * language too; showProblem keeps the node's detail of which rule behind a closed "details".)
   */
  function fieldFault(error) {
    const key = `problem.field.${error.code}`;
    return messages[key] !== undefined ? t(key) : error.detail;
  }

  /** A field the node refused, as a line: the field's label on this page (else its name), then why. */
  function fieldProblem(error) {
    const input = error.field ? inputsFor(error.field)[0] : null;
    const name = input ? labelOf(input) : error.field;
    return name ? t("problem.fieldLine", { field: name, fault: fieldFault(error) }) : fieldFault(error);
  }

  /** Marks the inputs of the fields the node refused, each with why next to it; returns them. */
  function markFields(errors) {
    const marked = [];
    for (const error of errors) {
      for (const input of inputsFor(error.field || "")) {
        markInvalid(input, fieldFault(error));
        marked.push(input);
      }
    }
    return marked;
  }

  /**
   * Marks input aria-invalid and says why next to it (a line after the input that the input's
   * aria-describedby names), until the input changes.
   */
  function markInvalid(input, text) {
    const id = `${input.id}-error`;
    let note = document.getElementById(id);
    if (!note) {
      note = el("p", { id, class: "field-error" });
      input.after(note);
    }
    note.textContent = text;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", id);
    const unmark = () => {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      note.remove();
    };
    input.addEventListener("input", unmark, { once: true });
    input.addEventListener("change", unmark, { once: true });
  }

  /** Shows a message by key in a region; kind is "ok", "warn", "error" or "" (information). */
  function say(region, key, params = {}, kind = "ok") {
    region.className = `message ${kind}`.trim();
    region.replaceChildren(el("p", {}, t(key, params)));
  }

  /**
   * Refuses a form on the page itself: lists each message (by key, with its params) in the region,
   * and says it again next to its input, marked aria-invalid until it changes. failures is
   * [[input, key, params], ...].
   */
  function refuse(region, failures) {
    region.className = "message error";
    region.replaceChildren(el("ul", {}, failures.map(([, key, params]) => el("li", {}, t(key, params)))));
    for (const [input, key, params] of failures) {
      markInvalid(input, t(key, params));
    }
    region.focus();
  }

  /** The node's password rules (GET /session's passwordRules) in a sentence, to show beside a new password. */
  function passwordRules() {
    return t("password.rules", { min: session.passwordRules.minLength, max: session.passwordRules.maxLength });
  }

  /**
   * What is wrong with a new password typed in input and again in again, as refuse() takes it:
   * its length outside the node's password rules, counted in characters (code points) as the node
   * counts them, or two different texts. Empty when nothing is.
   */
  function newPasswordFailures(input, again) {
    const length = [...input.value].length;
    const { minLength, maxLength } = session.passwordRules;
    return [
      [input, length >= minLength && length <= maxLength, "password.breaksRules", { min: minLength, max: maxLength, length }],
      [again, again.value === input.value, "password.mismatch"],
    ]
      .filter(([, ok]) => !ok)
      .map(([field, , key, params]) => [field, key, params]);
  }

  /**
   * Labels each cell of every table marked class="stack" with its column's heading (data-label),
   * rows added later included, so that on a phone such a table reads as one card per row
   * (app.css) instead of columns a letter wide.
   */
  function stackTables() {
    for (const table of document.querySelectorAll("table.stack")) {
      const label = () => {
        const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
        for (const row of table.querySelectorAll("tbody tr")) {
          [...row.children].forEach((cell, i) => cell.setAttribute("data-label", headings[i] || ""));
        }
      };
      label();
      new MutationObserver(label).observe(table, { childList: true, subtree: true });
    }
  }

  /** Empties a message region. */
  function clear(region) {
    region.className = "message";
    region.replaceChildren();
  }

  /**
   * Whether the logged-in officer's role may take action, a name from the ledger's table of
   * authority (docs/authority.md) as GET /session lists them. The node still checks each request
   * against the record: organisation and jurisdiction.
   */
  function can(action) {
    return session !== null && session.actions.includes(action);
  }

  /**
   * Fills a select with the translated values of an enumeration in VALUES (labels
   * <name>.<VALUE>); with empty, a first option of that message key and value "".
   */
  function options(select, name, empty) {
    const choices = VALUES[name].map((value) => el("option", { value }, t(`${name}.${value}`)));
    select.replaceChildren(...(empty ? [el("option", { value: "" }, t(empty))] : []), ...choices);
  }

  /** A state as a word in a coloured badge; kind is ok, warn, bad or info. */
  function badge(kind, text) {
    return el("span", { class: `badge ${kind}` }, text);
  }

  /** Where the page is used when no officer is logged in: how the page's language writes dates there. */
  const REGIONS = { en: "GB", fr: "FR", sw: "KE", ar: "SD" };

  /**
   * What a language adds to its locale: Arabic writes the digits 0-9 that cards, child numbers and
   * the ledger print, not the Arabic-Indic digits some Arabic locales default to.
   */
  const EXTENSIONS = { ar: "-u-nu-latn" };

  /**
   * The locale dates are written in: the page's language as it is written in the officer's
   * jurisdiction (en-KE, fr-KE, sw-KE, ar-KE-u-nu-latn), never the browser's default; all write
   * dd/mm/yyyy.
   */
  function locale() {
    const region = session && /^[A-Z]{2}$/.test(session.jurisdiction) ? session.jurisdiction : REGIONS[language()];
    return `${language()}-${region}${EXTENSIONS[language()] || ""}`;
  }

  /** Whether the page's language is written right to left. */
  function rightToLeft() {
    return RIGHT_TO_LEFT.includes(language());
  }

  /**
   * Where a chart puts what is at x (its left edge when it is span wide) in a chart width wide:
   * x itself left to right; mirrored right to left, so that the first day is on the right and text
   * anchored at its start stays inside the chart.
   */
  function chartX(x, width, span = 0) {
    return rightToLeft() ? width - x - span : x;
  }

  const DAY = { day: "2-digit", month: "2-digit", year: "numeric" };

  /** A time (milliseconds since the epoch) as the page's language writes it: dd/mm/yyyy hh:mm. */
  function dateTime(millis) {
    return new Date(millis).toLocaleString(locale(), { ...DAY, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  }

  /** A calendar date (yyyy-mm-dd, as the API and date inputs hold it) as the page's language writes it. */
  function date(iso) {
    return new Date(`${iso}T00:00:00Z`).toLocaleDateString(locale(), { ...DAY, timeZone: "UTC" });
  }

  /** Today on this device, in its own time zone, as yyyy-mm-dd. */
  function today() {
    const now = new Date();
    return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  /**
   * The purpose typed in input, trimmed; or null after saying in region that a view of personal
   * data needs one (the node records the purpose on the ledger with the read).
   */
  function purposeOf(input, region) {
    const purpose = input.value.trim();
    if (!purpose) {
      input.setAttribute("aria-invalid", "true");
      say(region, "common.purposeMissing", {}, "error");
      input.focus();
      return null;
    }
    input.removeAttribute("aria-invalid");
    return purpose;
  }

  /**
   * Says in region which of the required inputs are empty, by their labels, and marks them;
   * true when none is.
   */
  function requireFilled(inputs, region) {
    const empty = inputs.filter((input) => !input.value.trim());
    for (const input of inputs) {
      if (empty.includes(input)) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    }
    if (empty.length === 0) {
      return true;
    }
    const names = empty.map(labelOf);
    say(region, "common.missing", { fields: names.join(", ") }, "error");
    empty[0].focus();
    return false;
  }

  function workspaceFor(role) {
    return WORKSPACES[role] || "index.html";
  }

  /** Keeps the session the node answered at login (with its CSRF token) for this tab. */
  function remember(login) {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(login));
  }

  /**
   * The localStorage key under which a page keeps name for the logged-in officer. Everything kept
   * under such keys is the officer's alone, and logging out removes it from this browser. '/' is
   * in no officer id, so one officer's prefix is never another's.
   */
  function storageKey(name) {
    return `haven.${session.officer}/${name}`;
  }

  const logoutGuards = [];

  /**
   * Lets a page ask before the officer logs out, for work that logging out would lose (unsent
   * declarations). guard() returns false to stay logged in.
   */
  function beforeLogout(guard) {
    logoutGuards.push(guard);
  }

  const logoutSteps = [];

  /**
   * Runs step (async) when the officer logs out, after the guards and while the session still
   * holds: a page sends what it can and removes what it kept elsewhere than localStorage (the border
   * page's IndexedDB). A step that fails does not keep the officer logged in.
   */
  function atLogout(step) {
    logoutSteps.push(step);
  }

  async function logout() {
    if (!logoutGuards.every((guard) => guard())) {
      return;
    }
    for (const step of logoutSteps) {
      try {
        await step();
      } catch (e) {
        console.error("Haven: a step of logging out failed", e);
      }
    }
    try {
      await api("DELETE", "/session", undefined, { keepOn401: true });
    } finally {
      await forget(session.officer, false);
      location.replace("index.html?loggedOut=1");
    }
  }

  function languageSwitcher() {
    const select = el(
      "select",
      { id: "language", onchange: (event) => {
        localStorage.setItem(LANG_KEY, event.target.value);
        location.reload();
      } },
      LANGUAGES.map((lang) => el("option", { value: lang, selected: lang === language() }, t(`language.${lang}`)))
    );
    return el("label", { for: "language" }, t("language.label"), select);
  }

  /**
   * The officer's own password, changed from the bar: the current one, and the new one typed
   * twice (POST /session/password). A wrong current password counts as a failed login.
   */
  function passwordDialog() {
    const message = el("div", { id: "password-message", class: "message", role: "status", "aria-live": "polite" });
    const field = (id, key, autocomplete, apiField) => [
      el("label", { for: id }, t(key)),
      el("input", { id, type: "password", autocomplete, "data-field": apiField || false }),
    ];
    const form = el(
      "form",
      { id: "password-form", novalidate: true },
      el("h2", { id: "password-title" }, t("password.title")),
      field("password-current", "password.current", "current-password", "currentPassword"),
      field("password-new", "password.new", "new-password", "newPassword"),
      el("p", { class: "hint", id: "password-rules" }, passwordRules(), " ", t("password.hint")),
      field("password-confirm", "password.confirm", "new-password"),
      message,
      el("button", { type: "submit", id: "password-submit" }, t("password.change")),
      el("button", { type: "button", class: "secondary", id: "password-close", onclick: () => dialog.close() }, t("password.close"))
    );
    const dialog = el("dialog", { id: "password-dialog", "aria-labelledby": "password-title" }, form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clear(message);
      const [current, next, again] = ["password-current", "password-new", "password-confirm"].map((id) => document.getElementById(id));
      const failures = [
        ...(current.value.length > 0 ? [] : [[current, "password.missingCurrent"]]),
        ...newPasswordFailures(next, again),
      ];
      if (failures.length > 0) {
        refuse(message, failures);
        return;
      }
      try {
        await api("POST", "/session/password", { currentPassword: current.value, newPassword: next.value });
        form.reset();
        say(message, "password.changed", {}, "ok");
      } catch (problem) {
        if (problem.status === 403) {
          say(message, "password.currentWrong", {}, "error");
        } else {
          showProblem(message, problem);
        }
      }
    });
    return dialog;
  }

  /** The bar at the top of a workspace: name, the officer, their workspaces, language, logout. */
  function renderBar(bar) {
    const dialog = passwordDialog();
    document.body.append(dialog);
    const page = location.pathname.split("/").pop();
    const links = (MENUS[session.role] || []).map((name) => {
      const href = `${name}.html`;
      return el("li", {}, el("a", { href, "aria-current": href === page ? "page" : false }, t(`workspace.${name}`)));
    });
    bar.replaceChildren(
      el("span", { class: "brand" }, t("app.name")),
      el("nav", { "aria-label": t("nav.label") }, el("ul", {}, links)),
      el("span", { class: "who" }, t("bar.officer", { officer: session.officer, role: t(`role.${session.role}`) })),
      languageSwitcher(),
      el("button", { type: "button", class: "secondary", id: "password-open", onclick: () => dialog.showModal() }, t("bar.password")),
      el("button", { type: "button", class: "secondary", id: "logout", onclick: logout }, t("bar.logout"))
    );
  }

  /** Tells an officer this workspace is not for their role, and links to their own. */
  function wrongRole(main) {
    main.replaceChildren(
      el("h1", {}, t("wrongRole.title")),
      el("p", { class: "message warn", role: "alert" }, t("wrongRole.detail", { role: t(`role.${session.role}`) })),
      el("a", { class: "button", href: workspaceFor(session.role) }, t("wrongRole.link"))
    );
  }

  /**
   * Lets the workspace open without a connection: offline-sw.js, with the workspace's name as its
   * scope, keeps its files and the session answer. A page the worker did not yet control when it
   * asked for the session asks again once it does, so that the worker keeps the answer.
   */
  function workOffline(workspace) {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    if (!navigator.serviceWorker.controller) {
      const keepSession = () => fetch(API + "/session", { credentials: "same-origin" }).catch(() => {});
      navigator.serviceWorker.addEventListener("controllerchange", keepSession, { once: true });
    }
    navigator.serviceWorker.register("offline-sw.js", { scope: workspace }).catch(() => {});
  }

  async function start() {
    const body = document.body;
    const lang = language();
    document.documentElement.lang = lang;
    document.documentElement.dir = RIGHT_TO_LEFT.includes(lang) ? "rtl" : "ltr";
    messages = await loadBundles((body.dataset.bundles || "common").split(/\s+/), lang);
    translate();
    stackTables();
    const bar = document.getElementById("bar");
    if (!body.dataset.roles) {
      if (bar) {
        bar.replaceChildren(el("span", { class: "brand" }, t("app.name")), languageSwitcher());
      }
      return null;
    }
    if (!savedSession() || !savedSession().csrfToken) {
      sessionEnded();
      return new Promise(() => {});
    }
    if (body.dataset.offline) {
      workOffline(body.dataset.offline);
    }
    session = await api("GET", "/session");
    watchIdle(session.idleTimeoutSeconds);
    renderBar(bar);
    if (!body.dataset.roles.split(/\s+/).includes(session.role)) {
      wrongRole(document.querySelector("main"));
      return new Promise(() => {});
    }
    return session;
  }

  // A page the browser restores from its back-forward cache is loaded afresh instead: it may have
  // shown a child's data to an officer who has since logged out.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      document.body.replaceChildren();
      location.reload();
    }
  });

  const ready = new Promise((resolve, reject) => {
    document.addEventListener("DOMContentLoaded", () => start().then(resolve, reject));
  });

  return {
    Problem,
    ready,
    t,
    translate,
    el,
    api,
    showProblem,
    problemHeading,
    problemDetail,
    markInvalid,
    markFields,
    fieldProblem,
    say,
    refuse,
    clear,
    passwordRules,
    newPasswordFailures,
    can,
    options,
    badge,
    locale,
    dateTime,
    date,
    today,
    purposeOf,
    requireFilled,
    workspaceFor,
    remember,
    storageKey,
    beforeLogout,
    atLogout,
    logout,
    language,
    rightToLeft,
    chartX,
  };
})();
