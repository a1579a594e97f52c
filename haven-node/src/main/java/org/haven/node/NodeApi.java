package org.haven.node;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.haven.consensus.CheckpointWitness;
import org.haven.consensus.LedgerStateMachine;
import org.haven.consensus.NodeBusyException;
import org.haven.consensus.RaftNode;
import org.haven.consensus.Receipt;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Hash;
import org.haven.core.ledger.BlockCheckpoint;
import org.haven.core.ledger.BlockHeader;
import org.haven.core.merkle.ConsistencyProof;
import org.haven.core.merkle.InclusionProof;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.RejectReason;
import org.haven.core.tx.Transaction;
import org.haven.core.tx.Validation;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.IdempotencyKey;
import org.haven.node.api.JsonBody;
import org.haven.node.api.RecentOutcomes;
import org.haven.node.api.RequestId;
import org.haven.node.border.BorderRoutes;
import org.haven.node.border.BundleService;
import org.haven.node.border.CardService;
import org.haven.node.registry.AlertCaseRoutes;
import org.haven.node.registry.ChildSearchRoutes;
import org.haven.node.registry.FoundChildRoutes;
import org.haven.node.registry.HistoryRoutes;
import org.haven.node.registry.LedgerWriter;
import org.haven.node.registry.RegistryRoutes;
import org.haven.node.registry.RegistryService;
import org.haven.node.report.ExpectedBirths;
import org.haven.node.report.ReportRoutes;
import org.haven.node.web.WebApp;
import org.haven.storage.RocksLedgerStore;
import org.haven.vault.Photo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoint: officers' sessions, the child registry, and the ledger itself (submit a
 * signed transaction, read blocks, checkpoints and proofs), and the officers' web app. Errors are
 * RFC 9457 problem details (see docs/api.md). Built unbound; {@link #start} binds the port.
 */
final class NodeApi {
  private static final Logger LOG = LoggerFactory.getLogger(NodeApi.class);

  /** The largest request body: a declaration with a photo of {@link Photo#MAX_BYTES} in base64. */
  static final int MAX_REQUEST_BYTES = 512 * 1024;

  /** The most transactions one batch may carry: a block's worth. */
  static final int MAX_BATCH_TRANSACTIONS = 1000;

  private static final long MAX_DISCARDED_BYTES = 2L * BorderRoutes.MAX_SCAN_BYTES;

  /** The routes whose body is not JSON, and the media types each takes. */
  private static final Map<String, Set<String>> BODY_TYPES =
      Map.of(
          "/api/v1/transactions", Set.of("application/octet-stream"),
          "/api/v1/crossings", Set.of(BorderRoutes.SIGNED_CROSSING_TYPE, "application/json"),
          "/api/v1/border/scan", Set.of("image/png", "image/jpeg"));

  private static final Set<String> JSON = Set.of("application/json");

  private static final Set<HandlerType> WRITES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  /** Logging in and out is not a write to the ledger, and a login's answer holds a secret. */
  private static final String SESSION_ROUTE = "/api/v1/session";

  private static final String IDEMPOTENCY_CLAIM = "haven.idempotency-claim";

  private static final Duration SNAPSHOT_LISTING_AGE = Duration.ofSeconds(1);

  private record SnapshotsSeen(LedgerStateMachine.Snapshots snapshots, long atNanos) {}

  /** A request that claimed its Idempotency-Key, to be settled with its answer. */
  private record HeldClaim(String scope, IdempotencyKey key, Hash fingerprint) {}

  /** The OpenAPI document, served as it is kept in the resources. */
  static final String OPENAPI_RESOURCE = "/org/haven/node/openapi.json";

  private final Function<List<Bytes>, List<CompletableFuture<Receipt>>> submitter;
  private final LedgerQueries queries;
  private final LedgerHead ledgerHead;
  private final RaftNode raft;
  private final Supplier<LedgerStateMachine.Snapshots> snapshots;
  private final CheckpointWitness witness;
  private final OfficerAccess officers;
  private final HealthRoutes health;
  private final HttpEndpoint endpoint;
  private final RecentOutcomes outcomes = new RecentOutcomes(RecentOutcomes.DEFAULT_CAPACITY);
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile SnapshotsSeen snapshotsSeen;
  private volatile boolean refusing;
  private final Javalin app;

  NodeApi(
      Function<List<Bytes>, List<CompletableFuture<Receipt>>> submitter,
      LedgerQueries queries,
      LedgerHead ledgerHead,
      RaftNode raft,
      Supplier<LedgerStateMachine.Snapshots> snapshots,
      CheckpointWitness witness,
      OfficerAccess officers,
      RegistryService registry,
      CardService cards,
      BundleService bundles,
      WebApp web,
      RocksLedgerStore store,
      LedgerWriter writer,
      SecureRandom random,
      byte[] genesisFile,
      HealthRoutes health,
      HttpEndpoint endpoint,
      RequestTelemetry telemetry,
      ExpectedBirths expectedBirths) {
    this.submitter = submitter;
    this.endpoint = endpoint;
    this.queries = queries;
    this.ledgerHead = ledgerHead;
    this.raft = raft;
    this.snapshots = snapshots;
    this.witness = witness;
    this.officers = officers;
    this.health = health;
    RegistryRoutes registryRoutes = new RegistryRoutes(registry, cards, officers::actor);
    FoundChildRoutes foundRoutes = new FoundChildRoutes(registry.found(), officers::actor);
    AlertCaseRoutes alertCaseRoutes = new AlertCaseRoutes(registry.alertCases(), officers::actor);
    ChildSearchRoutes searchRoutes = new ChildSearchRoutes(registry.search(), officers::actor);
    HistoryRoutes historyRoutes = new HistoryRoutes(registry, officers::actor);
    BorderRoutes borderRoutes = new BorderRoutes(cards, bundles, registry, officers::actor);
    AuditRoutes auditRoutes = new AuditRoutes(queries, store, officers::actor);
    GovernanceRoutes governanceRoutes = new GovernanceRoutes(writer, store, store, officers::actor);
    ReportRoutes reportRoutes =
        new ReportRoutes(queries, expectedBirths, officers::actor, Clock.systemUTC());
    byte[] openApi = openApiDocument();
    this.app =
        Javalin.create(
            config -> {
              config.http.maxRequestSize = BorderRoutes.MAX_SCAN_BYTES;
              config.http.prefer405over404 = true;
              config.startup.showJavalinBanner = false;
              endpoint.tlsConnector().ifPresent(config.jetty::addConnector);
              telemetry.addTo(config);
              config.routes.beforeMatched(this::admit);
              config.routes.afterMatched(ctx -> inFlight.decrementAndGet());
              health.addTo(config.routes);
              config.routes.before(this::strictTransport);
              config.routes.beforeMatched(NodeApi::checkBody);
              config.routes.beforeMatched(this::checkSessionTransport);
              config.routes.before("/api/v1/*", NodeApi::noStore);
              config.routes.beforeMatched(this::claimIdempotencyKey);
              config.routes.afterMatched(this::settleIdempotencyKey);
              config.routes.get(
                  "/api/v1/openapi.json",
                  ctx -> ctx.contentType("application/json").result(openApi));
              config.routes.post("/api/v1/transactions", this::submit);
              config.routes.post("/api/v1/transactions/batch", this::submitBatch);
              config.routes.get("/api/v1/transactions/{id}", this::transaction);
              config.routes.get("/api/v1/status", this::status);
              config.routes.get(
                  "/api/v1/genesis",
                  ctx -> ctx.contentType("application/json").result(genesisFile));
              config.routes.get("/api/v1/checkpoint", this::latestCheckpoint);
              config.routes.get("/api/v1/blocks/{height}", this::block);
              config.routes.get("/api/v1/proofs/inclusion", this::inclusion);
              config.routes.get("/api/v1/proofs/consistency", this::consistency);
              officers.addTo(config.routes);
              registryRoutes.addTo(config.routes);
              foundRoutes.addTo(config.routes);
              alertCaseRoutes.addTo(config.routes);
              searchRoutes.addTo(config.routes);
              historyRoutes.addTo(config.routes);
              borderRoutes.addTo(config.routes);
              web.addTo(config);
              auditRoutes.addTo(config.routes);
              governanceRoutes.addTo(config.routes);
              reportRoutes.addTo(config.routes);
              config.routes.exception(ApiProblem.class, (e, ctx) -> HttpJson.problem(ctx, e));
              config.routes.exception(
                  IllegalArgumentException.class,
                  (e, ctx) -> HttpJson.problem(ctx, ApiProblem.invalidArgument("", null, e)));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error(
                        "Request {} {} failed (request {})",
                        ctx.method(),
                        RequestTelemetry.route(ctx),
                        RequestId.of(ctx),
                        e);
                    HttpJson.problem(
                        ctx,
                        ApiProblem.internal(
                            "The node failed to handle the request; its log says why. Nothing"
                                + " acknowledged is lost."));
                  });
              config.routes.error(
                  413,
                  ctx -> {
                    if (!HttpJson.problemWritten(ctx)) {
                      HttpJson.problem(ctx, ApiProblem.tooLarge(sizeLimit(ctx.path())));
                    }
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (!HttpJson.problemWritten(ctx)) {
                      HttpJson.problem(
                          ctx,
                          ApiProblem.notFound(
                              "No such resource: "
                                  + ctx.path()
                                  + ". The routes are listed at /api/v1/openapi.json."));
                    }
                  });
              config.routes.error(
                  405,
                  ctx -> {
                    String allowed = String.join(", ", methodsOf(ctx.path()));
                    ctx.header("Allow", allowed);
                    HttpJson.problem(
                        ctx,
                        ApiProblem.methodNotAllowed(
                            ctx.method()
                                + " is not allowed on "
                                + ctx.path()
                                + "; use "
                                + allowed
                                + "."));
                  });
            });
  }

  /** The methods some route takes at {@code path}, for a 405's {@code Allow} header. */
  private List<String> methodsOf(String path) {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(entry -> entry.endpoint.method.isHttpMethod() && entry.matches(path))
        .map(entry -> entry.endpoint.method.name())
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Every API route the app serves, as "METHOD /api/v1/...": what the OpenAPI document must
   * describe. Pages of the web app outside {@code /api/v1} are not part of the API.
   */
  List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .filter(entry -> entry.endpoint.method.isHttpMethod())
        .filter(entry -> entry.endpoint.path.startsWith("/api/v1/"))
        .map(entry -> entry.endpoint.method.name() + " " + entry.endpoint.path)
        .sorted()
        .toList();
  }

  /**
   * Every API answer says {@code Cache-Control: no-store}. Most carry a child's data, a session's
   * token or an officer's credential, which no browser cache or proxy may keep; a default that a
   * new route cannot forget is safer than a list of the routes that need it.
   */
  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }

  /**
   * Refuses, before the handler runs, a body over its route's limit (413, naming the limit) or of a
   * media type the route does not take (415, naming those it takes).
   */
  private static void checkBody(Context ctx) {
    if (ctx.method() != HandlerType.POST && ctx.method() != HandlerType.PUT) {
      return;
    }
    long limit =
        ctx.path().equals("/api/v1/border/scan") ? BorderRoutes.MAX_SCAN_BYTES : MAX_REQUEST_BYTES;
    long length = ctx.contentLength() >= 0 ? ctx.contentLength() : ctx.bodyAsBytes().length;
    if (length > limit) {
      discardBody(ctx);
      throw ApiProblem.tooLarge(sizeLimit(ctx.path()));
    }
    if (length == 0) {
      return;
    }
    Set<String> accepted = BODY_TYPES.getOrDefault(ctx.path(), JSON);
    String type = ctx.contentType();
    // A client that names no type is taken at its word that it sends what the route reads.
    if (type == null) {
      return;
    }
    String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!accepted.contains(mediaType)) {
      throw ApiProblem.unsupportedMediaType(
          "This route takes "
              + String.join(" or ", accepted.stream().sorted().toList())
              + ", not "
              + mediaType
              + "; send the body with that Content-Type.");
    }
  }

  /**
   * Answers a write that repeats an earlier one with the same Idempotency-Key from {@link
   * RecentOutcomes}; refuses a key reused for another request (422) or still in use (409); claims a
   * new key, for {@link #settleIdempotencyKey} to record the answer.
   */
  private void claimIdempotencyKey(Context ctx) {
    if (!WRITES.contains(ctx.method())
        || !ctx.path().startsWith("/api/v1/")
        || ctx.path().equals(SESSION_ROUTE)) {
      return;
    }
    Optional<IdempotencyKey> key = IdempotencyKey.of(ctx);
    if (key.isEmpty()) {
      return;
    }
    String scope = officers.keyScope(ctx);
    Hash fingerprint =
        Hash.sha256(
            new CanonicalWriter()
                .string(ctx.method().name())
                .string(ctx.path())
                .string(Objects.toString(ctx.queryString(), ""))
                .hash(Hash.sha256(ctx.bodyAsBytes()))
                .toBytes());
    RecentOutcomes.Claim claim = outcomes.claim(scope, key.get(), fingerprint);
    if (claim instanceof RecentOutcomes.Replay replay) {
      RecentOutcomes.Outcome outcome = replay.outcome();
      outcome.location().ifPresent(location -> ctx.header("Location", location));
      ctx.header(IdempotencyKey.REPLAYED_HEADER, "true");
      ctx.status(outcome.status()).contentType(outcome.contentType());
      ctx.result(outcome.body().toArray());
      ctx.skipRemainingHandlers();
    } else if (claim instanceof RecentOutcomes.InProgress) {
      throw ApiProblem.conflict(
          "A request with this "
              + IdempotencyKey.HEADER
              + " is still being done; wait for its answer, or retry in a few seconds with the"
              + " same key.");
    } else if (claim instanceof RecentOutcomes.Mismatch) {
      throw ApiProblem.unprocessable(
          IdempotencyKey.HEADER,
          "this key was already used for a different request; send a fresh key with each new"
              + " request, and the same key only to retry the same request.");
    } else {
      ctx.attribute(IDEMPOTENCY_CLAIM, new HeldClaim(scope, key.get(), fingerprint));
    }
  }

  /** Records the answer to a request that claimed its key, or frees the key for a retry. */
  private void settleIdempotencyKey(Context ctx) throws IOException {
    HeldClaim claim = ctx.attribute(IDEMPOTENCY_CLAIM);
    if (claim == null) {
      return;
    }
    byte[] body;
    try (InputStream result = ctx.resultInputStream()) {
      body = result == null ? new byte[0] : result.readAllBytes();
    }
    ctx.result(body);
    String contentType = Objects.toString(ctx.res().getContentType(), "application/json");
    outcomes.settle(
        claim.scope(),
        claim.key(),
        claim.fingerprint(),
        new RecentOutcomes.Outcome(
            ctx.statusCode(),
            contentType,
            Bytes.of(body),
            Optional.ofNullable(ctx.res().getHeader("Location"))));
  }

  /**
   * Reads and drops an oversized body (up to {@link #MAX_DISCARDED_BYTES}) before it is refused. A
   * server that answers while the client is still sending and then closes the connection resets it,
   * and the client loses the 413 that says what went wrong; a body larger still is not worth
   * reading, and that client gets the reset.
   */
  private static void discardBody(Context ctx) {
    try (InputStream body = ctx.req().getInputStream()) {
      long discarded = 0;
      while (discarded <= MAX_DISCARDED_BYTES) {
        long skipped = body.skip(64 * 1024);
        if (skipped <= 0 && body.read() < 0) {
          return;
        }
        discarded += Math.max(skipped, 1);
      }
    } catch (IOException e) {
      LOG.debug("An oversized request body could not be read to its end", e);
    }
  }

  private static String sizeLimit(String path) {
    return path.equals("/api/v1/border/scan")
        ? "A card photo may be at most " + BorderRoutes.MAX_SCAN_BYTES / (1024 * 1024) + " MiB."
        : "A request body may be at most "
            + MAX_REQUEST_BYTES / 1024
            + " KiB; a photo at most "
            + Photo.MAX_BYTES / 1024
            + " KiB and a transaction at most "
            + Transaction.MAX_ENCODED_SIZE
            + " bytes.";
  }

  /**
   * Over HTTPS every answer, pages and errors included, says {@code Strict-Transport-Security}: the
   * browser then never tries this node in plain HTTP again, where a man in the middle could answer.
   */
  private void strictTransport(Context ctx) {
    if (endpoint.secure(ctx)) {
      ctx.header("Strict-Transport-Security", HttpEndpoint.HSTS);
    }
  }

  /**
   * Refuses a login, or a request that carries a session token, that travelled where a password or
   * token could be read on the way (403, before the handler runs): see {@link
   * HttpEndpoint#carriesSessions}. The password or token has crossed already; the refusal makes the
   * misconfiguration loud rather than quietly working.
   */
  private void checkSessionTransport(Context ctx) {
    boolean login = ctx.method() == HandlerType.POST && ctx.path().equals("/api/v1/session");
    if ((login || OfficerAccess.carriesSession(ctx)) && !endpoint.carriesSessions(ctx)) {
      throw ApiProblem.httpsRequired(endpoint.sessionRefusal());
    }
  }

  private static byte[] openApiDocument() {
    try (InputStream in = NodeApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The OpenAPI document " + OPENAPI_RESOURCE + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("Failed to read the OpenAPI document " + OPENAPI_RESOURCE, e);
    }
  }

  void start() {
    app.start(endpoint.host(), endpoint.port());
  }

  int port() {
    return app.port();
  }

  String url() {
    return endpoint.url(port());
  }

  /** Refuses every request from now on with a 503 that sends the client to another member. */
  void refuseNewRequests() {
    refusing = true;
  }

  /** Waits up to {@code patience} for the requests being handled to be answered. */
  void awaitIdle(Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  void stop() {
    app.stop();
  }

  /** Counts the request in, unless the node is stopping. */
  private void admit(Context ctx) {
    inFlight.incrementAndGet();
    if (refusing) {
      throw ApiProblem.unavailable(
          "This node is stopping and takes no more requests; nothing was changed. Retry on"
              + " another member, or here once it has restarted.");
    }
  }

  private void submit(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw ApiProblem.badRequest(
          "The request body is empty. Send the transaction's canonical bytes as"
              + " application/octet-stream.");
    }
    if (body.length > Transaction.MAX_ENCODED_SIZE) {
      throw oversized(body.length);
    }
    ctx.future(
        () ->
            submitter
                .apply(List.of(Bytes.of(body)))
                .get(0)
                .orTimeout(LedgerWriter.COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle(NodeApi::receiptJson)
                .thenAccept(json -> HttpJson.json(ctx, 200, json)));
  }

  /**
   * Submits up to {@link #MAX_BATCH_TRANSACTIONS} signed transactions in one request, for clients
   * that hold many at once (a migration of existing records, the cluster benchmark). Each is
   * checked and committed on its own, exactly as if it had been posted alone at that moment; the
   * answer lists, in order, each one's receipt or problem.
   */
  private void submitBatch(Context ctx) {
    List<Bytes> transactions =
        JsonBody.parse(ctx.bodyAsBytes()).base64s("transactions", MAX_BATCH_TRANSACTIONS);
    List<Bytes> fitting =
        transactions.stream().filter(tx -> tx.size() <= Transaction.MAX_ENCODED_SIZE).toList();
    Iterator<CompletableFuture<Receipt>> submitted = submitter.apply(fitting).iterator();
    List<CompletableFuture<Map<String, Object>>> results = new ArrayList<>(transactions.size());
    for (Bytes tx : transactions) {
      results.add(
          tx.size() > Transaction.MAX_ENCODED_SIZE
              ? CompletableFuture.completedFuture(HttpJson.problemBody(oversized(tx.size())))
              : submitted.next().handle(NodeApi::resultJson));
    }
    ctx.future(
        () ->
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenRun(
                    () ->
                        HttpJson.json(
                            ctx,
                            200,
                            Map.of(
                                "results",
                                results.stream().map(CompletableFuture::join).toList()))));
  }

  private static ApiProblem oversized(int size) {
    return ApiProblem.rejected(
        new Validation.Rejected(
            RejectReason.OVERSIZED,
            "A transaction may be at most "
                + Transaction.MAX_ENCODED_SIZE
                + " bytes; this one is "
                + size
                + "."));
  }

  /** A receipt as the answer's JSON, or the problem that refused the transaction as JSON. */
  private static Map<String, Object> resultJson(Receipt receipt, Throwable failure) {
    try {
      return receiptJson(receipt, failure);
    } catch (ApiProblem problem) {
      return HttpJson.problemBody(problem);
    }
  }

  /**
   * A receipt as the answer's JSON.
   *
   * @throws ApiProblem if the transaction was refused or could not be committed
   */
  private static Map<String, Object> receiptJson(Receipt receipt, Throwable failure) {
    if (failure != null) {
      throw notConfirmed(failure);
    }
    if (receipt.result().validation() instanceof Validation.Rejected rejected) {
      throw ApiProblem.rejected(rejected);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", receipt.result().id().map(Hash::toHex).orElseThrow());
    body.put("logIndex", receipt.result().logIndex());
    body.put("blockHeight", receipt.blockHeight());
    return body;
  }

  private static ApiProblem notConfirmed(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof NodeBusyException) {
      return ApiProblem.unavailable(cause.getMessage() + "; nothing was changed.");
    }
    String why =
        cause instanceof TimeoutException
            ? "within " + LedgerWriter.COMMIT_TIMEOUT.toSeconds() + " s"
            : "(" + cause.getMessage() + ")";
    return ApiProblem.outcomeUnknown(
        "The ledger did not confirm the transaction "
            + why
            + ": it may still be committed. Send the same signed transaction again, to this"
            + " member or another: it is applied once, and a copy already on the ledger is"
            + " answered 409 DUPLICATE_ID.");
  }

  /**
   * A transaction's body, for an auditor: bodies show where children crossed, who raised an alert
   * and who read whose data, so the log is public only as hashes (see {@link #inclusion}).
   */
  private void transaction(Context ctx) {
    requireBodyReader(ctx);
    Hash id;
    try {
      id = Hash.fromHex(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("The transaction id must be 64 hex characters.");
    }
    long index =
        queries
            .logIndexOf(id)
            .orElseThrow(() -> ApiProblem.notFound("No transaction " + id + " is on the ledger."));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id.toHex());
    body.put("logIndex", index);
    body.put("transaction", queries.transaction(index).orElseThrow().toBase64());
    body.putAll(kindAndActor(index));
    HttpJson.json(ctx, 200, body);
  }

  /**
   * What kind of transaction the log holds at {@code index} and who made it, for an auditor who
   * reads its body anyway: a proof then says what it proves without the page decoding bytes.
   */
  private Map<String, Object> kindAndActor(long index) {
    Transaction tx = queries.decodedTransaction(index);
    return Map.of("kind", tx.kind().name(), "actor", tx.body().actor().value());
  }

  /**
   * Refuses a request for transaction bodies unless it comes from an auditor's session: 401 without
   * a session, 403 for another role. Members read the log from their own replica, never over this
   * API.
   */
  private void requireBodyReader(Context ctx) {
    officers.actor(ctx).require(Permissions.Action.READ_TRANSACTIONS);
  }

  /**
   * The node's state for operators and monitors. Everything here is read from memory (the ledger's
   * facts as of the last applied block, Ratis's in-memory state, the witness's last results, the
   * snapshot listing at most once a second), so it answers quickly under load.
   */
  private void status(Context ctx) throws IOException {
    LedgerHead.Facts ledger = ledgerHead.facts();
    BlockHeader head = ledger.head();
    RaftNode.Status raftStatus = raft.status();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodeId", raft.id());
    body.put("leader", raftStatus.role().equals("LEADER"));
    body.put("height", head.height());
    body.put("treeSize", head.treeSize());
    body.put("recordTreeSize", ledger.recordTreeSize());
    body.put("root", head.logRoot().toBase64());
    body.put("timestamp", head.timestampMillis());
    Map<String, Object> consensus = new LinkedHashMap<>();
    consensus.put("role", raftStatus.role());
    consensus.put("term", raftStatus.term());
    consensus.put("leaderId", raftStatus.leader().orElse(null));
    consensus.put("lastAppliedIndex", raftStatus.lastAppliedIndex());
    consensus.put("peerCommitIndexes", raftStatus.commitIndexes());
    consensus.put("appendRepairs", raftStatus.appendRepairs());
    consensus.put(
        "peers",
        raft.configuration().stream()
            .map(peer -> Map.of("id", peer.id(), "address", peer.address()))
            .toList());
    LedgerStateMachine.Snapshots held = recentSnapshots();
    consensus.put("snapshotIndex", held.latestIndex() < 0 ? null : held.latestIndex());
    consensus.put(
        "installedSnapshotIndex", held.installedIndex() < 0 ? null : held.installedIndex());
    consensus.put("refusedSnapshot", held.refused().orElse(null));
    body.put("raft", consensus);
    body.put(
        "lastFinalCheckpoint", ledger.finalCheckpoint().map(NodeApi::checkpointJson).orElse(null));
    body.put("lastCosigned", witness.lastCosigned().map(NodeApi::checkpointJson).orElse(null));
    body.put("notCosigning", witness.held().orElse(null));
    body.put(
        "divergences",
        witness.divergences().stream().map(NodeApi::divergenceJson).collect(Collectors.toList()));
    body.put("health", health.statusJson());
    HttpJson.json(ctx, 200, body);
  }

  /**
   * The snapshots this member holds, listed from disk at most once a second: a listing waits behind
   * the disk when the node is busy writing.
   */
  private LedgerStateMachine.Snapshots recentSnapshots() {
    SnapshotsSeen seen = snapshotsSeen;
    long now = System.nanoTime();
    if (seen == null || now - seen.atNanos() > SNAPSHOT_LISTING_AGE.toNanos()) {
      seen = new SnapshotsSeen(snapshots.get(), now);
      snapshotsSeen = seen;
    }
    return seen.snapshots();
  }

  private static Map<String, Object> checkpointJson(BlockCheckpoint checkpoint) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("treeSize", checkpoint.treeSize());
    json.put("root", checkpoint.root().toBase64());
    json.put("height", checkpoint.height());
    json.put("blockHash", checkpoint.blockHash().toHex());
    return json;
  }

  private static Map<String, Object> divergenceJson(CheckpointWitness.Divergence divergence) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("detectedAt", divergence.detectedAt().toString());
    json.put("kind", divergence.kind().name());
    json.put("member", divergence.member().value());
    json.put("treeSize", divergence.treeSize());
    json.put("theirRoot", divergence.theirRoot().toBase64());
    json.put("otherRoot", divergence.otherRoot().map(Hash::toBase64).orElse(null));
    json.put("detail", divergence.detail());
    return json;
  }

  private void latestCheckpoint(Context ctx) {
    SignedNote note =
        queries
            .finalCheckpoint()
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "No checkpoint is final yet: too few members have cosigned one. Each"
                            + " block's checkpoint signed by this node alone is at GET"
                            + " /api/v1/blocks/{height}."));
    ctx.contentType("text/plain; charset=utf-8").result(note.format());
  }

  private void block(Context ctx) {
    long height = longParam(ctx.pathParam("height"), "height");
    BlockHeader header =
        queries
            .header(height)
            .orElseThrow(() -> ApiProblem.notFound("No block " + height + " yet."));
    HttpJson.json(ctx, 200, HeaderJson.of(header, queries.checkpoint(height).orElse(null)));
  }

  /**
   * An RFC 9162 inclusion proof. By {@code hash}, the RFC 6962 leaf hash of a transaction the asker
   * already holds, it is public: the answer holds hashes only, so anyone can check that a
   * transaction they were given is in the log without being able to read any other. By {@code
   * index} it carries the leaf itself, a transaction body, and is for auditors only (see {@link
   * #transaction}).
   */
  private void inclusion(Context ctx) {
    String hash = ctx.queryParam("hash");
    if (hash != null && ctx.queryParam("index") != null) {
      throw ApiProblem.badRequest(
          "Give either 'hash' (a leaf hash you hold) or 'index' (auditors only), not both.");
    }
    if (hash == null) {
      requireBodyReader(ctx);
    }
    Optional<Hash> leafHash = hash == null ? Optional.empty() : Optional.of(leafHashParam(hash));
    long index =
        leafHash.isPresent()
            ? queries
                .leafIndexOf(leafHash.get())
                .orElseThrow(
                    () ->
                        ApiProblem.notFound(
                            "No transaction in the log has the leaf hash " + hash + "."))
            : longParam(ctx.queryParam("index"), "index");
    long size = sizeParam(ctx);
    if (leafHash.isPresent() && index >= size) {
      throw ApiProblem.notFound(
          "The leaf "
              + hash
              + " is at log index "
              + index
              + ", beyond the tree size "
              + size
              + "; ask again once a checkpoint covering it is final, or pass a larger 'size'.");
    }
    InclusionProof proof = queries.inclusionProof(index, size);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leafIndex", proof.leafIndex());
    body.put("treeSize", proof.treeSize());
    if (leafHash.isPresent()) {
      body.put("leafHash", leafHash.get().toHex());
    } else {
      body.put("leaf", queries.transaction(index).orElseThrow().toBase64());
      body.putAll(kindAndActor(index));
    }
    body.put("path", base64(proof.path()));
    HttpJson.json(ctx, 200, body);
  }

  private static Hash leafHashParam(String hex) {
    try {
      return Hash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(
          "The parameter 'hash' must be a leaf hash as 64 hex characters: SHA-256 of 0x00"
              + " followed by the transaction's bytes (RFC 6962).");
    }
  }

  private void consistency(Context ctx) {
    long from = longParam(ctx.queryParam("from"), "from");
    long size = sizeParam(ctx);
    ConsistencyProof proof = queries.consistencyProof(from, size);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("size1", proof.size1());
    body.put("size2", proof.size2());
    body.put("path", base64(proof.path()));
    HttpJson.json(ctx, 200, body);
  }

  /** The tree size asked for; by default the latest final checkpoint's, which clients trust. */
  private long sizeParam(Context ctx) {
    String size = ctx.queryParam("size");
    if (size != null) {
      return longParam(size, "size");
    }
    return queries
        .finalCheckpointOf()
        .map(BlockCheckpoint::treeSize)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "No checkpoint is final yet to prove against; retry shortly or pass 'size'."));
  }

  private static List<String> base64(List<Hash> hashes) {
    return hashes.stream().map(Hash::toBase64).collect(Collectors.toList());
  }

  private static long longParam(String value, String name) {
    if (value == null) {
      throw ApiProblem.badRequest("The parameter '" + name + "' is required.");
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("The parameter '" + name + "' must be a non-negative integer.");
    }
  }
}
