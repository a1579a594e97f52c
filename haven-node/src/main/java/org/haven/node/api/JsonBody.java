package org.haven.node.api;

import static org.haven.node.api.ApiProblem.FieldFault.NOT_AN_OBJECT;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_A_COUNTRY;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_A_DATE;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_A_LIST;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_A_TIME;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_BASE64;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_ONE_OF;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_TEXT;
import static org.haven.node.api.ApiProblem.FieldFault.NOT_TRUE_OR_FALSE;
import static org.haven.node.api.ApiProblem.FieldFault.OUT_OF_RANGE;
import static org.haven.node.api.ApiProblem.FieldFault.REQUIRED;
import static org.haven.node.api.ApiProblem.FieldFault.TOO_MANY;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.haven.core.bytes.Bytes;
import org.haven.core.identity.Jurisdiction;

/**
 * A JSON object from a request, read field by field. Every accessor names the field's full path in
 * the {@link ApiProblem} it throws, so the client learns which field is wrong and why.
 */
public final class JsonBody {
  private final JsonNode node;
  private final String path;

  private JsonBody(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * Parses a request body that must be one JSON object.
   *
   * @throws ApiProblem if the body is empty, not JSON, or not an object
   */
  public static JsonBody parse(byte[] body) {
    if (body.length == 0) {
      throw ApiProblem.badRequest("The request body is empty; send a JSON object.");
    }
    JsonNode node;
    try {
      node = HttpJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest(
          "The request body is not valid JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ".");
    } catch (IOException e) {
      throw ApiProblem.badRequest("The request body could not be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiProblem.badRequest("The request body must be a JSON object.");
    }
    return new JsonBody(node, "");
  }

  /** The full path of {@code field} in the request, for messages. */
  public String pathOf(String field) {
    return path + field;
  }

  private JsonNode present(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** A required string; blank counts as missing. */
  public String text(String field) {
    return optionalText(field)
        .filter(text -> !text.isBlank())
        .orElseThrow(() -> ApiProblem.invalidField(pathOf(field), REQUIRED, "is required"));
  }

  public Optional<String> optionalText(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ApiProblem.invalidField(pathOf(field), NOT_TEXT, "must be a string");
    }
    return Optional.of(value.textValue());
  }

  public boolean bool(String field, boolean fallback) {
    JsonNode value = present(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ApiProblem.invalidField(pathOf(field), NOT_TRUE_OR_FALSE, "must be true or false");
    }
    return value.booleanValue();
  }

  /** A boolean that may be left out: empty when it is. */
  public Optional<Boolean> optionalBool(String field) {
    return present(field) == null ? Optional.empty() : Optional.of(bool(field, false));
  }

  /** A required boolean. */
  public boolean bool(String field) {
    if (present(field) == null) {
      throw ApiProblem.invalidField(pathOf(field), REQUIRED, "is required (true or false)");
    }
    return bool(field, false);
  }

  /** A required enum constant, by its exact name. */
  public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
    return optionalEnum(field, type)
        .orElseThrow(
            () ->
                ApiProblem.invalidField(
                    pathOf(field), REQUIRED, "is required; one of " + names(type)));
  }

  public <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
    return optionalText(field)
        .map(
            name ->
                Arrays.stream(type.getEnumConstants())
                    .filter(constant -> constant.name().equals(name))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            ApiProblem.invalidField(
                                pathOf(field), NOT_ONE_OF, "must be one of " + names(type))));
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    return Arrays.toString(type.getEnumConstants());
  }

  /** A required whole number from {@code min} to {@code max}. */
  public int integer(String field, int min, int max) {
    JsonNode value = present(field);
    if (value == null) {
      throw ApiProblem.invalidField(
          pathOf(field), REQUIRED, "is required (" + min + " to " + max + ")");
    }
    if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
      throw ApiProblem.invalidField(
          pathOf(field), OUT_OF_RANGE, "must be a whole number from " + min + " to " + max);
    }
    return value.asInt();
  }

  /** A required time as milliseconds since the Unix epoch. */
  public long millis(String field) {
    JsonNode value = present(field);
    if (value == null) {
      throw ApiProblem.invalidField(
          pathOf(field), REQUIRED, "is required (milliseconds since 1970)");
    }
    if (!value.canConvertToExactIntegral() || !value.canConvertToLong() || value.asLong() < 0) {
      throw ApiProblem.invalidField(
          pathOf(field), NOT_A_TIME, "must be milliseconds since 1970, not negative");
    }
    return value.asLong();
  }

  /** A required ISO 8601 date, such as {@code 2019-03-14}. */
  public LocalDate date(String field) {
    String text = text(field);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalidField(pathOf(field), NOT_A_DATE, "must be a date as YYYY-MM-DD");
    }
  }

  /** A required country, as its ISO 3166-1 alpha-2 code in capitals ({@code KE}). */
  public Jurisdiction country(String field) {
    String code = text(field);
    try {
      return new Jurisdiction(code);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField(pathOf(field), NOT_A_COUNTRY, e.getMessage());
    }
  }

  /** Optional base64 bytes (standard alphabet, padding optional). */
  public Optional<Bytes> base64(String field) {
    return optionalText(field)
        .filter(text -> !text.isEmpty())
        .map(
            text -> {
              try {
                return Bytes.of(Base64.getMimeDecoder().decode(text));
              } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField(pathOf(field), NOT_BASE64, "must be base64");
              }
            });
  }

  /** A required nested object. */
  public JsonBody object(String field) {
    return optionalObject(field)
        .orElseThrow(
            () -> ApiProblem.invalidField(pathOf(field), REQUIRED, "is required (an object)"));
  }

  public Optional<JsonBody> optionalObject(String field) {
    JsonNode value = present(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isObject()) {
      throw ApiProblem.invalidField(pathOf(field), NOT_AN_OBJECT, "must be an object");
    }
    return Optional.of(new JsonBody(value, pathOf(field) + "."));
  }

  /** An optional array of objects; absent is empty. */
  public List<JsonBody> objects(String field, int max) {
    return array(
        field,
        max,
        (element, at) -> {
          if (!element.isObject()) {
            throw ApiProblem.invalidField(at, NOT_AN_OBJECT, "must be an object");
          }
          return new JsonBody(element, at + ".");
        });
  }

  /** A required, non-empty array of base64 strings (standard alphabet, strictly decoded). */
  public List<Bytes> base64s(String field, int max) {
    List<Bytes> items =
        array(
            field,
            max,
            (element, at) -> {
              if (!element.isTextual() || element.textValue().isEmpty()) {
                throw ApiProblem.invalidField(at, NOT_BASE64, "must be a non-empty base64 string");
              }
              try {
                return Bytes.of(Base64.getDecoder().decode(element.textValue()));
              } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField(at, NOT_BASE64, "must be base64 (standard alphabet)");
              }
            });
    if (items.isEmpty()) {
      throw ApiProblem.invalidField(
          pathOf(field), REQUIRED, "is required (an array of at least one entry)");
    }
    return items;
  }

  /** An optional array of strings; absent is empty. */
  public List<String> texts(String field, int max) {
    return array(
        field,
        max,
        (element, at) -> {
          if (!element.isTextual()) {
            throw ApiProblem.invalidField(at, NOT_TEXT, "must be a string");
          }
          return element.textValue();
        });
  }

  private interface Element<T> {
    T read(JsonNode element, String at);
  }

  private <T> List<T> array(String field, int max, Element<T> reader) {
    JsonNode value = present(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw ApiProblem.invalidField(pathOf(field), NOT_A_LIST, "must be an array");
    }
    if (value.size() > max) {
      throw ApiProblem.invalidField(pathOf(field), TOO_MANY, "at most " + max + " entries");
    }
    List<T> items = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      items.add(reader.read(value.get(i), pathOf(field) + "[" + i + "]"));
    }
    return items;
  }

  /**
   * Builds a value from fields with a constructor that throws {@link IllegalArgumentException}
   * whose message starts with the field's name ("givenNames: ..."), and names the field's full path
   * in the problem.
   */
  public <T> T build(String field, Function<JsonBody, T> constructor) {
    try {
      return constructor.apply(this);
    } catch (IllegalArgumentException e) {
      throw invalid(field, e);
    }
  }

  /**
   * The problem for a domain value's {@link IllegalArgumentException}: a message of the form "name:
   * detail" names a field under this object, otherwise {@code field} is named.
   */
  public ApiProblem invalid(String field, IllegalArgumentException e) {
    return ApiProblem.invalidArgument(path, pathOf(field), e);
  }
}
