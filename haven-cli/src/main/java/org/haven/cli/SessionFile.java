package org.haven.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.haven.node.ConfigException;

/**
 * The file that keeps the session between commands. It holds a bearer token, so only its owner may
 * read it: it is written {@code rw-------}, in a directory made {@code rwx------} if it has to be
 * made. The file is replaced in one step, so a reader sees the old session or the new one.
 */
record SessionFile(Path path) {
  /** The saved session, if there is one; an expired one is still returned. */
  Optional<Session> read() {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ConfigException("cannot read the session file " + path + ": " + e.getMessage(), e);
    }
    Session session;
    try {
      session = Json.MAPPER.readValue(text, Session.class);
    } catch (JsonProcessingException e) {
      throw damaged(e);
    }
    if (session.node() == null || session.token() == null) {
      throw damaged(null);
    }
    return Optional.of(session);
  }

  void save(Session session) {
    try {
      OwnerOnlyFiles.write(path, Json.MAPPER.writeValueAsBytes(session));
    } catch (IOException e) {
      throw new ConfigException("cannot save the session in " + path + ": " + e.getMessage(), e);
    }
  }

  void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot remove the session file " + path + ": " + e.getMessage(), e);
    }
  }

  private ConfigException damaged(Throwable cause) {
    return new ConfigException(
        "the session file "
            + path
            + " is damaged; delete it and run 'haven login --officer ID' again",
        cause);
  }
}
