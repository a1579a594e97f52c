package org.haven.core.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A c2sp.org/signed-note: a text ending in a newline, a blank line, then one signature line per
 * key.
 *
 * <p>Signatures by keys the reader does not know are kept, so that several members can cosign one
 * note and each reader counts the ones it trusts. A key (key name and key ID) signs at most once.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  /**
   * The largest note {@link #parse} reads. The spec asks verifiers for a limit that admits at least
   * 16 signatures; 1 MiB admits thousands and bounds the work a hostile note can cause.
   */
  public static final int MAX_NOTE_BYTES = 1 << 20;

  /**
   * @throws NoteFormatException if {@code text} does not end with a newline or contains a control
   *     character other than newline, if there are no signatures, or if a key signs twice
   */
  public SignedNote {
    NoteSyntax.requireValidText(text);
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty()) {
      throw new NoteFormatException("a signed note needs at least one signature");
    }
    Set<List<Object>> keys = new HashSet<>();
    for (NoteSignature signature : signatures) {
      if (!keys.add(List.of(signature.keyName(), signature.keyId()))) {
        throw new NoteFormatException(
            "two signatures by key "
                + signature.keyName()
                + " with key ID "
                + signature.keyId().toHex());
      }
    }
  }

  /**
   * Parses a signed note. Signatures are parsed, not verified: use {@link #verifiedBy} or {@link
   * #verifiedSigners}.
   *
   * @throws NoteFormatException if {@code note} is larger than {@link #MAX_NOTE_BYTES} in UTF-8 or
   *     breaks c2sp.org/signed-note
   */
  public static SignedNote parse(String note) {
    // A char is at least one UTF-8 byte, so the first test refuses huge input before encoding it.
    if (note.length() > MAX_NOTE_BYTES || note.getBytes(UTF_8).length > MAX_NOTE_BYTES) {
      throw new NoteFormatException(
          "the note is larger than the limit of " + MAX_NOTE_BYTES + " bytes");
    }
    // The text may contain blank lines itself; the spec splits at the last one.
    int blankLine = note.lastIndexOf("\n\n");
    if (blankLine < 0) {
      throw new NoteFormatException("no blank line separates the note text from the signatures");
    }
    String text = note.substring(0, blankLine + 1);
    String block = note.substring(blankLine + 2);
    if (block.isEmpty()) {
      throw new NoteFormatException("no signature lines follow the last blank line");
    }
    if (!block.endsWith("\n")) {
      throw new NoteFormatException("the last signature line does not end with a newline");
    }
    int firstLine = (int) text.chars().filter(c -> c == '\n').count() + 2;
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    List<NoteSignature> signatures = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      signatures.add(NoteFormatException.onLine(firstLine + i, () -> NoteSignature.parse(line)));
    }
    return new SignedNote(text, signatures);
  }

  /** The note as c2sp.org/signed-note lays it out; {@link #parse} reads it back. */
  public String format() {
    StringBuilder note = new StringBuilder(text).append('\n');
    signatures.forEach(signature -> note.append(signature.format()));
    return note.toString();
  }

  /**
   * Returns this note with {@code signature} added after the others. The signature is not checked
   * against the text here.
   *
   * @throws NoteFormatException if the note already has a signature by the same key
   */
  public SignedNote withSignature(NoteSignature signature) {
    return new SignedNote(text, Stream.concat(signatures.stream(), Stream.of(signature)).toList());
  }

  /** Whether this note carries a valid signature by {@code verifier}'s key. */
  public boolean verifiedBy(NoteVerifier verifier) {
    return !verifiedSigners(List.of(verifier)).isEmpty();
  }

  /**
   * Returns those of {@code verifiers} whose key signed this note validly. A verifier whose
   * signature is present but invalid is left out like one that did not sign; the spec suggests
   * rejecting such a note, which the caller can do by comparing against the signature lines.
   */
  public Set<NoteVerifier> verifiedSigners(Collection<NoteVerifier> verifiers) {
    byte[] message = text.getBytes(UTF_8);
    return verifiers.stream()
        .filter(verifier -> signatures.stream().anyMatch(s -> verifier.verifies(message, s)))
        .collect(Collectors.toUnmodifiableSet());
  }
}
