package org.haven.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.haven.consensus.NodeBusyException;
import org.haven.consensus.RaftNode;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.merkle.ConsistencyProof;
import org.haven.core.merkle.InclusionProof;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.Validation;

/**
 * The node's minimal HTTP endpoint: submit a signed transaction, read blocks, checkpoints and
 * proofs. Errors are RFC 9457 problem details. Built unbound; {@link #start} binds the port.
 */
final class NodeApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROBLEM_JSON = "application/problem+json";

  private final Function<Bytes, CompletableFuture<Receipt>> submitter;
  private final LedgerQueries queries;
  private final RaftNode raft;
  private final Javalin app;

  NodeApi(
      Function<Bytes, CompletableFuture<Receipt>> submitter, LedgerQueries queries, RaftNode raft) {
    this.submitter = submitter;
    this.queries = queries;
    this.raft = raft;
    this.app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = Transaction.MAX_ENCODED_SIZE + 1024;
              config.startup.showJavalinBanner = false;
              config.routes.post("/api/v1/transactions", this::submit);
              config.routes.get("/api/v1/transactions/{id}", this::transaction);
              config.routes.get("/api/v1/status", this::status);
              config.routes.get("/api/v1/checkpoint", this::latestCheckpoint);
              config.routes.get("/api/v1/blocks/{height}", this::block);
              config.routes.get("/api/v1/proofs/inclusion", this::inclusion);
              config.routes.get("/api/v1/proofs/consistency", this::consistency);
              config.routes.exception(
                  BadRequest.class,
                  (e, ctx) -> problem(ctx, 400, "Bad request", e.getMessage(), null));
              config.routes.exception(
                  NotFound.class, (e, ctx) -> problem(ctx, 404, "Not found", e.getMessage(), null));
              config.routes.exception(
                  IllegalArgumentException.class,
                  (e, ctx) -> problem(ctx, 400, "Bad request", e.getMessage(), null));
              config.routes.error(
                  413,
                  ctx ->
                      problem(
                          ctx,
                          413,
                          "Transaction too large",
                          "A transaction may be at most "
                              + Transaction.MAX_ENCODED_SIZE
                              + " bytes.",
                          RejectReason.OVERSIZED));
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null) {
                      problem(ctx, 404, "Not found", "No such resource: " + ctx.path(), null);
                    }
                  });
            });
  }

  void start(String host, int port) {
    app.start(host, port);
  }

  int port() {
    return app.port();
  }

  void stop() {
    app.stop();
  }

  /** A request that names something wrongly; the message says what and how to fix it. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  private void submit(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw new BadRequest(
          "The request body is empty. Send the transaction's canonical bytes as"
              + " application/octet-stream.");
    }
    ctx.future(
        () ->
            submitter
                .apply(Bytes.of(body))
                .handle(
                    (receipt, failure) -> {
                      if (failure != null) {
                        failed(ctx, failure);
                      } else {
                        receipt(ctx, receipt);
                      }
                      return null;
                    }));
  }

  private static void receipt(Context ctx, Receipt receipt) {
    if (receipt.result().validation() instanceof Validation.Rejected) {
      Validation.Rejected rejected = (Validation.Rejected) receipt.result().validation();
      int status =
          switch (rejected.reason()) {
            case MALFORMED -> 400;
            case OVERSIZED -> 413;
            case DUPLICATE_ID, CONFLICT -> 409;
            default -> 422;
          };
      problem(ctx, status, "Transaction rejected", rejected.detail(), rejected.reason());
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", receipt.result().id().map(Hash::toHex).orElseThrow());
    body.put("logIndex", receipt.result().logIndex());
    body.put("blockHeight", receipt.blockHeight());
    json(ctx, 200, body);
  }

  private static void failed(Context ctx, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof NodeBusyException) {
      ctx.header("Retry-After", "1");
      problem(ctx, 503, "Node busy", cause.getMessage(), null);
    } else {
      problem(
          ctx,
          503,
          "Not committed",
          "The transaction could not be committed: "
              + cause.getMessage()
              + ". It may be retried: a transaction is never applied twice.",
          null);
    }
  }

  private void transaction(Context ctx) {
    Hash id;
    try {
      id = Hash.fromHex(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("The transaction id must be 64 hex characters.");
    }
    long index =
        queries
            .logIndexOf(id)
            .orElseThrow(() -> new NotFound("No transaction " + id + " is on the ledger."));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id.toHex());
    body.put("logIndex", index);
    body.put("transaction", queries.transaction(index).orElseThrow().toBase64());
    json(ctx, 200, body);
  }

  private void status(Context ctx) throws IOException {
    BlockHeader head = queries.head();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodeId", raft.id());
    body.put("leader", raft.isLeader());
    body.put("height", head.height());
    body.put("treeSize", head.treeSize());
    body.put("root", head.logRoot().toBase64());
    json(ctx, 200, body);
  }

  private void latestCheckpoint(Context ctx) {
    long height = queries.head().height();
    ctx.contentType("text/plain; charset=utf-8").result(queries.checkpoint(height).orElseThrow());
  }

  private void block(Context ctx) {
    long height = longParam(ctx.pathParam("height"), "height");
    BlockHeader header =
        queries.header(height).orElseThrow(() -> new NotFound("No block " + height + " yet."));
    json(ctx, 200, HeaderJson.of(header, queries.checkpoint(height).orElse(null)));
  }

  private void inclusion(Context ctx) {
    long index = longParam(ctx.queryParam("index"), "index");
    long size = sizeParam(ctx);
    InclusionProof proof = queries.inclusionProof(index, size);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leafIndex", proof.leafIndex());
    body.put("treeSize", proof.treeSize());
    body.put("leaf", queries.transaction(index).orElseThrow().toBase64());
    body.put("path", base64(proof.path()));
    json(ctx, 200, body);
  }

  private void consistency(Context ctx) {
    long from = longParam(ctx.queryParam("from"), "from");
    long size = sizeParam(ctx);
    ConsistencyProof proof = queries.consistencyProof(from, size);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("size1", proof.size1());
    body.put("size2", proof.size2());
    body.put("path", base64(proof.path()));
    json(ctx, 200, body);
  }

  private long sizeParam(Context ctx) {
    String size = ctx.queryParam("size");
    return size == null ? queries.head().treeSize() : longParam(size, "size");
  }

  private static List<String> base64(List<Hash> hashes) {
    return hashes.stream().map(Hash::toBase64).collect(Collectors.toList());
  }

  private static long longParam(String value, String name) {
    if (value == null) {
      throw new BadRequest("The parameter '" + name + "' is required.");
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new BadRequest("The parameter '" + name + "' must be a non-negative integer.");
    }
  }

  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  private static void problem(
      Context ctx, int status, String title, String detail, RejectReason reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", reason == null ? "about:blank" : "urn:haven:reject:" + reason.name());
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    if (reason != null) {
      body.put("reason", reason.name());
    }
    json(ctx, status, body);
    ctx.contentType(PROBLEM_JSON);
  }

  private static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(HttpStatus.forStatus(status))
          .contentType("application/json")
          .result(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("Failed to write a JSON response", e);
    }
  }
}
