package org.haven.card.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.haven.card.codec.MalformedCborException.Reason;
import org.haven.core.bytes.Bytes;

/**
 * A strict pull reader over one CBOR data item, on Jackson's streaming parser: each method reads
 * the next item and checks that it has the expected type and tag, or throws {@link
 * MalformedCborException} naming {@code what} was being read, with its {@link
 * MalformedCborException#reason reason} (cut short, bytes after the end, or anything else) and the
 * byte offset where reading stopped. Integer map keys come back as numbers.
 *
 * <p>It does not require deterministic encoding. A COSE verifier checks the signature over the
 * bytes as they are; a verifier bundle is encoded again after reading and compared with the bytes
 * read, which refuses every non-canonical spelling at once.
 */
public final class CborReader implements AutoCloseable {
  /** The tag argument meaning "no tag". */
  public static final int UNTAGGED = -1;

  /** How much of a value parser's message a problem quotes: it may be long or hold line breaks. */
  private static final int MAX_DETAIL_LENGTH = 160;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private final CBORParser parser;
  private final int start;
  private JsonToken peeked;
  private long key;

  private CborReader(CBORParser parser, int start) {
    this.parser = parser;
    this.start = start;
  }

  /** Reads {@code length} bytes of {@code data} from {@code offset}, without copying them. */
  public static CborReader of(byte[] data, int offset, int length) {
    try {
      return new CborReader(Cbor.FACTORY.createParser(data, offset, length), offset);
    } catch (IOException e) {
      throw new MalformedCborException("the data cannot be opened as CBOR");
    }
  }

  public static CborReader of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** Reads one item of a {@link #list}. */
  @FunctionalInterface
  public interface Item<T, E extends Exception> {
    T read(CborReader in) throws E;
  }

  /** Reads the start of an array tagged {@code tag}, or untagged for {@link #UNTAGGED}. */
  public void startArray(int tag, String what) {
    expect(JsonToken.START_ARRAY, tag, what, "an array");
  }

  /** Reads the start of an untagged array. */
  public void startArray(String what) {
    startArray(UNTAGGED, what);
  }

  /**
   * Reports whether the array being read ends here, reading its end if so.
   *
   * @return true at the end of the array, false if another element follows
   */
  public boolean arrayEnds(String what) {
    JsonToken token = next(what);
    if (token == JsonToken.END_ARRAY) {
      return true;
    }
    peeked = token;
    return false;
  }

  /** Reads the end of the array being read, which must have no more elements. */
  public void endArray(String what) {
    if (!arrayEnds(what)) {
      throw problem(what, "expected the end of the array: it has too many items");
    }
  }

  /**
   * Reads an untagged array of at most {@code maxCount} items, each read by {@code item}.
   *
   * @throws E as {@code item} does
   */
  public <T, E extends Exception> List<T> list(String what, int maxCount, Item<T, E> item)
      throws E {
    startArray(what);
    List<T> items = new ArrayList<>();
    while (!arrayEnds(what)) {
      if (items.size() == maxCount) {
        throw problem(what, "more than " + maxCount + " items");
      }
      items.add(item.read(this));
    }
    return items;
  }

  /** Reads the start of an untagged map. */
  public void startMap(String what) {
    expect(JsonToken.START_OBJECT, UNTAGGED, what, "a map");
  }

  /**
   * Reads the next key of the map being read, for {@link #key()}, or its end.
   *
   * @return false at the end of the map
   */
  public boolean nextKey(String what) {
    JsonToken token = next(what);
    if (token == JsonToken.END_OBJECT) {
      return false;
    }
    if (token != JsonToken.FIELD_NAME) {
      throw problem(what, "a map is cut short");
    }
    try {
      key = Long.parseLong(parser.currentName());
    } catch (NumberFormatException | IOException e) {
      throw problem(what, "a map key is not an integer");
    }
    return true;
  }

  /** The key {@link #nextKey} read last. */
  public long key() {
    return key;
  }

  /** Reads an integer tagged {@code tag}, or untagged for {@link #UNTAGGED}, that fits a long. */
  public long integer(int tag, String what) {
    expect(JsonToken.VALUE_NUMBER_INT, tag, what, "an integer");
    try {
      JsonParser.NumberType type = parser.getNumberType();
      if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
        throw problem(what, "the integer is out of range");
      }
      return parser.getLongValue();
    } catch (IOException e) {
      throw failure(what, e, "the integer cannot be read");
    }
  }

  /** Reads an untagged integer that fits a long. */
  public long integer(String what) {
    return integer(UNTAGGED, what);
  }

  /** Reads an untagged integer from 0 to {@link Long#MAX_VALUE}. */
  public long uint(String what) {
    long value = integer(what);
    if (value < 0) {
      throw problem(what, "must not be negative");
    }
    return value;
  }

  /** Reads an untagged integer from 0 to {@code max}. */
  public int uint(String what, int max) {
    long value = uint(what);
    if (value > max) {
      throw problem(what, "must be at most " + max + ", not " + value);
    }
    return (int) value;
  }

  /** Reads an untagged byte string and returns its bytes, fresh. */
  public byte[] bytes(String what) {
    expect(JsonToken.VALUE_EMBEDDED_OBJECT, UNTAGGED, what, "a byte string");
    try {
      if (parser.getEmbeddedObject() instanceof byte[] value) {
        return value;
      }
    } catch (IOException e) {
      throw failure(what, e, "the byte string cannot be read");
    }
    throw problem(what, "expected a byte string");
  }

  /** Reads an untagged byte string of exactly {@code size} bytes. */
  public byte[] bytes(String what, int size) {
    byte[] value = bytes(what);
    if (value.length != size) {
      throw problem(what, "must be " + size + " bytes, not " + value.length);
    }
    return value;
  }

  /**
   * Reads an untagged byte string of exactly {@code size} bytes and parses it; see {@link
   * #text(String, Function)}.
   */
  public <T> T bytes(String what, int size, Function<Bytes, T> parse) {
    Bytes value = Bytes.of(bytes(what, size));
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw malformed(what, "invalid: " + e.getMessage());
    }
  }

  /** Reads an untagged text string. */
  public String text(String what) {
    expect(JsonToken.VALUE_STRING, UNTAGGED, what, "a text string");
    try {
      return parser.getText();
    } catch (IOException e) {
      throw failure(what, e, "the text string is not valid UTF-8");
    }
  }

  /**
   * Reads an untagged text string and parses it. The parser's {@link IllegalArgumentException}
   * becomes a {@link MalformedCborException} naming {@code what}, so value types validate once, in
   * their factories. Its message is quoted, on one line and cut short: use this for values that are
   * not personal data.
   */
  public <T> T text(String what, Function<String, T> parse) {
    String value = text(what);
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw malformed(what, "invalid: " + e.getMessage());
    }
  }

  /** Reads {@code true} or {@code false}. */
  public boolean bool(String what) {
    JsonToken token = advance(what);
    if (token == null) {
      throw truncated(what, "expected true or false");
    }
    if ((token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE)
        || parser.getCurrentTag() != UNTAGGED) {
      throw problem(what, "expected true or false");
    }
    return token == JsonToken.VALUE_TRUE;
  }

  /** Reports whether the next item is an untagged null, reading it if so. */
  public boolean nextIsNull(String what) {
    JsonToken token = next(what);
    if (token == JsonToken.VALUE_NULL && parser.getCurrentTag() == UNTAGGED) {
      return true;
    }
    peeked = token;
    return false;
  }

  /** Reads past the next data item, whatever it is. */
  public void skip(String what) {
    JsonToken token = next(what);
    if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
      throw problem(what, "a value is missing");
    }
    if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
      try {
        parser.skipChildren();
      } catch (IOException e) {
        throw failure(what, e, "the data is not valid CBOR");
      }
    }
  }

  /** Checks that nothing follows the data item. */
  public void end(String what) {
    boolean more;
    try {
      more = peeked != null || parser.nextToken() != null;
    } catch (IOException e) {
      more = true;
    }
    if (more) {
      throw new MalformedCborException(
          Reason.TRAILING_BYTES, what, "bytes follow its end", offset());
    }
  }

  /**
   * A problem with the value just read, for a check the caller makes: the exception says where
   * reading stopped. {@code problem} is put on one line and cut short, as it may quote a value.
   */
  public MalformedCborException malformed(String what, String problem) {
    String oneLine = CONTROL.matcher(problem).replaceAll("?");
    return problem(
        what,
        oneLine.length() <= MAX_DETAIL_LENGTH
            ? oneLine
            : oneLine.substring(0, MAX_DETAIL_LENGTH) + "...");
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      throw new IllegalStateException("closing a parser over a byte array cannot fail", e);
    }
  }

  private void expect(JsonToken expected, int tag, String what, String description) {
    JsonToken token = advance(what);
    if (token != expected) {
      String problem = "expected " + description;
      throw token == null ? truncated(what, problem) : problem(what, problem);
    }
    if (parser.getCurrentTag() != tag) {
      throw problem(
          what,
          "expected " + description + (tag == UNTAGGED ? " without a tag" : " tagged " + tag));
    }
  }

  /** The next token, which must exist: the data item is not complete yet. */
  private JsonToken next(String what) {
    JsonToken token = advance(what);
    if (token == null) {
      throw truncated(what, "the data is cut short");
    }
    return token;
  }

  /** The next token, or null after the data item. */
  private JsonToken advance(String what) {
    if (peeked != null) {
      JsonToken token = peeked;
      peeked = null;
      return token;
    }
    try {
      return parser.nextToken();
    } catch (IOException e) {
      throw failure(what, e, "the data is not valid CBOR");
    }
  }

  private MalformedCborException problem(String what, String problem) {
    return new MalformedCborException(Reason.MALFORMED, what, problem, offset());
  }

  private MalformedCborException failure(String what, IOException e, String problem) {
    return e instanceof JsonEOFException
        ? truncated(what, "the data is cut short")
        : problem(what, problem);
  }

  private MalformedCborException truncated(String what, String problem) {
    return new MalformedCborException(Reason.TRUNCATED, what, problem, offset());
  }

  private long offset() {
    return parser.currentLocation().getByteOffset() - start;
  }
}
