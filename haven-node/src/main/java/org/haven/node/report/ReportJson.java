package org.haven.node.report;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A report as the API answers it in JSON (docs/api.md, "Reports"). */
final class ReportJson {
  private ReportJson() {}

  static Map<String, Object> of(Report report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("report", report.kind().path());
    json.put("title", report.kind().title());
    json.put(
        "organisation",
        Map.of("id", report.organisation().value(), "name", report.organisationName()));
    json.put("scope", report.scope());
    json.put("from", report.period().first().toString());
    json.put("to", report.period().last().toString());
    json.put("generatedAt", DateTimeFormatter.ISO_INSTANT.format(report.generatedAt()));
    json.put(
        "tables",
        report.tables().stream()
            .map(
                table -> {
                  Map<String, Object> item = new LinkedHashMap<>();
                  item.put("id", table.id());
                  item.put("title", table.title());
                  item.put(
                      "columns",
                      table.columns().stream()
                          .map(column -> Map.of("id", column.id(), "label", column.label()))
                          .toList());
                  item.put("rows", table.rows());
                  return item;
                })
            .toList());
    return json;
  }
}
