package org.haven.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Browser tests of the web app: a real demo node (RocksDB, Ratis, real HTTP on a random loopback
 * port, the demo's officers and children) driven by Debian's Chromium, headless, through
 * /usr/bin/chromedriver. Nothing downloads a browser or a driver. One node and one browser serve
 * all the tests of a class; each test starts logged out, with empty storage.
 *
 * <p>A failing test leaves a screenshot and the page's source in {@code target/browser-failures/}.
 */
abstract class BrowserTestBase {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** Generous: two cores shared with builds, and each login runs Argon2. */
  static final Duration WAIT = Duration.ofSeconds(60);

  private static final Path FAILURES = Paths.get("target", "browser-failures");

  /** Where screenshots of the workspaces are kept with the tests' reports. */
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  /** A phone's width in CSS pixels (an iPhone 12 to 15), at which no page may scroll sideways. */
  static final int PHONE = 390;

  static final int DESK = 1280;

  @TempDir static Path dataDir;

  static DemoCommand.Running demo;
  static String baseUrl;
  static ChromeDriver driver;

  @RegisterExtension
  final TestWatcher saveOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          saveEvidence(
              context.getRequiredTestClass().getSimpleName() + "-" + context.getDisplayName());
        }
      };

  @BeforeAll
  static void startNodeAndBrowser() throws Exception {
    demo = DemoCommand.start(dataDir.resolve("node"), 0);
    baseUrl = "http://127.0.0.1:" + demo.node().httpPort();
    driver = startChromium(dataDir.resolve("chromium-profile"));
  }

  @AfterAll
  static void stopBrowserAndNode() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (demo != null) {
        demo.node().close();
      }
    }
  }

  /** Every test starts logged out, online, in English, with nothing stored in the browser. */
  @BeforeEach
  void startLoggedOut() {
    driver.get(baseUrl + "/app/index.html");
    driver.manage().deleteAllCookies();
    js("localStorage.clear(); sessionStorage.clear();");
  }

  /**
   * Chromium headless, without a sandbox, network of its own or first-run UI; its camera is
   * Chromium's built-in test pattern, allowed without a prompt. {@code moreArguments} go first.
   */
  static ChromeDriver startChromium(Path profile, String... moreArguments) {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(moreArguments);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--window-size=1280,1024",
        "--lang=en-GB",
        "--user-data-dir=" + profile);
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "intl.accept_languages",
            "en-GB,en",
            "download.default_directory",
            downloads().toString(),
            "download.prompt_for_download",
            false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().pageLoadTimeout(WAIT);
    chrome.manage().timeouts().scriptTimeout(WAIT);
    return chrome;
  }

  /** The demo officer with {@code role} in Kenya (or the first one). */
  static String officerWith(Role role) {
    return demo.officers().stream()
        .filter(officer -> officer.role() == role)
        .map(officer -> officer.id().value())
        .findFirst()
        .orElseThrow();
  }

  /** The admin of the organisation of the demo officer with {@code role} (genesis names it so). */
  static String adminOfTheOfficerWith(Role role) {
    return demo.officers().stream()
            .filter(officer -> officer.role() == role)
            .findFirst()
            .orElseThrow()
            .org()
            .value()
        + ".admin";
  }

  /** Where the browser saves what an officer downloads. */
  static Path downloads() {
    return dataDir.resolve("downloads");
  }

  /** Waits for the browser to finish downloading {@code name} and returns the file. */
  static Path awaitDownload(String name) {
    Path file = downloads().resolve(name);
    await(
        d -> Files.isRegularFile(file) && !Files.exists(downloads().resolve(name + ".crdownload")));
    return file;
  }

  /** Logs in on the landing page and waits for the officer's workspace. */
  void loginAs(String officer) {
    driver.get(baseUrl + "/app/");
    type(By.id("officer"), officer);
    type(By.id("password"), DemoCommand.DEMO_PASSWORD);
    driver.findElement(By.id("login-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
  }

  /** Logs in as the demo's officer with {@code role}. */
  Officer loginAs(Role role) {
    Officer officer =
        demo.officers().stream().filter(o -> o.role() == role).findFirst().orElseThrow();
    loginAs(officer.id().value());
    return officer;
  }

  /** Logs in as the demo's registrar and opens the child's record by its number. */
  void openRecordAsRegistrar(ChildNumber child) {
    loginAs(Role.REGISTRAR);
    type(By.id("find-number"), child.display());
    driver.findElement(By.id("find-submit")).click();
    awaitText(By.id("child-title"), child.display());
  }

  /** Shows the open record's personal data with a purpose: a read the node records. */
  static void showPersonalData() {
    type(By.id("read-purpose"), "checking the record with the guardian at the desk");
    driver.findElement(By.id("read-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("correct-form")));
  }

  static void type(By field, String text) {
    WebElement input = driver.findElement(field);
    input.clear();
    input.sendKeys(text);
  }

  /** Waits for the page's confirmation dialog, then accepts it ({@code yes}) or dismisses it. */
  static void confirm(boolean yes) {
    await(ExpectedConditions.alertIsPresent());
    if (yes) {
      driver.switchTo().alert().accept();
    } else {
      driver.switchTo().alert().dismiss();
    }
  }

  static <T> T await(Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition);
  }

  /** Waits until the element's text contains {@code text}, and returns the element. */
  static WebElement awaitText(By locator, String text) {
    await(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    return driver.findElement(locator);
  }

  /**
   * Sets an input's value as a person choosing it would (date inputs type differently by locale).
   */
  static void setValue(By field, String value) {
    js(
        "const input = arguments[0]; input.value = arguments[1];"
            + " input.dispatchEvent(new Event('input', {bubbles: true}));"
            + " input.dispatchEvent(new Event('change', {bubbles: true}));",
        driver.findElement(field),
        value);
  }

  /**
   * The ledger's size up to its newest record (the node's own checkpoint cosignatures, added in the
   * background, left out): a request that changed nothing leaves it as it was.
   */
  static long ledgerSize() {
    return demo.node().queries().sizeWithEveryRecord();
  }

  /** Border checks recorded today (UTC), as the node counts them for an auditor. */
  static long borderChecksToday() {
    try {
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      var day =
          nodeAs(officerWith(Role.AUDITOR))
              .get(new NodeClient.Route("/stats/daily?from=" + today + "&to=" + today))
              .get("days")
              .get(0)
              .get("checks");
      return day.get("PASS").asLong()
          + day.get("SECONDARY_INSPECTION").asLong()
          + day.get("ALERT").asLong();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The viewport as a phone's: {@code width} CSS pixels wide, touch, device pixel ratio 1. */
  static void emulateWidth(int width) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 844, "deviceScaleFactor", 1, "mobile", true));
  }

  /** Back to the browser window's own size, after {@link #emulateWidth}. */
  static void deskWidth() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  static long viewportWidth() {
    return ((Number) js("return document.documentElement.clientWidth;")).longValue();
  }

  /** The document's width: wider than the viewport means the page scrolls sideways. */
  static long documentWidth() {
    return ((Number) js("return document.documentElement.scrollWidth;")).longValue();
  }

  /** The elements that reach past the viewport's right edge, to name them when a test fails. */
  static Object widerThanTheViewport() {
    return js(
        "const w = document.documentElement.clientWidth;"
            + " return [...document.querySelectorAll('body *')]"
            + ".filter(e => e.getBoundingClientRect().right > w + 0.5)"
            + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' '"
            + " + Math.round(e.getBoundingClientRect().right)).slice(0, 12).join(', ');");
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>-<width>.png}. */
  static void screenshot(String name, int width) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(
        SCREENSHOTS.resolve(name + "-" + width + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * Runs {@code fetch(path)} in the page and returns {status, body}: what the page itself could
   * send.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> fetchInPage(String method, String path, String csrf, String body) {
    return (Map<String, Object>)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const [method, path, csrf, body, done] = arguments;"
                    + "const headers = {'Content-Type': 'application/json'};"
                    + "if (csrf) headers['X-CSRF-Token'] = csrf;"
                    + "fetch(path, {method, headers, body: body || undefined,"
                    + " credentials: 'same-origin'})"
                    + ".then(async r => done({status: r.status, body: await r.text()}))"
                    + ".catch(e => done({status: -1, body: String(e)}));",
                method,
                path,
                csrf,
                body);
  }

  /** Links the child's mother, who may consent to travel, through the registrar's API. */
  static void linkMother(NodeClient registrar, String child, ObjectNode document, String reference)
      throws InterruptedException {
    ObjectNode link =
        new ObjectMapper()
            .createObjectNode()
            .put("action", "LINK")
            .put("relationship", "MOTHER")
            .put("mayConsentToTravel", true)
            .put("reference", reference);
    link.set("document", document);
    registrar.post(NodeClient.Route.of("children", child, "guardians"), link);
  }

  /** The API as {@code officer}, with a bearer token from a real login. */
  static NodeClient nodeAs(String officer) throws InterruptedException {
    ObjectNode login =
        new ObjectMapper()
            .createObjectNode()
            .put("officer", officer)
            .put("password", DemoCommand.DEMO_PASSWORD);
    URI node = URI.create(baseUrl);
    String token =
        NodeClient.anonymous(node, NodeTrust.SYSTEM)
            .post(NodeClient.Route.of("session"), login)
            .get("token")
            .asText();
    return NodeClient.inSession(node, token, NodeTrust.SYSTEM);
  }

  /** Loads the web app's scripts, in order, into the current page (the CSP allows 'self'). */
  static void loadScripts(String... sources) {
    for (String source : sources) {
      ((JavascriptExecutor) driver)
          .executeAsyncScript(
              "const [src, done] = arguments; const s = document.createElement('script');"
                  + "s.src = src; s.onload = () => done(true); s.onerror = () => done(false);"
                  + "document.head.append(s);",
              source);
    }
  }

  /** The CSRF token the login page kept for this tab, if any. */
  static Optional<String> csrfToken() {
    Object token =
        js(
            "const s = JSON.parse(sessionStorage.getItem('haven.session') || 'null');"
                + " return s && s.csrfToken;");
    return Optional.ofNullable((String) token);
  }

  private static void saveEvidence(String name) {
    if (driver == null) {
      return;
    }
    String file = name.replaceAll("[^A-Za-z0-9._-]", "_");
    try {
      Files.createDirectories(FAILURES);
      Files.write(FAILURES.resolve(file + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(FAILURES.resolve(file + ".html"), driver.getPageSource());
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not save the browser's state for " + name + ": " + e);
    }
  }
}
