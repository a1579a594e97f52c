/*
 * The border check workspace: read the child's card (camera, photo, or its HV1 text typed by a
 * keyboard-wedge scanner), enter the companion's document, and show the decision. Online, the node
 * decides and records (POST /border/check). When the node cannot be reached, the page decides from
 * the verifier bundle it keeps in IndexedDB (border-verify.js), queues the crossing record, and
 * sends it (POST /crossings) when the connection returns. See docs/web-app.md and docs/border.md.
 */
"use strict";

const BorderDevice = (() => {
  const DB = "haven-border";
  const DEVICE = "device";
  const QUEUE = "queue";

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(DEVICE);
        request.result.createObjectStore(QUEUE, { keyPath: "recordId" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(store, mode, action) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const request = action(tx.objectStore(store));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  }

  return {
    get: (key) => run(DEVICE, "readonly", (s) => s.get(key)),
    put: (key, value) => run(DEVICE, "readwrite", (s) => s.put(value, key)),
    queued: () => run(QUEUE, "readonly", (s) => s.getAll()),
    enqueue: (record) => run(QUEUE, "readwrite", (s) => s.put(record)),
    /** Removes the bundle file, keeping the pinned genesis (docs/border.md, "Pinning genesis"). */
    forgetBundle: () => run(DEVICE, "readwrite", (s) => s.get("bundle")).then((cached) =>
      cached ? run(DEVICE, "readwrite", (s) => s.put({ trust: cached.trust }, "bundle")) : undefined
    ),
    dequeue: (recordId) => run(QUEUE, "readwrite", (s) => s.delete(recordId)),
  };
})();

Haven.ready.then((session) => {
  const $ = (id) => document.getElementById(id);
  const message = $("border-message");
  const form = $("border-form");
  const BASE45_TEXT = /^HV1:[0-9A-Z $%*+\-./:]*$/;
  const CHILD_NUMBER = /^[0-9][0-9 -]*$/;
  const OUTCOME_CLASS = { PASS: "pass", SECONDARY_INSPECTION: "secondary", ALERT: "alert" };
  const MAX_BUNDLE_AGE_SECONDS = 7 * 24 * 3600;
  /** What the node says of a photo it cannot use: too large, not PNG or JPEG, no Haven QR code. */
  const SCAN_PROBLEMS = [413, 415, 422];
  let bundle = null;
  /** Set once logging out began: a bundle download still under way must not store its file. */
  let loggingOut = false;

  $("companion-country").value = session.jurisdiction;
  $("border-checkpoint").value = localStorage.getItem("haven.border.checkpoint") || "";

  function spanOf(seconds) {
    const hours = Math.max(0, Math.floor(seconds / 3600));
    return hours >= 48 ? Haven.t("border.age.days", { n: Math.floor(hours / 24) }) : Haven.t("border.age.hours", { n: hours });
  }

  function showConnection(online) {
    const badge = Haven.el("span", { class: `badge ${online ? "ok" : "warn"}` }, Haven.t(online ? "border.online" : "border.offline"));
    $("border-connection").replaceChildren(badge);
  }

  function showBundle() {
    $("border-bundle").textContent = bundle
      ? Haven.t("border.bundleState", {
        version: bundle.version,
        age: spanOf(Math.floor(Date.now() / 1000) - bundle.createdAt),
        size: bundle.checkpoint.treeSize,
      })
      : Haven.t("border.noBundle");
  }

  async function showQueue() {
    const queued = await BorderDevice.queued();
    $("border-queue").textContent = Haven.t("border.queueState", { n: queued.length });
  }

  /** Reads the cached bundle file against the cached genesis keys; a bad file is never used. */
  async function useCachedBundle() {
    const cached = await BorderDevice.get("bundle");
    if (!cached || !cached.file) {
      return;
    }
    try {
      bundle = await HavenBorderVerifier.readBundle(cached.file, cached.trust);
    } catch (e) {
      bundle = null;
      Haven.say(message, "border.bundleRefused", { problem: e.problem || e.message }, "error");
    }
  }

  /**
   * What the device trusts from genesis: its origin, the member nodes' keys and the quorum (absent
   * in genesis.json means a majority of the members, as the ledger reads it).
   */
  function trustOf(genesis) {
    return {
      origin: genesis.origin,
      nodeKeys: Object.fromEntries(genesis.members.map((m) => [m.id, HavenVerify.fromBase64(m.nodeKey)])),
      quorum: genesis.checkpointQuorum || Math.floor(genesis.members.length / 2) + 1,
    };
  }

  function sameTrust(a, b) {
    const keys = (t) => JSON.stringify(Object.entries(t.nodeKeys).map(([org, key]) => [org, HavenVerify.toHex(key)]).sort());
    return a.origin === b.origin && a.quorum === b.quorum && keys(a) === keys(b);
  }

  /**
   * Fetches the latest bundle, checks that a quorum of the pinned genesis's members attested it,
   * and keeps it for offline use. The genesis is pinned on the device's first download; a node
   * serving another genesis later is refused (docs/border.md, "Pinning genesis").
   */
  async function updateBundle() {
    const served = trustOf(await Haven.api("GET", "/genesis"));
    const cached = await BorderDevice.get("bundle");
    const trust = cached && cached.trust ? cached.trust : served;
    if (!sameTrust(trust, served)) {
      throw new HavenBorderVerifier.Refused("GENESIS_CHANGED", "the node serves another genesis than the one this device pinned");
    }
    const file = await Haven.api("GET", "/bundle", undefined, { binary: true });
    const fresh = await HavenBorderVerifier.readBundle(file, trust);
    if (bundle && fresh.version < bundle.version && bundle.salt.every((b, i) => b === fresh.salt[i])) {
      throw new HavenBorderVerifier.Refused("ROLLBACK", "older bundle");
    }
    if (loggingOut) {
      return;
    }
    await BorderDevice.put("bundle", { file, trust });
    bundle = fresh;
  }

  /**
   * Uploads the checks decided offline. Each is signed with the key of the officer who made it, in
   * their own session (docs/border.md), so a check waits until its officer syncs.
   */
  async function sync() {
    let sent = 0;
    for (const record of await BorderDevice.queued()) {
      if (record.officer !== session.officer) {
        continue;
      }
      const { recordId, ...crossing } = record;
      try {
        await Haven.api("POST", "/crossings", crossing);
      } catch (problem) {
        if (problem.status !== 0) {
          Haven.showProblem(message, problem);
        }
        break;
      }
      await BorderDevice.dequeue(recordId);
      sent++;
    }
    await showQueue();
    return sent;
  }

  async function refresh() {
    try {
      await updateBundle();
      showConnection(true);
      if ((await sync()) > 0) {
        Haven.say(message, "border.synced", {}, "ok");
      }
    } catch (problem) {
      if (problem instanceof Haven.Problem && problem.status === 0) {
        showConnection(false);
      } else if (problem instanceof Haven.Problem) {
        Haven.showProblem(message, problem);
      } else {
        Haven.say(message, "border.bundleRefused", { problem: problem.problem || problem.message }, "error");
      }
    }
    showBundle();
    await showQueue();
  }

  function field(id) {
    return $(id).value.trim();
  }

  /** What the form asks for, or null after marking what is missing. */
  function readForm() {
    const card = field("border-card").replace(/\s+$/, "");
    const missing = [];
    const direction = field("border-direction");
    if (!card) {
      missing.push(["border-card", "border.missing.card"]);
    } else if (card.startsWith("HV1:") ? !BASE45_TEXT.test(card) : !CHILD_NUMBER.test(card)) {
      missing.push(["border-card", "border.corrupt"]);
    }
    if (!field("companion-number")) {
      missing.push(["companion-number", "border.missing.companion"]);
    }
    if (!/^[A-Za-z]{2}$/.test(field("companion-country"))) {
      missing.push(["companion-country", "border.missing.country"]);
    }
    if (direction === "EXIT" && !/^[A-Za-z]{2}$/.test(field("border-destination"))) {
      missing.push(["border-destination", "border.missing.destination"]);
    }
    if (!field("border-checkpoint")) {
      missing.push(["border-checkpoint", "border.missing.checkpoint"]);
    }
    if (missing.length > 0) {
      Haven.refuse(message, missing.map(([id, key]) => [$(id), key]));
      return null;
    }
    const check = {
      companion: { type: field("companion-type"), number: field("companion-number"), country: field("companion-country").toUpperCase() },
      direction,
      checkpoint: field("border-checkpoint"),
      country: session.jurisdiction,
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    if (card.startsWith("HV1:")) {
      check.qr = card;
    } else {
      check.childNumber = card;
    }
    if (direction === "EXIT") {
      check.destination = field("border-destination").toUpperCase();
    }
    if (field("border-consent")) {
      check.consent = field("border-consent");
    }
    return check;
  }

  /** Decides from the cached bundle and queues the crossing record for upload. */
  async function decideOffline(check) {
    if (!check.qr) {
      Haven.say(message, "border.offlineNeedsCard", {}, "warn");
      return;
    }
    if (!bundle) {
      Haven.say(message, "border.offlineNoBundle", {}, "error");
      return;
    }
    const now = Date.now();
    const decision = await HavenBorderVerifier.decide(
      bundle,
      {
        card: check.qr,
        consent: check.consent || null,
        companion: check.companion,
        direction: check.direction,
        destination: check.destination,
        post: { id: check.checkpoint, country: check.country, zone: check.zone },
        maxAgeSeconds: MAX_BUNDLE_AGE_SECONDS,
        childMatches: check.childMatches,
      },
      now
    );
    const record = {
      officer: session.officer,
      direction: check.direction,
      checkpoint: check.checkpoint,
      country: check.country,
      destination: decision.destination,
      outcome: decision.outcome,
      reasons: decision.reasons,
      bundleVersion: decision.bundleVersion,
      checkedAt: now,
    };
    if (decision.child) {
      record.childNumber = decision.child;
    }
    if (decision.cardProblem) {
      record.cardProblem = decision.cardProblem;
    }
    if (decision.consentProblem) {
      record.consentProblem = decision.consentProblem;
    }
    if (decision.consentId) {
      record.consentId = decision.consentId;
      record.consentCredential = HavenVerify.toHex(await HavenVerify.sha256(new TextEncoder().encode(check.consent.trim())));
    }
    if (decision.companion) {
      record.companion = decision.companion;
    }
    record.recordId = HavenVerify.toHex(await HavenVerify.sha256(new TextEncoder().encode(JSON.stringify(record))));
    await BorderDevice.enqueue(record);
    showDecision(decision, Haven.t("border.queued"));
    await showQueue();
  }

  /** A reason in words; a credential refused by the codec also says why (its problem). */
  function reasonText(reason, decision) {
    const problem = { CARD_NOT_GENUINE: decision.cardProblem, CONSENT_NOT_GENUINE: decision.consentProblem }[reason];
    const text = Haven.t(`border.reason.${reason}`);
    return problem ? `${text} ${Haven.t(`border.problem.${problem}`)}` : text;
  }

  function showDecision(decision, recorded) {
    const section = $("decision");
    section.className = `decision ${OUTCOME_CLASS[decision.outcome]}`;
    $("decision-outcome").textContent = Haven.t(`border.outcome.${decision.outcome}`);
    $("decision-lead").textContent = Haven.t(`border.lead.${decision.outcome}`);
    $("decision-reasons").replaceChildren(...decision.reasons.map((reason) => Haven.el("li", {}, reasonText(reason, decision))));
    const contact = decision.contactPoint || (decision.alert && decision.alert.contactPoint);
    $("decision-contact").textContent = contact ? Haven.t("border.contact", { contact }) : "";
    showNotice(decision);
    $("decision-bundle").textContent = Haven.t("border.decidedWith", {
      version: decision.bundleVersion,
      age: spanOf(decision.bundleAgeSeconds),
    });
    $("decision-record").textContent = recorded;
    // The ledger's id of the record, for whoever must find it later (an auditor, a test).
    $("decision-record").dataset.transaction = decision.transactionId || "";
    if (decision.card) {
      showHolder({ card: decision.card, consent: decision.consent });
    }
    $("holder-compare").hidden = true;
    form.hidden = true;
    section.hidden = false;
    $("border-next").hidden = false;
    section.focus();
  }

  /** The child whose ALERT the officer may record a sighting of; null otherwise. */
  let sighted = null;

  /**
   * At an ALERT, what helps recognise the child. Online, the node read the raisers' description
   * and photo from its vault for this check (an audited read, docs/registry.md); offline, the
   * bundle carries only the priority and the photo's hash, to compare with the photo once online.
   */
  function showNotice(decision) {
    const notice = decision.notice || null;
    const alert = decision.outcome === "ALERT" ? decision.alert || null : null;
    const photo = $("notice-photo");
    photo.hidden = true;
    photo.removeAttribute("src");
    $("notice-description").textContent = "";
    $("notice-offline").textContent = "";
    $("decision-notice").hidden = !notice && !alert;
    if (notice && notice.description) {
      $("notice-description").textContent = notice.description;
      if (notice.photo) {
        photo.src = `data:${notice.photoMediaType};base64,${notice.photo}`;
        photo.hidden = false;
      }
      if (notice.photoHash && !notice.photoMatchesLedger) {
        $("notice-offline").textContent = Haven.t("border.notice.photoMismatch");
      }
    } else if (notice) {
      $("notice-description").textContent = Haven.t("border.notice.unavailable");
    } else if (alert) {
      $("notice-offline").textContent = Haven.t("border.notice.offline", {
        priority: Haven.t(`priority.${alert.priority}`),
        photo: alert.photoHash ? Haven.t("border.notice.photoHash", { hash: alert.photoHash.slice(0, 16) }) : Haven.t("border.notice.noPhoto"),
      });
    }
    // A sighting goes to the ledger at once: offered after an online ALERT only.
    sighted = decision.outcome === "ALERT" && decision.transactionId ? decision.childNumber : null;
    $("sighting-form").hidden = !sighted;
  }

  /** Records that the officer saw the alerted child (POST /children/{number}/sightings). */
  async function recordSighting(event) {
    event.preventDefault();
    const place = $("sighting-place").value.trim();
    if (!place) {
      Haven.refuse(message, [[$("sighting-place"), "border.sighting.placeMissing", {}]]);
      return;
    }
    $("sighting-record").disabled = true;
    try {
      await Haven.api("POST", `/children/${sighted}/sightings`, { place, note: $("sighting-note").value.trim() });
      $("sighting-form").reset();
      $("sighting-form").hidden = true;
      Haven.say(message, "border.sighting.recorded");
    } catch (problem) {
      Haven.showProblem(message, problem);
    } finally {
      $("sighting-record").disabled = false;
    }
  }

  const DAY_MS = 24 * 3600 * 1000;
  const isoDay = (days) => new Date(days * DAY_MS).toISOString().slice(0, 10);

  /** Whole years from the date of birth to today on this device, both YYYY-MM-DD. */
  function ageOn(born, today) {
    const [by, bm, bd] = born.split("-").map(Number);
    const [ty, tm, td] = today.split("-").map(Number);
    return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  }

  const SEX = { 0: "NOT_KNOWN", 1: "MALE", 2: "FEMALE", 9: "NOT_APPLICABLE" };

  /** The card and consent as this device read them, in the shape the node answers them. */
  async function shownOffline(check) {
    const now = Date.now();
    const card = await HavenBorderVerifier.readCredential(check.qr, "card", bundle, now);
    const shown = { card: card.problem ? { problem: card.problem } : {
      childNumber: card.claims.child,
      givenNames: card.claims.givenNames,
      familyNames: card.claims.familyNames,
      dateOfBirth: isoDay(card.claims.dateOfBirth),
      sex: SEX[card.claims.sex] || "NOT_KNOWN",
      face: card.claims.face ? HavenVerify.toBase64(card.claims.face) : null,
      guardians: card.claims.guardians.map((g) => ({ relationship: g.relationship, names: g.names })),
    } };
    if (check.consent) {
      const consent = await HavenBorderVerifier.readCredential(check.consent, "consent", bundle, now);
      shown.consent = consent.problem ? { problem: consent.problem } : {
        childNumber: consent.claims.child,
        destinations: consent.claims.destinations,
        validFrom: isoDay(consent.claims.validFrom),
        validUntil: isoDay(consent.claims.validUntil),
        multipleTrips: consent.claims.multipleTrips,
        companionMatches: await HavenBorderVerifier.companionMatches(consent.claims, check.companion),
      };
    }
    return shown;
  }

  /**
   * What the card and consent say, for the officer to compare the child with the card: read by
   * the node (POST /border/card) or, offline, by this device from its bundle; null when neither
   * can read it (the check then decides without a comparison, and says why).
   */
  async function readShown(check) {
    try {
      return await Haven.api("POST", "/border/card", {
        qr: check.qr, consent: check.consent, companion: check.companion, zone: check.zone,
      });
    } catch (problem) {
      if (!(problem instanceof Haven.Problem) || problem.status !== 0) {
        throw problem;
      }
      showConnection(false);
      return bundle ? shownOffline(check) : null;
    }
  }

  function entry(label, value, big) {
    return [Haven.el("dt", {}, Haven.t(label)), Haven.el("dd", big ? { class: "big" } : {}, value)];
  }

  /** Shows who the card belongs to and, with a consent, what the consent covers. */
  function showHolder(shown) {
    const card = shown.card;
    const face = $("holder-face");
    face.hidden = !card.face;
    $("holder-no-face").hidden = Boolean(card.face);
    if (card.face) {
      face.src = `data:image/jpeg;base64,${card.face}`;
    } else {
      face.removeAttribute("src");
    }
    const today = Haven.today();
    $("holder-details").replaceChildren(
      ...entry("border.holder.givenNames", card.givenNames, true),
      ...entry("border.holder.familyNames", card.familyNames, true),
      ...entry("border.holder.born", Haven.t("border.holder.bornAge", { date: Haven.date(card.dateOfBirth), age: ageOn(card.dateOfBirth, today) }), true),
      ...entry("border.holder.sex", Haven.t(`sex.${card.sex}`)),
      ...entry("border.holder.childNumber", card.childNumber)
    );
    $("holder-guardians").replaceChildren(
      ...(card.guardians.length === 0
        ? [Haven.el("li", {}, Haven.t("border.holder.noGuardians"))]
        : card.guardians.map((g) => Haven.el("li", {}, `${g.names} (${Haven.t(`relationship.${g.relationship}`)})`)))
    );
    const consent = shown.consent;
    $("holder-consent").hidden = !consent;
    if (consent) {
      $("consent-details").replaceChildren(
        ...(consent.problem
          ? entry("border.holder.consentState", `${Haven.t("border.reason.CONSENT_NOT_GENUINE")} ${Haven.t(`border.problem.${consent.problem}`)}`)
          : [
            ...entry("border.holder.companion", Haven.t(consent.companionMatches ? "border.holder.companionNamed" : "border.holder.companionNotNamed"), true),
            ...entry("border.holder.consentChild", consent.childNumber),
            ...entry("border.holder.destinations", consent.destinations.join(", ")),
            ...entry("border.holder.dates", Haven.t("border.holder.from", { from: Haven.date(consent.validFrom), until: Haven.date(consent.validUntil) })),
            ...entry("border.holder.trips", Haven.t(consent.multipleTrips ? "border.holder.manyTrips" : "border.holder.oneTrip")),
          ])
      );
    }
    $("holder").hidden = false;
  }

  /** Decides and records the check: online by the node, else on this device. */
  async function decide(check) {
    $("border-check").disabled = true;
    try {
      const decision = await Haven.api("POST", "/border/check", check);
      showConnection(true);
      showDecision(decision, Haven.t("border.recorded", { block: decision.blockHeight }));
    } catch (problem) {
      if (problem instanceof Haven.Problem && problem.status === 0) {
        showConnection(false);
        await decideOffline(check);
      } else {
        $("holder").hidden = true;
        form.hidden = false;
        Haven.showProblem(message, problem);
      }
    } finally {
      $("border-check").disabled = false;
    }
  }

  /** The check waiting for the officer to compare the child with the card. */
  let comparing = null;

  /**
   * A genuine card is shown first, and the check is decided only once the officer says whether
   * the child matches it: a genuine card carried by another child must not pass.
   */
  async function submit(event) {
    event.preventDefault();
    HavenScan.stop();
    Haven.clear(message);
    const check = readForm();
    if (!check) {
      return;
    }
    localStorage.setItem("haven.border.checkpoint", check.checkpoint);
    if (check.qr) {
      let shown;
      try {
        shown = await readShown(check);
      } catch (problem) {
        Haven.showProblem(message, problem);
        return;
      }
      if (shown && !shown.card.problem) {
        comparing = check;
        showHolder(shown);
        $("holder-compare").hidden = false;
        form.hidden = true;
        $("border-next").hidden = false;
        $("holder").focus();
        return;
      }
    }
    await decide(check);
  }

  async function compared(matches) {
    const check = comparing;
    comparing = null;
    if (check) {
      check.childMatches = matches;
      await decide(check);
    }
  }

  /** Sends an image to the node, which finds the QR code in it; fills in the card's text. */
  async function scanImage(blob) {
    Haven.clear(message);
    try {
      const answer = await Haven.api("POST", "/border/scan", blob);
      $("border-card").value = answer.qr;
      Haven.say(message, "border.scanned", {}, "ok");
    } catch (problem) {
      if (problem.status === 0) {
        Haven.say(message, "border.scanOffline", {}, "warn");
      } else if (SCAN_PROBLEMS.includes(problem.status)) {
        Haven.say(message, `border.scan.${problem.status}`, {}, "error");
        message.focus();
      } else {
        Haven.showProblem(message, problem);
      }
    }
  }

  /**
   * Shows the camera's live picture and fills target with the first Haven QR code it sees (a card
   * or a consent: both are HV1: text); the officer can stop it.
   */
  async function camera(target) {
    Haven.clear(message);
    let text;
    try {
      text = await HavenScan.scan($("border-scanner"), (code) => code.startsWith("HV1:"));
    } catch (e) {
      Haven.say(message, "border.noCamera", {}, "warn");
      return;
    }
    if (text) {
      target.value = text;
      target.removeAttribute("aria-invalid");
      Haven.say(message, target.id === "border-card" ? "border.scanned" : "border.consentScanned", {}, "ok");
    }
  }

  form.addEventListener("submit", submit);
  $("border-image").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (file) {
      scanImage(file);
    }
  });
  $("border-camera").addEventListener("click", () => camera($("border-card")));
  $("border-consent-camera").addEventListener("click", () => camera($("border-consent")));
  $("border-camera-stop").addEventListener("click", HavenScan.stop);
  $("border-matches").addEventListener("click", () => compared(true));
  $("border-mismatch").addEventListener("click", () => compared(false));
  $("sighting-form").addEventListener("submit", recordSighting);
  $("border-next").addEventListener("click", () => {
    comparing = null;
    sighted = null;
    $("sighting-form").hidden = true;
    $("decision").hidden = true;
    $("holder").hidden = true;
    $("border-next").hidden = true;
    form.reset();
    $("companion-country").value = session.jurisdiction;
    $("border-checkpoint").value = localStorage.getItem("haven.border.checkpoint") || "";
    form.hidden = false;
    $("border-card").focus();
  });
  $("border-update").addEventListener("click", refresh);
  $("border-sync").addEventListener("click", refresh);
  window.addEventListener("online", refresh);
  window.addEventListener("offline", () => showConnection(false));

  // Logging out sends this officer's waiting checks if the node can be reached and removes the
  // bundle; a check that could not be sent stays queued for the officer's next login, since it is
  // the only record of a decision already made (docs/web-app.md, "After logout").
  Haven.atLogout(async () => {
    loggingOut = true;
    await sync().catch(() => 0);
    await BorderDevice.forgetBundle();
  });
  useCachedBundle().then(refresh);
});
