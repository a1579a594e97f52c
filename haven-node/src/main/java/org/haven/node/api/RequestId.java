package org.haven.node.api;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The id a node gives each HTTP request: 16 random hex digits, in the {@value #HEADER} response
 * header, in the request's log line and as the {@code instance} of a problem answer ({@code
 * urn:haven:request:<id>}), so an officer's error report leads an operator to the log line. The
 * node makes it itself and never takes one from the client, which could otherwise write what it
 * likes into the log.
 */
public final class RequestId {
  public static final String HEADER = "X-Request-Id";
  private static final String ATTRIBUTE = "haven.request-id";
  private static final String INSTANCE_PREFIX = "urn:haven:request:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestId() {}

  /** Gives {@code ctx} a new id and answers it. */
  public static String assign(Context ctx) {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    return id;
  }

  /** The request's id, or "-" for a request that was refused before it got one. */
  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id;
  }

  /** The request as a problem's {@code instance}. */
  static String instance(Context ctx) {
    return INSTANCE_PREFIX + of(ctx);
  }
}
