package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import org.haven.core.identity.Role;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A queued declaration is declared once, whatever happens to its answer: the page reloads while it
 * is being sent, or the node commits it and the answer is lost on the way back. The browser reaches
 * the node through a TCP proxy on loopback that can let a request through and drop its answer.
 */
class FieldOnceBrowserTest extends BrowserTestBase {
  private static final String DECLARE = "POST /api/v1/children ";
  private static final By SENT = By.cssSelector("#queue tr[data-state='sent']");
  private static final By WAITING = By.cssSelector("#queue tr[data-state='waiting']");

  private static LinkProxy link;

  @BeforeAll
  static void throughTheProxy() throws Exception {
    link = new LinkProxy(new InetSocketAddress("127.0.0.1", demo.node().httpPort()));
    baseUrl = "http://" + link.address();
  }

  @AfterAll
  static void closeTheProxy() {
    if (link != null) {
      link.close();
    }
  }

  @AfterEach
  void answerAgain() {
    link.stopDroppingAnswers();
  }

  @Test
  void pageReloadedWhileADeclarationIsBeingSent_declaresTheChildOnce() throws Exception {
    loginAs(Role.FIELD_AGENT);
    long before = declarations();
    link.dropAnswersTo(DECLARE);
    int dropped = link.droppedAnswers();

    FieldAgentBrowserTest.fillDeclaration("Baraka", "Otieno");
    driver.findElement(By.id("declare-submit")).click();
    // The node committed it and the page is still waiting for the answer, retrying with its key.
    await(d -> link.droppedAnswers() > dropped);
    assertThat(queueStates()).isEqualTo("sending");
    assertThat(declarations()).as("the node has the declaration").isEqualTo(before + 1);
    driver.navigate().refresh();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("declare-submit")));
    link.stopDroppingAnswers();

    ChildNumber child = sentChild();
    assertThat(queueStates()).isEqualTo("sent");
    assertThat(declarations()).as("one declaration").isEqualTo(before + 1);
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECLARED);
  }

  @Test
  void answerLostOnTheWay_thenSentAgain_declaresTheChildOnce() throws Exception {
    loginAs(Role.FIELD_AGENT);
    long before = declarations();
    link.dropAnswersTo(DECLARE);

    FieldAgentBrowserTest.fillDeclaration("Imani", "Wekesa");
    driver.findElement(By.id("declare-submit")).click();
    // Every attempt reached the node and every answer was lost: the page keeps it waiting.
    assertThat(await(ExpectedConditions.visibilityOfElementLocated(WAITING)).getText())
        .contains("Imani Wekesa");
    assertThat(link.droppedAnswers()).isGreaterThanOrEqualTo(1);
    assertThat(declarations()).as("the node has it once").isEqualTo(before + 1);
    link.stopDroppingAnswers();

    driver.findElement(By.id("send-now")).click();

    ChildNumber child = sentChild();
    assertThat(declarations()).as("still one declaration").isEqualTo(before + 1);
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECLARED);
    assertThat((String) js("return JSON.stringify(localStorage)")).doesNotContain("Imani");
  }

  @Test
  void pageReloadedWithoutAConnection_opensFromTheDevice_andSendsTheDeclarationWhenTheLinkReturns()
      throws Exception {
    loginAs(Role.FIELD_AGENT);
    // The workspace's service worker controls the page and keeps its files and the session answer.
    await(d -> Boolean.TRUE.equals(js("return navigator.serviceWorker.controller !== null;")));
    await(d -> Boolean.TRUE.equals(kept("/api/v1/session")));
    assertThat(kept("/app/field.js")).isEqualTo(Boolean.TRUE);
    long before = declarations();
    link.cut();
    try {
      FieldAgentBrowserTest.fillDeclaration("Subira", "Njeri");
      driver.findElement(By.id("declare-submit")).click();
      await(ExpectedConditions.visibilityOfElementLocated(WAITING));

      driver.navigate().refresh();

      assertThat(await(ExpectedConditions.visibilityOfElementLocated(WAITING)).getText())
          .contains("Subira Njeri")
          .contains("Waiting to send");
      assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Declare a child");
      assertThat(driver.findElement(By.id("declare-submit")).isEnabled()).isTrue();
    } finally {
      link.heal();
    }
    driver.findElement(By.id("send-now")).click();
    ChildNumber child = sentChild();
    assertThat(driver.findElement(SENT).getText()).contains("Subira Njeri");
    assertThat(declarations()).as("declared once").isEqualTo(before + 1);
    assertThat(demo.node().registry().child(child).record().status())
        .isEqualTo(ChildStatus.DECLARED);
  }

  /** Whether the page's Cache Storage holds an answer for {@code path}. */
  private static Object kept(String path) {
    return ((JavascriptExecutor) driver)
        .executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "caches.match(arguments[0]).then(r => done(r !== undefined), () => done(false));",
            path);
  }

  /** How many declarations await a registrar's decision: what a second send would add to. */
  private static long declarations() throws Exception {
    JsonNode page = nodeAs(officerWith(Role.REGISTRAR)).get(NodeClient.Route.of("declarations"));
    assertThat(page.hasNonNull("next")).as("one page holds them all").isFalse();
    return page.get("items").size();
  }

  /** The states of the queue's entries, as kept in the browser, joined by commas. */
  private static String queueStates() {
    return (String)
        js(
            "return Object.keys(localStorage).filter(k => k.endsWith('/field.queue'))"
                + ".flatMap(k => JSON.parse(localStorage.getItem(k))).map(i => i.state).join(',');");
  }

  private static ChildNumber sentChild() {
    String row = await(ExpectedConditions.visibilityOfElementLocated(SENT)).getText();
    assertThat(driver.findElements(SENT)).hasSize(1);
    return FieldAgentBrowserTest.childNumberIn(row);
  }
}
