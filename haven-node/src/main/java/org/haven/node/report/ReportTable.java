package org.haven.node.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One table of a report: its first column names what a row counts (a month, a checkpoint, an
 * organisation), the others hold counts. Cells are {@link String}s or {@link Number}s; an empty
 * string is a figure that is not known, such as completeness without expected births.
 *
 * @param id the table's stable name, which clients translate
 * @param title the table's title in English, as the CSV and PDF print it
 */
public record ReportTable(String id, String title, List<Column> columns, List<List<Object>> rows) {
  /** A column: its stable name and its English heading. */
  public record Column(String id, String label) {
    public Column {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(label, "label");
    }
  }

  public ReportTable {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    columns = List.copyOf(columns);
    List<List<Object>> copied = new ArrayList<>();
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "table "
                + id
                + ": a row of "
                + row.size()
                + " cells for "
                + columns.size()
                + " columns");
      }
      copied.add(List.copyOf(row));
    }
    rows = List.copyOf(copied);
  }

  /** A table under construction, row by row. */
  static final class Builder {
    private final String id;
    private final String title;
    private final List<Column> columns = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();

    Builder(String id, String title) {
      this.id = id;
      this.title = title;
    }

    Builder column(String columnId, String label) {
      columns.add(new Column(columnId, label));
      return this;
    }

    Builder row(Object... cells) {
      rows.add(List.of(cells));
      return this;
    }

    ReportTable build() {
      return new ReportTable(id, title, columns, rows);
    }
  }

  /** The cell of the row whose first cell is {@code key}, in column {@code columnId}. */
  public Object cell(String key, String columnId) {
    int column = -1;
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).id().equals(columnId)) {
        column = i;
      }
    }
    if (column < 0) {
      throw new IllegalArgumentException("table " + id + " has no column " + columnId);
    }
    for (List<Object> row : rows) {
      if (row.get(0).toString().equals(key)) {
        return row.get(column);
      }
    }
    throw new IllegalArgumentException("table " + id + " has no row " + key);
  }
}
