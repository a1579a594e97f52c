package org.haven.card.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;

/**
 * A strict pull reader over one CBOR data item, on Jackson's streaming parser: each method reads
 * the next item and checks that it has the expected type and tag, or throws {@link
 * MalformedCborException} naming {@code what} was being read. Integer map keys come back as
 * numbers. It does not require deterministic encoding: what a reader verifies is the signature over
 * the bytes as they are.
 */
public final class CborReader implements AutoCloseable {
  /** The tag argument meaning "no tag". */
  public static final int UNTAGGED = -1;

  private final CBORParser parser;
  private JsonToken peeked;
  private long key;

  private CborReader(CBORParser parser) {
    this.parser = parser;
  }

  /** Reads {@code length} bytes of {@code data} from {@code offset}, without copying them. */
  public static CborReader of(byte[] data, int offset, int length) {
    try {
      return new CborReader(Cbor.FACTORY.createParser(data, offset, length));
    } catch (IOException e) {
      throw new MalformedCborException("the data cannot be opened as CBOR");
    }
  }

  public static CborReader of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** Reads the start of an array tagged {@code tag}, or untagged for {@link #UNTAGGED}. */
  public void startArray(int tag, String what) {
    expect(JsonToken.START_ARRAY, tag, what, "an array");
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
    JsonToken token = advance(what);
    if (token == JsonToken.END_OBJECT) {
      return false;
    }
    if (token != JsonToken.FIELD_NAME) {
      throw new MalformedCborException(what + ": a map is cut short");
    }
    try {
      key = Long.parseLong(parser.currentName());
    } catch (NumberFormatException | IOException e) {
      throw new MalformedCborException(what + ": a map key is not an integer");
    }
    return true;
  }

  /** The key {@link #nextKey} read last. */
  public long key() {
    return key;
  }

  /**
   * Reports whether the array being read ends here, reading its end if so.
   *
   * @return true at the end of the array, false if another element follows
   */
  public boolean arrayEnds(String what) {
    JsonToken token = advance(what);
    if (token == JsonToken.END_ARRAY) {
      return true;
    }
    peeked = token;
    return false;
  }

  /** Reads an untagged byte string and returns its bytes, fresh. */
  public byte[] bytes(String what) {
    expect(JsonToken.VALUE_EMBEDDED_OBJECT, UNTAGGED, what, "a byte string");
    try {
      if (parser.getEmbeddedObject() instanceof byte[] value) {
        return value;
      }
    } catch (IOException e) {
      throw new MalformedCborException(what + ": the byte string is cut short");
    }
    throw new MalformedCborException(what + ": expected a byte string");
  }

  /** Reads an untagged text string. */
  public String text(String what) {
    expect(JsonToken.VALUE_STRING, UNTAGGED, what, "a text string");
    try {
      return parser.getText();
    } catch (IOException e) {
      throw new MalformedCborException(what + ": the text string is not valid UTF-8");
    }
  }

  /** Reads an integer tagged {@code tag}, or untagged for {@link #UNTAGGED}, that fits a long. */
  public long integer(int tag, String what) {
    expect(JsonToken.VALUE_NUMBER_INT, tag, what, "an integer");
    try {
      JsonParser.NumberType type = parser.getNumberType();
      if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
        throw new MalformedCborException(what + ": the integer is out of range");
      }
      return parser.getLongValue();
    } catch (IOException e) {
      throw new MalformedCborException(what + ": the integer cannot be read");
    }
  }

  /** Reads an untagged integer that fits a long. */
  public long integer(String what) {
    return integer(UNTAGGED, what);
  }

  /** Reads {@code true} or {@code false}. */
  public boolean bool(String what) {
    JsonToken token = advance(what);
    if ((token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE)
        || parser.getCurrentTag() != UNTAGGED) {
      throw new MalformedCborException(what + ": expected true or false");
    }
    return token == JsonToken.VALUE_TRUE;
  }

  /** Reads past the next data item, whatever it is. */
  public void skip(String what) {
    JsonToken token = advance(what);
    try {
      if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
        parser.skipChildren();
      } else if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
        throw new MalformedCborException(what + ": a value is missing");
      }
    } catch (IOException e) {
      throw new MalformedCborException(what + ": the data is cut short or not CBOR");
    }
  }

  /** Checks that nothing follows the data item. */
  public void end(String what) {
    if (advance(what) != null) {
      throw new MalformedCborException(what + ": bytes follow its end");
    }
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
      throw new MalformedCborException(what + ": expected " + description);
    }
    if (parser.getCurrentTag() != tag) {
      throw new MalformedCborException(
          what
              + ": expected "
              + description
              + (tag == UNTAGGED ? " without a tag" : " tagged " + tag));
    }
  }

  private JsonToken advance(String what) {
    if (peeked != null) {
      JsonToken token = peeked;
      peeked = null;
      return token;
    }
    try {
      return parser.nextToken();
    } catch (IOException e) {
      throw new MalformedCborException(what + ": the data is cut short or not CBOR");
    }
  }
}
