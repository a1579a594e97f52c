package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.haven.core.identity.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A workspace in Arabic, as Chromium lays it out: the page is right to left (dir="rtl", lang="ar"),
 * its bar, tables and charts mirror those of the same page in English, nothing pushes it sideways,
 * and dates stay day/month/year in the digits 0-9. Swahili writes dates the same way.
 */
class RightToLeftBrowserTest extends BrowserTestBase {

  /**
   * Where the first day's bar, the last day's bar and the axis text of a chart are: x in CSS px.
   */
  private static final String CHART_POSITIONS =
      "const rects = [...document.querySelectorAll('svg.chart.registrations rect')];"
          + "const x = (r) => r.getBoundingClientRect().x;"
          + "const svg = document.querySelector('svg.chart.registrations').getBoundingClientRect();"
          + "const axis = document.querySelector('svg.chart.registrations text')"
          + "    .getBoundingClientRect();"
          + "return [x(rects[0]), x(rects[rects.length - 1]), svg.left, svg.right,"
          + "    axis.left, axis.right, rects[0].querySelector('title').textContent];";

  /** The gap between a table heading's text and its cell's left and right edges, in CSS px. */
  private static final String HEADING_GAPS =
      "const th = document.querySelector('#blocks th');"
          + "const range = document.createRange(); range.selectNodeContents(th);"
          + "const text = range.getBoundingClientRect(), cell = th.getBoundingClientRect();"
          + "return [text.left - cell.left, cell.right - text.right];";

  @Test
  void theAuditorsWorkspaceInArabic_isRightToLeft_andMirrorsTheEnglishLayout() {
    loginAs(Role.AUDITOR);
    awaitCharts();
    assertThat(attribute("dir")).isEqualTo("ltr");
    WebElement brand = driver.findElement(By.cssSelector(".bar .brand"));
    WebElement bar = driver.findElement(By.id("bar"));
    assertThat(brand.getRect().getX() - bar.getRect().getX())
        .as("in English the name starts the bar at its left")
        .isLessThan(24);
    List<?> englishChart = (List<?>) js(CHART_POSITIONS);
    assertThat(number(englishChart, 0))
        .as("in English the first day is left of the last")
        .isLessThan(number(englishChart, 1));

    new Select(driver.findElement(By.id("language"))).selectByValue("ar");
    await(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "rtl"));
    awaitText(By.id("logout"), "تسجيل الخروج");
    awaitCharts();

    assertThat(attribute("lang")).isEqualTo("ar");
    assertThat(js("return getComputedStyle(document.querySelector('main')).direction;"))
        .isEqualTo("rtl");
    brand = driver.findElement(By.cssSelector(".bar .brand"));
    bar = driver.findElement(By.id("bar"));
    WebElement logout = driver.findElement(By.id("logout"));
    int barRight = bar.getRect().getX() + bar.getRect().getWidth();
    int brandRight = brand.getRect().getX() + brand.getRect().getWidth();
    assertThat(barRight - brandRight)
        .as("in Arabic the name starts the bar at its right")
        .isLessThan(24);
    assertThat(logout.getRect().getX() + logout.getRect().getWidth())
        .as("and the logout button ends it on the left")
        .isLessThan(brand.getRect().getX());
    assertThat(driver.findElement(By.id("stats-title")).getText())
        .isEqualTo("النشاط اليومي (آخر 30 يومًا)");

    List<?> gaps = (List<?>) js(HEADING_GAPS);
    assertThat(number(gaps, 1))
        .as("a table heading's text sits at its cell's right, the cell's padding away")
        .isCloseTo(6.4, within(1.0));
    assertThat(number(gaps, 0)).isGreaterThan(number(gaps, 1));

    List<?> arabicChart = (List<?>) js(CHART_POSITIONS);
    assertThat(String.valueOf(arabicChart.get(6)).replace("\u200f", ""))
        .as("the same first day (Arabic dates carry right-to-left marks)")
        .isEqualTo(englishChart.get(6));
    assertThat(number(arabicChart, 0))
        .as("in Arabic the first day's bar is right of the last day's")
        .isGreaterThan(number(arabicChart, 1));
    assertThat(number(arabicChart, 0) - number(arabicChart, 2))
        .as("mirrored: the first bar is as far from the right edge as it was from the left")
        .isCloseTo(number(englishChart, 3) - number(englishChart, 0) - barWidth(), within(2.0));
    assertThat(number(arabicChart, 4))
        .as("the axis text stays inside the chart")
        .isGreaterThanOrEqualTo(number(arabicChart, 2) - 1);
    assertThat(number(arabicChart, 5)).isLessThanOrEqualTo(number(arabicChart, 3) + 1);

    By firstBlockTime = By.cssSelector("#blocks tbody tr td:nth-child(2)");
    String blockTime = await(ExpectedConditions.presenceOfElementLocated(firstBlockTime)).getText();
    assertThat(blockTime.replace("\u200f", ""))
        .as("a block's time: dd/mm/yyyy hh:mm in the digits 0-9")
        .matches("\\d\\d/\\d\\d/\\d{4}\\D+\\d\\d:\\d\\d");
    assertThat(documentWidth())
        .as("nothing pushes the page sideways")
        .isLessThanOrEqualTo(viewportWidth());
    assertThat(driver.findElement(By.tagName("body")).getText())
        .as("no message key shows")
        .doesNotContainPattern("(?<![.\\w])(auditor|common|bar|role|workspace)\\.[A-Za-z]");
  }

  /** On a phone the Arabic page does not scroll sideways either (its overflow would go left). */
  @Test
  void theFieldPageInArabic_atPhoneWidth_doesNotScrollSideways() throws Exception {
    loginAs(Role.FIELD_AGENT);
    new Select(driver.findElement(By.id("language"))).selectByValue("ar");
    await(ExpectedConditions.attributeToBe(By.tagName("html"), "dir", "rtl"));
    try {
      emulateWidth(PHONE);
      driver.navigate().refresh();
      await(ExpectedConditions.visibilityOfElementLocated(By.id("declare-submit")));
      driver.findElement(By.id("late")).click();
      assertThat(viewportWidth()).isEqualTo(PHONE);
      assertThat(documentWidth())
          .as("the document's width at %d px; wider: %s", PHONE, widerThanTheViewport())
          .isLessThanOrEqualTo(PHONE);
      Object leftmost =
          js(
              "return Math.min(...[...document.querySelectorAll('body *')]"
                  + ".map(e => e.getBoundingClientRect().left));");
      assertThat(((Number) leftmost).doubleValue())
          .as("nothing reaches past the left edge")
          .isGreaterThanOrEqualTo(-0.5);
      screenshot("field-arabic", PHONE);
    } finally {
      deskWidth();
    }
  }

  @Test
  void datesInSwahiliAndArabic_areDayMonthYear_inTheDigitsZeroToNine() {
    loginAs(Role.REGISTRAR);
    for (String lang : List.of("sw", "ar")) {
      new Select(driver.findElement(By.id("language"))).selectByValue(lang);
      await(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", lang));
      await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
      String date = (String) js("return Haven.date('2026-03-01');");
      String time = (String) js("return Haven.dateTime(Date.UTC(2026, 2, 1, 9, 5));");
      assertThat(date.replace("\u200f", "")).as("%s: %s", lang, date).isEqualTo("01/03/2026");
      assertThat(time.replace("\u200f", ""))
          .as("%s: %s", lang, time)
          .startsWith("01/03/2026")
          .containsPattern("\\d\\d:05$");
      assertThat(js("return Haven.locale();"))
          .isEqualTo(lang.equals("ar") ? "ar-KE-u-nu-latn" : "sw-KE");
    }
  }

  private static String attribute(String name) {
    return driver.findElement(By.tagName("html")).getAttribute(name);
  }

  private static void awaitCharts() {
    await(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("svg.chart.registrations rect"), 1));
  }

  /** A bar's width in CSS px, as laid out. */
  private static double barWidth() {
    return ((Number)
            js(
                "return document.querySelector('svg.chart.registrations rect')"
                    + ".getBoundingClientRect().width;"))
        .doubleValue();
  }

  private static double number(List<?> values, int index) {
    return ((Number) values.get(index)).doubleValue();
  }
}
