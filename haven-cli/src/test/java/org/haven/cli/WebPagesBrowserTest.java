package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Every page of the web app, as the browser parses it: no visible text outside the message bundles,
 * a label on every input, and the whole page in French, Swahili and Arabic after the switch.
 */
class WebPagesBrowserTest extends BrowserTestBase {
  static final List<String> PAGES =
      List.of(
          "index.html",
          "field.html",
          "found.html",
          "registrar.html",
          "consent.html",
          "history.html",
          "case.html",
          "border.html",
          "auditor.html",
          "admin.html",
          "reports.html");

  /**
   * Lists, for the HTML it is given (else the live page), each text that no data-i18n element owns
   * and each form control without a label.
   */
  static final String UNTRANSLATED_AND_UNLABELLED =
      "const doc = arguments[0]"
          + "    ? new DOMParser().parseFromString(arguments[0], 'text/html') : document;"
          + "const found = [];"
          + "const walker = doc.createTreeWalker(doc.body || doc.documentElement, NodeFilter.SHOW_TEXT);"
          + "for (let n = walker.nextNode(); n; n = walker.nextNode()) {"
          + "  if (!n.textContent.trim()) continue;"
          + "  const owner = n.parentElement;"
          + "  if (owner.closest('script, style, [data-i18n]')) continue;"
          + "  found.push('text: ' + n.textContent.trim());"
          + "}"
          + "for (const c of doc.querySelectorAll('input, select, textarea')) {"
          + "  if (c.type === 'hidden') continue;"
          + "  const labelled = (c.labels && c.labels.length > 0) || c.getAttribute('aria-label')"
          + "      || c.getAttribute('aria-labelledby');"
          + "  if (!labelled) found.push('unlabelled: ' + (c.id || c.name || c.outerHTML));"
          + "}"
          + "return found;";

  @Test
  void noPageHasVisibleTextOutsideTheBundles_andEveryInputHasALabel() {
    driver.get(baseUrl + "/app/index.html");
    for (String page : PAGES) {
      String html = (String) fetchInPage("GET", "/app/" + page, null, null).get("body");
      @SuppressWarnings("unchecked")
      List<String> found = (List<String>) js(UNTRANSLATED_AND_UNLABELLED, html);
      assertThat(found).as(page).isEmpty();
    }
  }

  /** Each language the switcher offers after English, with its word for "Log out". */
  private static final Map<String, String> LOGOUT =
      Map.of("fr", "Se déconnecter", "sw", "Toka", "ar", "تسجيل الخروج");

  @Test
  void workspaces_afterLogin_labelEveryInputAndShowNoRawKey_inEveryLanguage() {
    for (Role role :
        List.of(
            Role.FIELD_AGENT,
            Role.REGISTRAR,
            Role.CASE_WORKER,
            Role.BORDER_OFFICER,
            Role.AUDITOR)) {
      startLoggedOut();
      loginAs(role);
      assertLiveDomClean(role + " in English");
      for (String lang : List.of("fr", "sw", "ar")) {
        new Select(driver.findElement(By.id("language"))).selectByValue(lang);
        await(
            ExpectedConditions.textToBePresentInElementLocated(By.id("logout"), LOGOUT.get(lang)));
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
        assertLiveDomClean(role + " in " + lang);
      }
    }
  }

  private static void assertLiveDomClean(String what) {
    @SuppressWarnings("unchecked")
    List<String> unlabelled =
        ((List<String>) js(UNTRANSLATED_AND_UNLABELLED))
            .stream().filter(problem -> problem.startsWith("unlabelled")).toList();
    assertThat(unlabelled).as(what).isEmpty();
    String text = driver.findElement(By.tagName("body")).getText();
    assertThat(text)
        .as("%s shows no message key", what)
        .doesNotContainPattern(
            "(?<![.\\w])(app|login|demo|problem|reason|role|workspace|bar|wrongRole|field|registrar"
                + "|consent|case|border|auditor|admin)\\.[A-Za-z]");
  }
}
