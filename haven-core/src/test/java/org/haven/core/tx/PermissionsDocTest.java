package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.haven.core.tx.Permissions.Action;
import org.haven.core.tx.Permissions.Subject;
import org.junit.jupiter.api.Test;

/** docs/authority.md shows the table of authority; each row must say what the code does. */
class PermissionsDocTest {

  /** The row docs/authority.md must have for {@code action}. */
  static String row(Action action) {
    return "| `"
        + action.name()
        + "` | "
        + action.act()
        + " | "
        + action.rules().stream()
            .map(rule -> rule.describe(Subject.NONE))
            .collect(Collectors.joining("; "))
        + " |";
  }

  @Test
  void everyActionHasItsRowInTheDocument() throws IOException {
    Path testdata = Path.of(System.getProperty("haven.testdata", "../testdata"));
    String doc = Files.readString(testdata.resolveSibling("docs").resolve("authority.md"));
    String table =
        Arrays.stream(Action.values())
            .map(PermissionsDocTest::row)
            .collect(Collectors.joining("\n"));
    for (Action action : Action.values()) {
      assertThat(doc)
          .as("docs/authority.md lacks or misstates %s; the table should read:%n%s", action, table)
          .contains(row(action));
    }
  }
}
