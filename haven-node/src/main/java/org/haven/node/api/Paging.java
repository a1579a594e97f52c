package org.haven.node.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.haven.core.state.RegistryListing;

/**
 * The one paging scheme of every list (docs/api.md, "Lists and pages"): {@code ?limit=} from 1 to
 * {@link RegistryListing#MAX_PAGE}, default {@value #DEFAULT_LIMIT}, and {@code ?cursor=} copied
 * from the previous answer's {@code next}. Answers are {@code {"items": [...], "next": cursor |
 * null}}.
 */
public final class Paging {
  public static final int DEFAULT_LIMIT = 50;

  private Paging() {}

  /**
   * The {@code limit} parameter.
   *
   * @throws ApiProblem 400 naming {@code limit} unless it is a whole number in range
   */
  public static int limit(Context ctx) {
    String text = ctx.queryParam("limit");
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= RegistryListing.MAX_PAGE) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below with the same message as an out-of-range number
    }
    throw ApiProblem.invalidField(
        "limit", "must be a whole number from 1 to " + RegistryListing.MAX_PAGE);
  }

  /** The {@code cursor} parameter, as the previous page gave it. */
  public static Optional<String> cursor(Context ctx) {
    return Optional.ofNullable(ctx.queryParam("cursor")).filter(text -> !text.isEmpty());
  }

  /**
   * Reads a page from a listing, turning a cursor the listing refuses into a 400 naming {@code
   * cursor}.
   */
  public static <T> RegistryListing.Page<T> read(Context ctx, ListingPage<T> listing) {
    try {
      return listing.read(cursor(ctx), limit(ctx));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidArgument("", "cursor", e);
    }
  }

  /** A listing's page for a cursor and limit. */
  public interface ListingPage<T> {
    RegistryListing.Page<T> read(Optional<String> cursor, int limit);
  }

  /**
   * One page of a list already in memory, such as one child's timeline: the cursor is the position
   * of the next item.
   */
  public static <T> RegistryListing.Page<T> slice(Context ctx, List<T> all) {
    int limit = limit(ctx);
    long from = cursor(ctx).map(Paging::position).orElse(0L);
    if (from > all.size()) {
      throw ApiProblem.invalidField("cursor", "is beyond the end of this list");
    }
    int to = (int) Math.min(all.size(), from + limit);
    Optional<String> next = to < all.size() ? Optional.of(positionCursor(to)) : Optional.empty();
    return new RegistryListing.Page<>(all.subList((int) from, to), next);
  }

  /**
   * The cursor for the item at {@code position} of a list that is not read from a table, such as
   * the blocks newest first.
   */
  public static String positionCursor(long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Long.toString(position).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The position a {@link #positionCursor} names.
   *
   * @throws ApiProblem 400 naming {@code cursor} if it is not one
   */
  public static long position(String cursor) {
    try {
      long position =
          Long.parseLong(
              new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
      if (position >= 0) {
        return position;
      }
    } catch (IllegalArgumentException e) {
      // reported below: NumberFormatException is an IllegalArgumentException too
    }
    throw ApiProblem.invalidField(
        "cursor", "not one this list gave; copy the previous page's next");
  }

  /** Writes {@code page} as {@code {...extra, "items", "next"}}. */
  public static <T> void answer(
      Context ctx, RegistryListing.Page<T> page, Function<T, Object> format, Object... extra) {
    Map<String, Object> answer = new LinkedHashMap<>();
    for (int i = 0; i < extra.length; i += 2) {
      answer.put((String) extra[i], extra[i + 1]);
    }
    answer.put("items", page.items().stream().map(format).toList());
    answer.put("next", page.next().orElse(null));
    HttpJson.json(ctx, 200, answer);
  }
}
