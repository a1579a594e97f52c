package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged put survives {@code kill -9}: the writer runs in a JVM of its own, killed
 * mid-write.
 */
class VaultCrashTest {
  private static final int ACKS_BEFORE_KILL = 200;

  @TempDir Path temp;

  @Test
  void everyAcknowledgedPut_survivesKillDashNine() throws Exception {
    Path dir = temp.resolve("vault");
    Path keyFile = temp.resolve("vault.key");
    MasterKey masterKey = MasterKey.generate(new SecureRandom());
    masterKey.writeTo(keyFile);
    Path stderr = temp.resolve("writer.stderr");

    Process writer =
        new ProcessBuilder(
                javaCommand(CrashingWriter.class.getName(), dir.toString(), keyFile.toString()))
            .redirectError(stderr.toFile())
            .start();
    int lastAcked = -1;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while (lastAcked < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
        lastAcked = Integer.parseInt(line.substring("acked ".length()));
      }
      writer.destroyForcibly();
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).as("the writer is gone").isTrue();
    }
    assertThat(lastAcked)
        .as("puts acknowledged before the kill; the writer's stderr: %s", Files.readString(stderr))
        .isEqualTo(ACKS_BEFORE_KILL);

    try (Vault vault = Vault.open(dir, masterKey)) {
      for (int i = 0; i <= lastAcked; i++) {
        assertThat(vault.read(CrashingWriter.childNumber(i)))
            .as("acknowledged put %d", i)
            .isEqualTo(new ReadResult.Found(CrashingWriter.child(i), CrashingWriter.salt(i)));
      }
    }
  }

  /**
   * {@code java -cp <this JVM's test classpath> mainClass args}. Surefire may run tests from a
   * manifest-only jar, in which case {@code java.class.path} names that jar alone; it publishes the
   * real classpath separately.
   */
  private static List<String> javaCommand(String mainClass, String... args) {
    String surefire = System.getProperty("surefire.test.class.path");
    String classpath =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-cp", classpath, mainClass));
    command.addAll(List.of(args));
    return command;
  }
}
