package org.haven.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.haven.core.identity.Officer;
import org.haven.core.identity.Role;
import org.haven.node.HavenNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** An officer changes their own password from the bar of their workspace. */
class PasswordBrowserTest extends BrowserTestBase {
  private static final String NEW_PASSWORD = "three words I remember well";

  @Test
  void officer_changesTheirPassword_andOnlyTheNewOneLogsIn() throws Exception {
    Officer registrar = loginAs(Role.REGISTRAR);
    Path credential =
        dataDir
            .resolve("node")
            .resolve(HavenNode.CREDENTIALS_DIR)
            .resolve(registrar.id().value() + ".json");
    byte[] before = Files.readAllBytes(credential);
    driver.findElement(By.id("password-open")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("password-dialog")));

    type(By.id("password-current"), DemoCommand.DEMO_PASSWORD);
    type(By.id("password-new"), NEW_PASSWORD);
    type(By.id("password-confirm"), NEW_PASSWORD + " typo");
    driver.findElement(By.id("password-submit")).click();
    assertThat(awaitText(By.id("password-message"), "differ").getText())
        .contains("type the same password twice");
    assertThat(driver.findElement(By.id("password-confirm")).getAttribute("aria-invalid"))
        .isEqualTo("true");

    type(By.id("password-current"), "not my password at all");
    type(By.id("password-confirm"), NEW_PASSWORD);
    driver.findElement(By.id("password-submit")).click();
    awaitText(By.id("password-message"), "current password is wrong");
    assertThat(Files.readAllBytes(credential)).as("nothing changed").isEqualTo(before);

    type(By.id("password-current"), DemoCommand.DEMO_PASSWORD);
    type(By.id("password-new"), NEW_PASSWORD);
    type(By.id("password-confirm"), NEW_PASSWORD);
    driver.findElement(By.id("password-submit")).click();
    awaitText(By.id("password-message"), "Your password is changed");
    driver.findElement(By.id("password-close")).click();
    driver.findElement(By.id("logout")).click();
    await(ExpectedConditions.urlContains("index.html"));

    type(By.id("officer"), registrar.id().value());
    type(By.id("password"), DemoCommand.DEMO_PASSWORD);
    driver.findElement(By.id("login-submit")).click();
    awaitText(By.id("login-message"), "Wrong officer id or password");
    type(By.id("password"), NEW_PASSWORD);
    driver.findElement(By.id("login-submit")).click();
    await(ExpectedConditions.visibilityOfElementLocated(By.id("logout")));
  }
}
