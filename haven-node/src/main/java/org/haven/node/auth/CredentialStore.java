package org.haven.node.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.haven.core.identity.OfficerId;

/**
 * Officer credentials on disk: one JSON file {@code <officer-id>.json} per officer (see {@link
 * OfficerCredential#toJson()}) in one directory, readable by the node's user only. Officer ids
 * cannot start with a dot or hold a slash, so a file name never leaves the directory and never
 * collides with the hidden temporary files of a write in progress.
 *
 * <p>Needs a POSIX file system. A write replaces a file whole or not at all, and is on disk when
 * {@link #put} returns.
 */
public final class CredentialStore {
  private static final String SUFFIX = ".json";

  private final Path directory;

  private CredentialStore(Path directory) {
    this.directory = directory;
  }

  /**
   * Opens the store in {@code directory}, creating it owner-only ({@code rwx------}) if it does not
   * exist.
   *
   * @throws CredentialException if the directory cannot be created, or the path is not a directory
   */
  public static CredentialStore open(Path directory) {
    try {
      DurableFiles.createDirectory(directory);
    } catch (IOException e) {
      throw new CredentialException(
          "Cannot create the credential directory " + directory + ": " + e, e);
    }
    return new CredentialStore(directory);
  }

  /**
   * Writes {@code credential} to its officer's file, replacing any earlier one. The file is written
   * under a temporary name with mode {@code rw-------}, synced, then renamed over the old one, so a
   * crash leaves either the old credential or the new one, never a mix.
   *
   * @throws CredentialException naming the file if it cannot be written
   */
  public void put(OfficerCredential credential) {
    OfficerId officer = credential.officer();
    Path file = file(officer);
    try {
      DurableFiles.replace(
          file,
          (credential.toJson() + "\n").getBytes(StandardCharsets.UTF_8),
          "." + officer.value() + ".");
    } catch (IOException e) {
      throw new CredentialException(
          "Cannot write the credential of officer " + officer + " to " + file + ": " + e, e);
    }
  }

  /**
   * Returns the credential of {@code officer}, or empty if the store has none.
   *
   * @throws CredentialException naming the file if it cannot be read, is malformed, or holds the
   *     credential of another officer
   */
  public Optional<OfficerCredential> find(OfficerId officer) {
    Path file = file(officer);
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CredentialException(
          "Cannot read the credential of officer " + officer + " from " + file + ": " + e, e);
    }
    OfficerCredential credential;
    try {
      credential = OfficerCredential.fromJson(json);
    } catch (CredentialException e) {
      throw new CredentialException(
          "Cannot read credential file " + file + ". " + e.getMessage(), e);
    }
    if (!credential.officer().equals(officer)) {
      throw new CredentialException(
          "Credential file "
              + file
              + " holds the credential of officer "
              + credential.officer()
              + ", not of "
              + officer
              + ": it was copied or renamed. "
              + CredentialJson.REMEDY);
    }
    return Optional.of(credential);
  }

  /** Whether the store has a credential file for {@code officer}; does not read it. */
  public boolean contains(OfficerId officer) {
    return Files.exists(file(officer));
  }

  private Path file(OfficerId officer) {
    return directory.resolve(officer.value() + SUFFIX);
  }
}
