package org.haven.core.checkpoint;

import java.util.function.Supplier;

/**
 * Text that breaks c2sp.org/signed-note or c2sp.org/tlog-checkpoint. The message names the line,
 * counting from 1, when the problem belongs to one.
 *
 * <p>It is an {@link IllegalArgumentException} so that the constructors of notes and checkpoints
 * can throw it too, and parsing and constructing report a broken rule the same way.
 */
public final class NoteFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  NoteFormatException(String problem) {
    super(problem);
  }

  NoteFormatException(int line, String problem) {
    super("line " + line + ": " + problem);
  }

  /** Runs {@code parser} on one line, adding the line number to any problem it reports. */
  static <T> T onLine(int line, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (NoteFormatException e) {
      throw new NoteFormatException(line, e.getMessage());
    }
  }
}
