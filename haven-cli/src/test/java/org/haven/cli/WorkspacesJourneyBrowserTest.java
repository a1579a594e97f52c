package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * One journey through every workspace of the web app, as each role's officer opens it on the demo
 * node: the login page, then field, found child, registrar, consent, case worker, border, admin and
 * auditor. Each is kept as a screenshot at a desk's width (1280 px) and a phone's (390 px) in
 * {@code target/screenshots/<workspace>-<width>.png}, and at 390 px none may scroll sideways,
 * measured as the document's width against the viewport's.
 */
class WorkspacesJourneyBrowserTest extends BrowserTestBase {
  /** A workspace, the role that opens it, and an element that shows once its data is loaded. */
  private record Workspace(String name, Role role, By loaded) {}

  private static final List<Workspace> WORKSPACES =
      List.of(
          new Workspace("field", Role.FIELD_AGENT, By.id("declare-submit")),
          new Workspace("found", Role.FIELD_AGENT, By.id("found-given")),
          new Workspace("registrar", Role.REGISTRAR, By.cssSelector("#declarations tr")),
          new Workspace("consent", Role.REGISTRAR, By.id("consent-form")),
          new Workspace("case", Role.CASE_WORKER, By.cssSelector("#alerts tr")),
          new Workspace("border", Role.BORDER_OFFICER, By.id("border-form")),
          new Workspace("admin", Role.ORG_ADMIN, By.cssSelector("#officers tbody tr")),
          new Workspace("auditor", Role.AUDITOR, By.cssSelector("#blocks tbody tr")));

  @AfterEach
  void deskAgain() {
    deskWidth();
  }

  @Test
  void everyWorkspace_atDeskAndPhoneWidth_isKept_andNoneScrollsSidewaysOnAPhone() throws Exception {
    List<String> sideways = new ArrayList<>();
    driver.get(baseUrl + "/app/");
    sideways.addAll(bothWidths("login", By.id("login-submit")));

    for (Workspace workspace : WORKSPACES) {
      startLoggedOut();
      loginAs(officerOf(workspace.role()));
      driver.get(baseUrl + "/app/" + workspace.name() + ".html");
      sideways.addAll(bothWidths(workspace.name(), workspace.loaded()));
    }

    assertThat(sideways).as("pages wider than a %d px phone", PHONE).isEmpty();
    for (String name : names()) {
      assertThat(SCREENSHOTS.resolve(name + "-" + DESK + ".png")).isNotEmptyFile();
      assertThat(SCREENSHOTS.resolve(name + "-" + PHONE + ".png")).isNotEmptyFile();
    }
  }

  /**
   * Screenshots of the page at desk width and, reloaded, at phone width; what reaches past the
   * phone's viewport, if anything.
   */
  private static List<String> bothWidths(String name, By loaded) throws Exception {
    await(ExpectedConditions.visibilityOfElementLocated(loaded));
    screenshot(name, DESK);
    emulateWidth(PHONE);
    driver.navigate().refresh();
    await(ExpectedConditions.visibilityOfElementLocated(loaded));
    assertThat(viewportWidth()).isEqualTo(PHONE);
    long width = documentWidth();
    screenshot(name, PHONE);
    List<String> wider =
        width <= PHONE
            ? List.of()
            : List.of(name + " is " + width + " px wide: " + widerThanTheViewport());
    deskWidth();
    return wider;
  }

  /** The demo's officer with {@code role}; for an org admin, the border organisation's admin. */
  private static String officerOf(Role role) {
    return role == Role.ORG_ADMIN ? adminOfTheOfficerWith(Role.BORDER_OFFICER) : officerWith(role);
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>(List.of("login"));
    WORKSPACES.forEach(workspace -> names.add(workspace.name()));
    return names;
  }
}
