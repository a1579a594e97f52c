package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The node's JSON answers as plain text for people. An object is one "label value" line per field,
 * the labels aligned and made from the field names ({@code childNumber} is "child number"); a
 * nested object is indented under its label; a list of objects is an aligned table. Times (fields
 * named {@code at} or ending in {@code At}, in milliseconds since the epoch) read as UTC instants,
 * and a photo shows only its size: it is base64 and hundreds of kilobytes long.
 */
final class PlainText {
  private static final String INDENT = "  ";
  private static final String GAP = "  ";

  private PlainText() {}

  /** Prints each field of {@code object} on its own line. */
  static void fields(PrintWriter out, JsonNode object) {
    fields(out, object, "");
  }

  /**
   * Prints a list: a list of objects as a table with a header line and one column per field, any
   * other list one value a line.
   */
  static void list(PrintWriter out, JsonNode items) {
    if (isTable(items)) {
      table(out, items, "");
    } else {
      items.forEach(item -> line(out, cell("", item)));
    }
  }

  private static void fields(PrintWriter out, JsonNode object, String indent) {
    int width =
        object.properties().stream().mapToInt(f -> label(f.getKey()).length()).max().orElse(0);
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String label = label(field.getKey());
      JsonNode value = field.getValue();
      if (value.isObject() && !value.isEmpty()) {
        out.println(indent + label);
        fields(out, value, indent + INDENT);
      } else if (isTable(value)) {
        out.println(indent + label);
        table(out, value, indent + INDENT);
      } else {
        line(out, indent + pad(label, width) + GAP + cell(field.getKey(), value));
      }
    }
  }

  private static void table(PrintWriter out, JsonNode rows, String indent) {
    Set<String> columns = new LinkedHashSet<>();
    rows.forEach(row -> row.properties().forEach(field -> columns.add(field.getKey())));
    List<List<String>> lines = new ArrayList<>();
    lines.add(columns.stream().map(PlainText::label).collect(Collectors.toList()));
    for (JsonNode row : rows) {
      lines.add(
          columns.stream().map(name -> cell(name, row.path(name))).collect(Collectors.toList()));
    }
    int[] widths = new int[columns.size()];
    for (List<String> cells : lines) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], cells.get(i).length());
      }
    }
    for (List<String> cells : lines) {
      StringBuilder text = new StringBuilder(indent);
      for (int i = 0; i < widths.length; i++) {
        text.append(pad(cells.get(i), widths[i])).append(GAP);
      }
      line(out, text.toString());
    }
  }

  private static boolean isTable(JsonNode value) {
    return value.isArray()
        && !value.isEmpty()
        && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isObject);
  }

  /** One value on one line. */
  private static String cell(String name, JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return "none";
    }
    if (value.isBoolean()) {
      return value.asBoolean() ? "yes" : "no";
    }
    if (value.isIntegralNumber() && (name.equals("at") || name.endsWith("At"))) {
      return Instant.ofEpochMilli(value.asLong()).truncatedTo(ChronoUnit.SECONDS).toString();
    }
    if (value.isTextual() && name.equals("photo")) {
      return "(a photo of about " + (value.asText().length() * 3 / 4 + 1023) / 1024 + " KiB)";
    }
    if (value.isContainerNode() && value.isEmpty()) {
      return "none";
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(element -> parts.add(cell(name, element)));
      return String.join(", ", parts);
    }
    if (value.isObject()) {
      return value.properties().stream()
          .map(field -> cell(field.getKey(), field.getValue()))
          .collect(Collectors.joining(" "));
    }
    return value.asText();
  }

  private static String label(String fieldName) {
    return fieldName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  private static void line(PrintWriter out, String text) {
    out.println(text.stripTrailing());
  }
}
