package org.haven.node;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.haven.node.api.ApiProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may scrape {@code /metrics} without a token: this host's loopback only, and nobody on a node
 * behind a TLS proxy. Tests must not send traffic to other addresses, so the rule is checked here
 * on the addresses the socket reports.
 */
class MetricsAccessTest {
  @TempDir Path dataDir;

  @Test
  void scrapeFromAnotherHost_isRefusedWithoutAToken() {
    MetricsAccess access = MetricsAccess.read(dataDir, false);

    for (String remote : new String[] {"192.0.2.7", "10.0.0.3", "2001:db8::1", "0.0.0.0"}) {
      assertThatThrownBy(() -> access.check(remote, null, false))
          .as(remote)
          .isInstanceOfSatisfying(
              ApiProblem.class,
              problem ->
                  org.assertj.core.api.Assertions.assertThat(problem.status()).isEqualTo(403))
          .hasMessageContaining(MetricsAccess.TOKEN_FILE);
    }
  }

  @Test
  void scrapeFromLoopback_isServedWithoutAToken() {
    MetricsAccess access = MetricsAccess.read(dataDir, false);

    for (String remote : new String[] {"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1"}) {
      assertThatCode(() -> access.check(remote, null, false)).as(remote).doesNotThrowAnyException();
    }
  }

  @Test
  void behindATlsProxy_aLoopbackScrapeIsRefused_withoutAToken() {
    MetricsAccess access = MetricsAccess.read(dataDir, true);

    assertThatThrownBy(() -> access.check("127.0.0.1", null, false))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            problem -> org.assertj.core.api.Assertions.assertThat(problem.status()).isEqualTo(403))
        .hasMessageContaining("behind a TLS proxy")
        .hasMessageContaining(MetricsAccess.TOKEN_FILE);
  }
}
