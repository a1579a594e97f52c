package org.haven.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administration socket answers only whoever may open its file, which is its owner's alone; an
 * unknown command is refused without running anything, and a failing command's message reaches the
 * client.
 */
class AdminSocketTest {
  @TempDir Path dataDir;

  @Test
  void socketFile_isTheOwnersOnly_andAnswersProgressThenTheResult() throws Exception {
    List<String> ran = new ArrayList<>();
    AdminSocket socket =
        AdminSocket.start(
            dataDir,
            Map.of(
                "count",
                reply -> {
                  ran.add("count");
                  reply.progress(1, 2);
                  reply.progress(2, 2);
                  return "{\"counted\":2}";
                },
                "fail",
                reply -> {
                  throw new ConfigException("the vault says no");
                }));
    try {
      Path file = dataDir.resolve(AdminSocket.FILE);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");

      assertThat(ask("count"))
          .containsExactly("PROGRESS 1 2", "PROGRESS 2 2", "OK {\"counted\":2}");
      assertThat(ask("fail")).containsExactly("ERROR the vault says no");
      assertThat(ask("rm -rf /")).hasSize(1).first().asString().startsWith("ERROR unknown command");
      assertThat(ran).containsExactly("count");
    } finally {
      socket.close();
    }
    assertThat(dataDir.resolve(AdminSocket.FILE)).doesNotExist();
  }

  private List<String> ask(String command) throws Exception {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(dataDir.resolve(AdminSocket.FILE)));
      PrintWriter out = new PrintWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), true);
      BufferedReader in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
      out.println(command);
      List<String> lines = new ArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
      return lines;
    }
  }
}
