/*
 * Reports (docs/reports.md): the officer picks one of the reports their role may read and the
 * months, and sees each table with a bar chart of its first count, drawn here as inline SVG that
 * runs right to left on a page in Arabic (Haven.chartX). The CSV and PDF are the node's own, with
 * the organisation's name and the date, downloaded with the session cookie. A registrar sets the
 * expected births that completeness is measured against.
 */
"use strict";

Haven.ready.then(async () => {
  const $ = (id) => document.getElementById(id);
  const message = $("reports-message");
  const REPORTS = [
    ["registrations", "READ_REGISTRATION_REPORT"],
    ["border", "READ_BORDER_REPORT"],
    ["audit", "READ_AUDIT_REPORT"],
  ];
  const thisMonth = Haven.today().slice(0, 7);

  $("report-kind").replaceChildren(
    ...REPORTS.filter(([, action]) => Haven.can(action)).map(([name]) =>
      Haven.el("option", { value: name }, Haven.t(`reports.kind.${name}`))
    )
  );
  $("report-from").value = thisMonth;
  $("report-to").value = thisMonth;

  function path(format) {
    const from = $("report-from").value || thisMonth;
    const to = $("report-to").value || from;
    return `/reports/${$("report-kind").value}?from=${from}&to=${to}&format=${format}`;
  }

  function heading(column) {
    return Haven.t(`reports.column.${column.id}`);
  }

  /** One inline SVG bar per row, of the table's first count column, with its value above it. */
  function chart(table) {
    const column = table.columns.findIndex((c, i) => i > 0 && table.rows.every((row) => typeof row[i] === "number"));
    if (column < 0 || table.rows.length === 0) {
      return null;
    }
    const width = 600;
    const height = 140;
    const values = table.rows.map((row) => row[column]);
    const max = Math.max(1, ...values);
    const bar = width / table.rows.length;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height + 40}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("class", `chart report-chart ${table.id}`);
    const caption = Haven.t("reports.chart", { table: title(table), column: heading(table.columns[column]), max });
    svg.setAttribute("aria-label", caption);
    const text = (x, y, content) => {
      const node = document.createElementNS(ns, "text");
      node.setAttribute("x", String(Haven.chartX(x, width)));
      node.setAttribute("y", String(y));
      node.setAttribute("text-anchor", "middle");
      node.textContent = content;
      return node;
    };
    table.rows.forEach((row, i) => {
      const h = Math.round((values[i] / max) * height);
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("x", String(Haven.chartX(i * bar + 4, width, Math.max(1, bar - 8))));
      rect.setAttribute("y", String(20 + height - h));
      rect.setAttribute("width", String(Math.max(1, bar - 8)));
      rect.setAttribute("height", String(h));
      const tip = document.createElementNS(ns, "title");
      tip.textContent = `${row[0]}: ${values[i]}`;
      rect.append(tip);
      svg.append(rect, text(i * bar + bar / 2, 16 + height - h, String(values[i])), text(i * bar + bar / 2, height + 36, String(row[0])));
    });
    return Haven.el("figure", {}, Haven.el("figcaption", {}, caption), svg);
  }

  function title(table) {
    return Haven.t(`reports.table.${table.id}`);
  }

  function render(report) {
    $("report-heading").textContent = Haven.t("reports.heading", {
      report: Haven.t(`reports.kind.${report.report}`),
      organisation: report.organisation.name,
      scope: report.scope,
      from: report.from,
      to: report.to,
    });
    $("report-generated").textContent = Haven.t("reports.generated", { at: Haven.dateTime(Date.parse(report.generatedAt)) });
    $("report-csv").href = `/api/v1${path("csv")}`;
    $("report-pdf").href = `/api/v1${path("pdf")}`;
    $("report-tables").replaceChildren(
      ...report.tables.map((table) =>
        Haven.el(
          "section",
          { class: "report-table", "data-table": table.id },
          Haven.el("h3", {}, title(table)),
          ...[chart(table)].filter(Boolean),
          Haven.el(
            "table",
            { id: `table-${table.id}`, class: "stack" },
            Haven.el("thead", {}, Haven.el("tr", {}, ...table.columns.map((c) => Haven.el("th", { scope: "col" }, heading(c))))),
            Haven.el(
              "tbody",
              {},
              ...(table.rows.length === 0
                ? [Haven.el("tr", {}, Haven.el("td", { colspan: String(table.columns.length) }, Haven.t("reports.none")))]
                : table.rows.map((row) => Haven.el("tr", {}, ...row.map((cell) => Haven.el("td", {}, String(cell))))))
            )
          )
        )
      )
    );
    $("report").hidden = false;
  }

  async function show(event) {
    if (event) {
      event.preventDefault();
    }
    Haven.clear(message);
    try {
      render(await Haven.api("GET", path("json")));
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  async function saveExpected(event) {
    event.preventDefault();
    Haven.clear(message);
    const year = $("expected-year").value.trim();
    const { jurisdiction } = await Haven.api("GET", "/session");
    try {
      await Haven.api("PUT", `/reports/expected-births/${jurisdiction}/${encodeURIComponent(year)}`, {
        births: Number($("expected-births").value),
      });
      Haven.say(message, "reports.expectedSaved", { year, jurisdiction }, "ok");
      await show();
    } catch (problem) {
      Haven.showProblem(message, problem);
    }
  }

  $("report-form").addEventListener("submit", show);
  if (Haven.can("SET_EXPECTED_BIRTHS")) {
    $("expected").hidden = false;
    $("expected-year").value = thisMonth.slice(0, 4);
    $("expected-form").addEventListener("submit", saveExpected);
  }
  if ($("report-kind").options.length > 0) {
    await show();
  }
});
