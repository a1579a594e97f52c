package org.haven.card.bundle;

import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.haven.card.bundle.BundleException.Problem;
import org.haven.core.bytes.Bytes;

/**
 * The subset of CBOR (RFC 8949) that bundle files use: unsigned integers, byte strings, text
 * strings, null and definite-length arrays, written in the core deterministic encoding of RFC 8949
 * section 4.2.1 (shortest integer forms, definite lengths). Arrays rather than maps keep the
 * encoding positional, so there is no key order to agree on.
 *
 * <p>The reader does not check the encoding rules itself: callers decode, encode the value again
 * and compare the bytes, which refuses every non-canonical spelling at once.
 */
final class Cbor {
  private static final CBORFactory FACTORY = new CBORFactory();

  private Cbor() {}

  /** Writes one CBOR data item into memory. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private final CBORGenerator generator;

    Writer() {
      try {
        generator = FACTORY.createGenerator(out);
      } catch (IOException e) {
        throw new IllegalStateException("creating a CBOR writer in memory failed", e);
      }
    }

    /** Starts a definite-length array; the generator checks that {@code size} items follow. */
    Writer array(int size) {
      return write(() -> generator.writeStartArray(null, size));
    }

    Writer end() {
      return write(generator::writeEndArray);
    }

    Writer uint(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("an unsigned integer must not be negative: " + value);
      }
      return write(() -> generator.writeNumber(value));
    }

    Writer bytes(Bytes value) {
      byte[] array = value.toArray();
      return write(() -> generator.writeBinary(array));
    }

    /**
     * Writes a text string. Jackson's {@code writeString} splits long strings into an
     * indefinite-length string, which RFC 8949 section 4.2.1 forbids; UTF-8 bytes are written
     * whole.
     */
    Writer text(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      return write(() -> generator.writeUTF8String(utf8, 0, utf8.length));
    }

    Writer nul() {
      return write(generator::writeNull);
    }

    byte[] toByteArray() {
      write(generator::close);
      return out.toByteArray();
    }

    private Writer write(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new IllegalStateException("writing CBOR to memory failed", e);
      }
      return this;
    }

    private interface IoAction {
      void run() throws IOException;
    }
  }

  /** Reads one value element by element; see the class comment about canonical form. */
  @FunctionalInterface
  interface Element<T> {
    T read(Reader reader) throws BundleException;
  }

  /** Reads the items of one CBOR data item in order, each checked for its type. */
  static final class Reader {
    private static final int MAX_PROBLEM_LENGTH = 160;

    private final CBORParser parser;
    private final String what;
    private boolean pushedBack;

    /**
     * @param what names the whole item in error messages, for example "bundle"
     */
    Reader(byte[] input, String what) {
      try {
        this.parser = FACTORY.createParser(input);
      } catch (IOException e) {
        throw new IllegalStateException("creating a CBOR reader in memory failed", e);
      }
      this.what = what;
    }

    void startArray(String field) throws BundleException {
      expect(JsonToken.START_ARRAY, field, "an array");
    }

    void endArray(String field) throws BundleException {
      expect(JsonToken.END_ARRAY, field, "the end of the array (it has too many items)");
    }

    /** Reads an array of any length up to {@code maxCount}, each item read by {@code element}. */
    <T> List<T> list(String field, int maxCount, Element<T> element) throws BundleException {
      startArray(field);
      List<T> values = new ArrayList<>();
      while (advance(field) != JsonToken.END_ARRAY) {
        if (values.size() == maxCount) {
          throw malformed(field, "has more than " + maxCount + " items");
        }
        pushedBack = true;
        values.add(element.read(this));
      }
      return values;
    }

    long uint(String field) throws BundleException {
      expect(JsonToken.VALUE_NUMBER_INT, field, "an unsigned integer");
      try {
        if (parser.getNumberType() == NumberType.BIG_INTEGER) {
          throw malformed(field, "is larger than " + Long.MAX_VALUE);
        }
        long value = parser.getLongValue();
        if (value < 0) {
          throw malformed(field, "must not be negative");
        }
        return value;
      } catch (IOException e) {
        throw failure(field, e);
      }
    }

    /** Reads an unsigned integer that must be at most {@code max}. */
    int uint(String field, int max) throws BundleException {
      long value = uint(field);
      if (value > max) {
        throw malformed(field, "is " + value + ", at most " + max);
      }
      return (int) value;
    }

    Bytes bytes(String field) throws BundleException {
      expect(JsonToken.VALUE_EMBEDDED_OBJECT, field, "a byte string");
      try {
        return Bytes.of(parser.getBinaryValue());
      } catch (IOException e) {
        throw failure(field, e);
      }
    }

    Bytes bytes(String field, int size) throws BundleException {
      Bytes value = bytes(field);
      if (value.size() != size) {
        throw malformed(field, "is " + value.size() + " bytes, expected " + size);
      }
      return value;
    }

    /**
     * Reads a byte string of {@code size} bytes and parses it; see {@link #text(String, Function)}.
     */
    <T> T bytes(String field, int size, Function<Bytes, T> parse) throws BundleException {
      Bytes value = bytes(field, size);
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        throw malformed(field, "is invalid: " + e.getMessage());
      }
    }

    String text(String field) throws BundleException {
      expect(JsonToken.VALUE_STRING, field, "a text string");
      try {
        return parser.getText();
      } catch (IOException e) {
        throw failure(field, e);
      }
    }

    /**
     * Reads a text string and parses it; the parser's {@link IllegalArgumentException} becomes a
     * {@link BundleException} naming the field, so value types validate once, in their
     * constructors.
     */
    <T> T text(String field, Function<String, T> parse) throws BundleException {
      String value = text(field);
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        throw malformed(field, "is invalid: " + e.getMessage());
      }
    }

    /** Whether the next item is null, consuming it if so. */
    boolean nextIsNull(String field) throws BundleException {
      if (advance(field) == JsonToken.VALUE_NULL) {
        return true;
      }
      pushedBack = true;
      return false;
    }

    /** Fails unless the input ends here. */
    void finish() throws BundleException {
      try {
        if (parser.nextToken() != null) {
          throw malformed("the end", "has unexpected bytes after the " + what);
        }
      } catch (IOException e) {
        throw malformed("the end", "has unexpected bytes after the " + what);
      }
    }

    /** A problem with a value, as opposed to the structure: the caller decoded it and found it. */
    BundleException malformed(String field, String problem) {
      return new BundleException(
          Problem.MALFORMED,
          "The "
              + what
              + " is malformed: "
              + field
              + " "
              + printable(problem)
              + " (at byte "
              + offset()
              + ").");
    }

    /**
     * A problem as a device may show it: value parsers quote the bad input, which may be long or
     * hold line breaks.
     */
    private static String printable(String problem) {
      String oneLine = problem.replaceAll("\\p{Cntrl}", "?");
      return oneLine.length() <= MAX_PROBLEM_LENGTH
          ? oneLine
          : oneLine.substring(0, MAX_PROBLEM_LENGTH) + "...";
    }

    private void expect(JsonToken expected, String field, String description)
        throws BundleException {
      JsonToken token = advance(field);
      if (token != expected) {
        throw malformed(field, "must be " + description);
      }
    }

    private JsonToken advance(String field) throws BundleException {
      if (pushedBack) {
        pushedBack = false;
        return parser.currentToken();
      }
      try {
        JsonToken token = parser.nextToken();
        if (token == null) {
          throw truncated(field);
        }
        return token;
      } catch (IOException e) {
        throw failure(field, e);
      }
    }

    private BundleException failure(String field, IOException e) {
      if (e instanceof JsonEOFException) {
        return truncated(field);
      }
      String kind = e instanceof StreamReadException ? "is not valid CBOR" : "cannot be read";
      return malformed(field, kind);
    }

    private BundleException truncated(String field) {
      return new BundleException(
          Problem.TRUNCATED,
          "The " + what + " is cut short: it ends at byte " + offset() + ", inside " + field + ".");
    }

    private long offset() {
      return parser.currentLocation().getByteOffset();
    }
  }
}
