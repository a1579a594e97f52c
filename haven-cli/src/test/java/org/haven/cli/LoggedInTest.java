package org.haven.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of client commands run by an officer with a saved session at a {@link FakeNode}. */
abstract class LoggedInTest {
  @TempDir Path temp;
  FakeNode node;
  Path sessionFile;

  @BeforeEach
  void logIn() throws IOException {
    node = FakeNode.start();
    sessionFile = SavedSession.at(temp.resolve("session.json"), node.url());
  }

  @AfterEach
  void stopNode() {
    node.close();
  }
}
