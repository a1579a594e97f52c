package org.haven.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes JSON answers and RFC 9457 problem details. */
public final class HttpJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final String PROBLEM_JSON = "application/problem+json";
  private static final String PROBLEM_WRITTEN = "haven.problem-written";

  private HttpJson() {}

  public static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(HttpStatus.forStatus(status))
          .contentType("application/json")
          .result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Failed to write a JSON response", e);
    }
  }

  /**
   * Writes {@code problem} as {@code application/problem+json}, with the request's id as its {@code
   * instance} ({@link RequestId}).
   */
  public static void problem(Context ctx, ApiProblem problem) {
    problem
        .retryAfter()
        .ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
    Map<String, Object> body = problemBody(problem);
    body.put("instance", RequestId.instance(ctx));
    json(ctx, problem.status(), body);
    ctx.contentType(PROBLEM_JSON);
    ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
  }

  /** The RFC 9457 members of {@code problem}, also for a problem inside a larger answer. */
  public static Map<String, Object> problemBody(ApiProblem problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.type());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.getMessage());
    problem.reason().ifPresent(reason -> body.put("reason", reason.name()));
    if (!problem.errors().isEmpty()) {
      List<Map<String, String>> errors =
          problem.errors().stream()
              .map(
                  error ->
                      Map.of(
                          "field", error.field(),
                          "code", error.fault().code(),
                          "detail", error.detail()))
              .toList();
      body.put("errors", errors);
    }
    return body;
  }

  /** Whether a handler already wrote a problem, so a status-code error page must keep it. */
  public static boolean problemWritten(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(PROBLEM_WRITTEN));
  }
}
