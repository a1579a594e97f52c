/*
 * The auditor's workspace: blocks and their checkpoints with each member node's signature checked
 * here against the genesis keys; an inclusion proof verified in the browser (verify.js: RFC 6962
 * hashing with WebCrypto), saying what kind of transaction it proves; the access log of
 * personal-data reads, filtered by child, officer and days, and exported as CSV as shown; and
 * registrations, checks and alerts per day as inline SVG charts with a table beside them. See
 * docs/web-app.md.
 */
"use strict";

Haven.ready.then(async () => {
  const V = HavenVerify;
  const $ = (id) => document.getElementById(id);
  const message = $("auditor-message");
  const BLOCKS_PER_PAGE = 10;
  const STATS_DAYS = 30;
  let trustedKeys = {};
  let blocksCursor = null;
  let accessCursor = null;
  let shownReads = [];

  const badge = (kind, key, params) => Haven.el("span", { class: `badge ${kind}` }, Haven.t(key, params));

  async function loadGenesis() {
    const genesis = await Haven.api("GET", "/genesis");
    trustedKeys = Object.fromEntries(genesis.members.map((m) => [m.id, V.fromBase64(m.nodeKey)]));
  }

  /** Each signature on the checkpoint, checked here: verified, invalid, or by a key not in genesis. */
  async function signatureBadges(note) {
    if (!note) {
      return [badge("warn", "auditor.noCheckpoint")];
    }
    const verdict = await V.verifyNote(note, trustedKeys);
    const names = V.parseNote(note).signatures.map((s) => s.name);
    return names.map((name) => {
      if (verdict.invalid.includes(name)) {
        return badge("bad", "auditor.sigInvalid", { name });
      }
      return verdict.signers.includes(name) ? badge("ok", "auditor.sigValid", { name }) : badge("warn", "auditor.sigUnknown", { name });
    });
  }

  async function loadBlocks() {
    const query = blocksCursor ? `&cursor=${encodeURIComponent(blocksCursor)}` : "";
    const page = await Haven.api("GET", `/blocks?limit=${BLOCKS_PER_PAGE}${query}`);
    const body = $("blocks").querySelector("tbody");
    for (const block of page.items) {
      body.append(
        Haven.el(
          "tr",
          { "data-height": block.height },
          Haven.el("td", {}, String(block.height)),
          Haven.el("td", {}, Haven.dateTime(block.timestampMillis)),
          Haven.el("td", {}, String(block.txCount)),
          Haven.el("td", {}, String(block.treeSize)),
          Haven.el("td", { class: "hash" }, block.logRoot),
          Haven.el("td", {}, ...(await signatureBadges(block.checkpoint)))
        )
      );
    }
    blocksCursor = page.next;
    $("blocks-more").hidden = !page.next;
  }

  function step(ok, key, params) {
    $("proof-steps").append(Haven.el("li", {}, badge(ok ? "ok" : "bad", ok ? "auditor.stepOk" : "auditor.stepFailed"), " ", Haven.t(key, params)));
    return ok;
  }

  /** The number of entries in the log: the newest block's tree size. */
  async function logSize() {
    const newest = await Haven.api("GET", "/blocks?limit=1");
    return newest.items.length === 0 ? 0 : newest.items[0].treeSize;
  }

  /** The newest block whose signed checkpoint covers the log index. */
  async function checkpointCovering(logIndex) {
    let cursor = null;
    do {
      const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await Haven.api("GET", `/blocks?limit=${BLOCKS_PER_PAGE}${query}`);
      for (const block of page.items) {
        if (block.treeSize <= logIndex) {
          return null;
        }
        if (block.checkpoint) {
          return block.checkpoint;
        }
      }
      cursor = page.next;
    } while (cursor);
    return null;
  }

  async function verifyProof(event) {
    event.preventDefault();
    Haven.clear(message);
    $("proof-steps").replaceChildren();
    const typed = $("proof-transaction").value.trim();
    const input = typed.toLowerCase();
    // A transaction's own bytes (base64, far longer than an id) need no session to prove: only its
    // leaf hash is sent, and the node answers hashes.
    const held = input.length > 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(typed);
    if (!held && !/^[0-9a-f]{64}$/.test(input) && !/^[0-9]+$/.test(input)) {
      $("proof-transaction").setAttribute("aria-invalid", "true");
      Haven.say(message, "auditor.badTransaction", {}, "error");
      message.focus();
      return;
    }
    $("proof-transaction").removeAttribute("aria-invalid");
    try {
      const heldHash = held ? V.toHex(await V.leafHash(V.fromBase64(typed))) : null;
      const byId = !held && input.length === 64 ? await Haven.api("GET", `/transactions/${input}`) : null;
      const logIndex = held
        ? await heldIndex(heldHash)
        : byId
        ? byId.logIndex
        : Number(input);
      if (logIndex === null) {
        Haven.say(message, "auditor.noLeaf", { hash: heldHash }, "error");
        return;
      }
      const size = await logSize();
      if (logIndex >= size) {
        Haven.say(message, "auditor.pastEnd", { size, last: size - 1, index: logIndex }, "warn");
        return;
      }
      const note = await checkpointCovering(logIndex);
      if (note === null) {
        Haven.say(message, "auditor.notYetCovered", { index: logIndex }, "warn");
        return;
      }
      step(true, "auditor.stepCheckpoint", { index: logIndex });
      const verdict = await V.verifyNote(note, trustedKeys);
      if (!step(verdict.trusted, "auditor.stepNote", { signers: verdict.signers.join(", ") || "-" })) {
        return;
      }
      const checkpoint = V.parseCheckpoint(V.parseNote(note).text);
      const leafQuery = held ? `hash=${heldHash}` : `index=${logIndex}`;
      const proof = await Haven.api("GET", `/proofs/inclusion?${leafQuery}&size=${checkpoint.treeSize}`);
      const leaf = await V.leafHash(V.fromBase64(held ? typed : proof.leaf));
      step(true, "auditor.stepLeaf", { index: logIndex, hash: V.toHex(leaf) });
      const described = byId || proof;
      if (described.kind) {
        const kind = Haven.el("li", { id: "proof-kind", "data-kind": described.kind },
          Haven.t("auditor.stepKind", { index: logIndex, kind: Haven.t(`auditor.kind.${described.kind}`), actor: described.actor }));
        $("proof-steps").append(kind);
      }
      const ok = await V.verifyInclusion(logIndex, checkpoint.treeSize, leaf, proof.path.map(V.fromBase64), checkpoint.root);
      step(ok, ok ? "auditor.stepRoot" : "auditor.stepRootDiffers", { size: checkpoint.treeSize, steps: proof.path.length });
      Haven.say(message, ok ? "auditor.proofValid" : "auditor.proofInvalid", { index: logIndex }, ok ? "ok" : "error");
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  /** The log index of the transaction with this leaf hash, or null if the log holds none. */
  async function heldIndex(hash) {
    try {
      return (await Haven.api("GET", `/proofs/inclusion?hash=${hash}`)).leafIndex;
    } catch (problem) {
      if (problem.status === 404) {
        return null;
      }
      throw problem;
    }
  }

  /** The access log's filters as the node takes them (GET /access-log); empty ones are left out. */
  function accessQuery() {
    const query = new URLSearchParams();
    for (const [name, id] of [["child", "access-child"], ["reader", "access-reader"], ["from", "access-from"], ["to", "access-to"]]) {
      const value = $(id).value.trim();
      if (value) {
        query.set(name, value);
      }
    }
    if (accessCursor) {
      query.set("cursor", accessCursor);
    }
    return query;
  }

  async function showAccessLog(event) {
    if (event) {
      event.preventDefault();
      accessCursor = null;
      shownReads = [];
      $("access-log").querySelector("tbody").replaceChildren();
    }
    Haven.clear(message);
    const [from, to] = [$("access-from").value, $("access-to").value];
    if (from && to && to < from) {
      Haven.refuse(message, [[$("access-to"), "auditor.badDates"]]);
      return;
    }
    try {
      const page = await Haven.api("GET", `/access-log?${accessQuery()}`);
      const rows = page.items.map((read) =>
        Haven.el(
          "tr",
          {},
          Haven.el("td", {}, read.childNumber),
          Haven.el("td", {}, read.reader),
          Haven.el("td", {}, read.purpose),
          Haven.el("td", {}, Haven.dateTime(read.at))
        )
      );
      shownReads.push(...page.items);
      $("access-log").querySelector("tbody").append(...rows);
      if (rows.length === 0 && !accessCursor) {
        Haven.say(message, "auditor.noReads", {}, "");
      }
      accessCursor = page.next;
      $("access-more").hidden = !page.next;
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  /**
   * One CSV cell (RFC 4180): quoted, quotes doubled. A cell that a spreadsheet would read as a
   * formula (=, +, -, @, tab, carriage return first) is prefixed with an apostrophe, so an officer's
   * purpose cannot run in the auditor's spreadsheet.
   */
  function csvCell(value) {
    const text = String(value);
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return `"${safe.replace(/"/g, '""')}"`;
  }

  /** Downloads the reads shown in the table, and only those, as CSV; times in UTC (ISO 8601). */
  function exportAccessLog() {
    Haven.clear(message);
    if (shownReads.length === 0) {
      Haven.say(message, "auditor.nothingToExport", {}, "warn");
      return;
    }
    const header = ["child", "reader", "purpose", "at"].map((column) => Haven.t(`auditor.csv.${column}`));
    const lines = [header, ...shownReads.map((read) => [read.childNumber, read.reader, read.purpose, new Date(read.at).toISOString()])]
      .map((cells) => cells.map(csvCell).join(","));
    const file = `access-log-${new Date().toISOString().slice(0, 10)}.csv`;
    const url = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
    const link = Haven.el("a", { href: url, download: file, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    Haven.say(message, "auditor.exported", { count: shownReads.length, file }, "ok");
  }

  /**
   * One inline SVG bar chart of a series, with a title and a description for screen readers; the
   * days run right to left on a page in Arabic (Haven.chartX).
   */
  function chart(days, series, value) {
    const width = 600;
    const height = 140;
    const max = Math.max(1, ...days.map(value));
    const bar = width / days.length;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height + 20}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("class", `chart ${series}`);
    svg.setAttribute("aria-label", Haven.t(`auditor.chart.${series}`, { max }));
    days.forEach((day, i) => {
      const h = Math.round((value(day) / max) * height);
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("x", String(Haven.chartX(i * bar + 1, width, Math.max(1, bar - 2))));
      rect.setAttribute("y", String(height - h));
      rect.setAttribute("width", String(Math.max(1, bar - 2)));
      rect.setAttribute("height", String(h));
      const title = document.createElementNS(ns, "title");
      title.textContent = `${Haven.date(day.date)}: ${value(day)}`;
      rect.append(title);
      svg.append(rect);
    });
    const axis = document.createElementNS(ns, "text");
    axis.setAttribute("x", String(Haven.chartX(0, width)));
    axis.setAttribute("y", String(height + 16));
    axis.textContent = `${Haven.date(days[0].date)} – ${Haven.date(days[days.length - 1].date)}`;
    svg.append(axis);
    return Haven.el("figure", {}, Haven.el("figcaption", {}, Haven.t(`auditor.chart.${series}`, { max })), svg);
  }

  async function showStats() {
    const to = new Date();
    const from = new Date(to.getTime() - (STATS_DAYS - 1) * 86400000);
    const iso = (d) => d.toISOString().slice(0, 10);
    try {
      const stats = await Haven.api("GET", `/stats/daily?from=${iso(from)}&to=${iso(to)}`);
      const checks = (day) => day.checks.PASS + day.checks.SECONDARY_INSPECTION + day.checks.ALERT;
      const table = Haven.el(
        "table",
        { id: "stats-table" },
        Haven.el(
          "caption",
          {},
          Haven.t("auditor.statsTable")
        ),
        Haven.el(
          "thead",
          {},
          Haven.el(
            "tr",
            {},
            ["date", "registrations", "checks", "alerts"].map((key) => Haven.el("th", { scope: "col" }, Haven.t(`auditor.column.${key}`)))
          )
        ),
        Haven.el(
          "tbody",
          {},
          stats.days
            .filter((day) => day.registrations + checks(day) + day.alertsRaised > 0)
            .map((day) =>
              Haven.el("tr", {}, Haven.el("td", {}, Haven.date(day.date)), Haven.el("td", {}, String(day.registrations)),
                Haven.el("td", {}, String(checks(day))), Haven.el("td", {}, String(day.alertsRaised)))
            )
        )
      );
      $("stats").replaceChildren(
        chart(stats.days, "registrations", (day) => day.registrations),
        chart(stats.days, "checks", checks),
        chart(stats.days, "alerts", (day) => day.alertsRaised),
        table
      );
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  $("proof-form").addEventListener("submit", verifyProof);
  $("access-form").addEventListener("submit", showAccessLog);
  $("access-more").addEventListener("click", () => showAccessLog());
  $("access-export").addEventListener("click", exportAccessLog);
  $("blocks-more").addEventListener("click", () => loadBlocks().catch((problem) => Haven.showProblem(message, problem)));
  try {
    await loadGenesis();
    await loadBlocks();
  } catch (problem) {
    Haven.showProblem(message, problem);
  }
  await showAccessLog(new Event("submit"));
  await showStats();
});
