package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.haven.vault.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a node takes its vault master key from, and where it refuses to. */
class MasterKeySourceTest {
  @TempDir Path root;

  private NodeConfig config(String vaultKeyFile) {
    return new NodeConfig(
        "org", "org", List.of(), "127.0.0.1", 0, 0, 0, vaultKeyFile, List.of(), null, null);
  }

  private static MasterKey masterKey(Path dataDir, NodeConfig config, Map<String, String> env) {
    return MasterKeyFiles.of(dataDir, config, env).candidates().get(0);
  }

  @Test
  void theEnvironmentVariable_winsOverTheKeyFile() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    MasterKey fromEnvironment =
        masterKey(
            root.resolve("node"),
            config(root.resolve("absent.key").toString()),
            Map.of(MasterKey.ENVIRONMENT_VARIABLE, Base64.getEncoder().encodeToString(key)));
    assertThat(fromEnvironment.id())
        .isEqualTo(
            MasterKey.fromEnvironment(
                    Map.of(MasterKey.ENVIRONMENT_VARIABLE, Base64.getEncoder().encodeToString(key)))
                .orElseThrow()
                .id());
  }

  @Test
  void aKeyFileBesideTheDataDirectory_isRead() throws Exception {
    Path file = root.resolve("node.vault.key");
    MasterKey written = MasterKey.generate(new SecureRandom());
    written.writeTo(file);
    assertThat(masterKey(root.resolve("node"), config(file.toString()), Map.of()).id())
        .isEqualTo(written.id());
  }

  @Test
  void aKeyFileInsideTheDataDirectory_isRefused() throws Exception {
    Path dataDir = Files.createDirectories(root.resolve("node"));
    Path inside = dataDir.resolve("keys/vault.key");
    Files.createDirectories(inside.getParent());
    MasterKey.generate(new SecureRandom()).writeTo(inside);
    assertThatThrownBy(() -> masterKey(dataDir, config(inside.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("inside the data directory");
  }

  @Test
  void noKeyAtAll_saysWhereToPutOne() {
    assertThatThrownBy(() -> masterKey(root, config(null), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MasterKey.ENVIRONMENT_VARIABLE)
        .hasMessageContaining("vaultKeyFile");
  }

  @Test
  void aDamagedKeyFile_isAConfigurationError() throws Exception {
    Path file = Files.writeString(root.resolve("node.vault.key"), "not base64 of a key");
    assertThatThrownBy(() -> masterKey(root.resolve("node"), config(file.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("base64");
  }
}
