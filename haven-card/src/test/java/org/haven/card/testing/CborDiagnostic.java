package org.haven.card.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A naive CBOR reader written from RFC 8949 alone, independent of Jackson: it prints diagnostic
 * notation (RFC 8949 section 8) and fails on anything the core deterministic encoding (section
 * 4.2.1) forbids: indefinite lengths, an integer or length not in its shortest form, map keys out
 * of bytewise order or repeated, floats, and bytes after the item. The outermost array or map is
 * printed one element a line, and so is an array or map of arrays or maps inside it.
 */
public final class CborDiagnostic {
  private final byte[] data;
  private int pos;

  private CborDiagnostic(byte[] data) {
    this.data = data;
  }

  /**
   * The diagnostic notation of the one data item in {@code data}.
   *
   * @throws IllegalArgumentException naming the offset of the first deterministic-encoding breach
   */
  public static String of(byte[] data) {
    CborDiagnostic reader = new CborDiagnostic(data);
    String item = reader.item(0);
    if (reader.pos != data.length) {
      throw new IllegalArgumentException("bytes after the item at offset " + reader.pos);
    }
    return item;
  }

  private String item(int depth) {
    int start = pos;
    int initial = data[pos++] & 0xff;
    int major = initial >> 5;
    int info = initial & 31;
    if (info == 31) {
      throw new IllegalArgumentException("indefinite length at offset " + start);
    }
    if (major == 7) {
      return simple(info, start);
    }
    long argument = argument(info, start);
    return switch (major) {
      case 0 -> Long.toUnsignedString(argument);
      case 1 ->
          "-" + (argument == -1 ? "18446744073709551616" : Long.toUnsignedString(argument + 1));
      case 2 -> "h'" + HexFormat.of().formatHex(take(argument)) + "'";
      case 3 -> quote(new String(take(argument), StandardCharsets.UTF_8));
      case 4 -> array(argument, depth);
      case 5 -> map(argument, depth, start);
      case 6 -> argument + "(" + item(depth) + ")";
      default -> throw new IllegalStateException("major type " + major);
    };
  }

  private long argument(int info, int start) {
    if (info < 24) {
      return info;
    }
    if (info > 27) {
      throw new IllegalArgumentException("reserved additional information at offset " + start);
    }
    int size = 1 << (info - 24);
    long value = 0;
    for (int i = 0; i < size; i++) {
      value = value << 8 | (data[pos++] & 0xff);
    }
    long smallest = info == 24 ? 24 : 1L << (8 * (size / 2));
    if (Long.compareUnsigned(value, smallest) < 0) {
      throw new IllegalArgumentException("argument not in its shortest form at offset " + start);
    }
    return value;
  }

  private String simple(int info, int start) {
    return switch (info) {
      case 20 -> "false";
      case 21 -> "true";
      case 22 -> "null";
      default -> throw new IllegalArgumentException("unexpected simple or float at " + start);
    };
  }

  private byte[] take(long length) {
    byte[] bytes = Arrays.copyOfRange(data, pos, Math.addExact(pos, (int) length));
    pos += (int) length;
    return bytes;
  }

  private String array(long count, int depth) {
    List<String> items = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      items.add(item(depth + 1));
    }
    return join("[", items, "]", depth);
  }

  private String map(long count, int depth, int start) {
    List<String> entries = new ArrayList<>();
    byte[] previousKey = null;
    for (long i = 0; i < count; i++) {
      int keyStart = pos;
      String key = item(depth + 1);
      byte[] keyBytes = Arrays.copyOfRange(data, keyStart, pos);
      if (previousKey != null && Arrays.compareUnsigned(previousKey, keyBytes) >= 0) {
        throw new IllegalArgumentException(
            "map keys out of order or repeated in the map at offset " + start);
      }
      previousKey = keyBytes;
      entries.add(key + ": " + item(depth + 1));
    }
    return join("{", entries, "}", depth);
  }

  private static String join(String open, List<String> items, String close, int depth) {
    boolean ofContainers = items.stream().anyMatch(i -> i.startsWith("{") || i.startsWith("["));
    if (items.size() < 2 || depth > 1 || (depth == 1 && !ofContainers)) {
      return open + String.join(", ", items) + close;
    }
    String indent = "  ".repeat(depth + 1);
    String inner = String.join(",\n" + indent, items);
    return open + "\n" + indent + inner + "\n" + "  ".repeat(depth) + close;
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
