package org.haven.node;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.StateReader;
import org.haven.core.state.StateScanner;
import org.haven.core.tx.EnrolOfficer;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.RevokeOfficer;
import org.haven.core.tx.Transaction;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.IdempotencyKey;
import org.haven.node.api.JsonBody;
import org.haven.node.api.Paging;
import org.haven.node.auth.Argon2Params;
import org.haven.node.auth.Authenticator;
import org.haven.node.auth.CredentialStore;
import org.haven.node.auth.LoginResult;
import org.haven.node.auth.OfficerCredential;
import org.haven.node.auth.PasswordChange;
import org.haven.node.auth.Session;
import org.haven.node.auth.Sessions;
import org.haven.node.registry.Actor;
import org.haven.node.registry.LedgerWriter;

/**
 * Officers' sessions over HTTP: login and logout, the officer behind each request, and enrolment of
 * new officers by their organisation's admin. A session unlocks the officer's signing key; each
 * request is then checked against the ledger, so a revoked officer's session stops working at once.
 *
 * <p>API clients send {@code Authorization: Bearer <token>}. Browsers get an HTTP-only, same-site
 * cookie and must echo the session's CSRF token in {@code X-CSRF-Token} on every request that
 * changes something.
 */
final class OfficerAccess {
  static final String COOKIE = "haven_session";
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** Logins checked at once; each Argon2 run takes 19 MiB and a core for tens of milliseconds. */
  static final int CONCURRENT_LOGINS = 4;

  private static final Set<HandlerType> SAFE_METHODS =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final Authenticator authenticator;
  private final Sessions sessions;
  private final CredentialStore credentials;
  private final StateReader committed;
  private final RegistryListing listing;
  private final LedgerWriter ledger;
  private final SecureRandom random;
  private final Semaphore logins = new Semaphore(CONCURRENT_LOGINS);
  private final NodeMetrics metrics;

  OfficerAccess(
      Authenticator authenticator,
      Sessions sessions,
      CredentialStore credentials,
      StateReader committed,
      StateScanner scanner,
      LedgerWriter ledger,
      SecureRandom random,
      NodeMetrics metrics) {
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.credentials = credentials;
    this.committed = committed;
    this.listing = new RegistryListing(scanner);
    this.ledger = ledger;
    this.random = random;
    this.metrics = metrics;
  }

  void addTo(RoutesConfig routes) {
    routes.post("/api/v1/session", this::login);
    routes.get("/api/v1/session", this::current);
    routes.delete("/api/v1/session", this::logout);
    routes.get("/api/v1/session/credential", this::credential);
    routes.post("/api/v1/session/password", this::changePassword);
    routes.post("/api/v1/officers", this::enrol);
    routes.get("/api/v1/officers", this::list);
    routes.post("/api/v1/officers/{id}/key", this::rotateKey);
    routes.post("/api/v1/officers/{id}/unlock", this::unlock);
    routes.post("/api/v1/officers/{id}/deactivate", this::deactivate);
  }

  private void login(Context ctx) {
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    String officer = body.text("officer");
    char[] password = body.text("password").toCharArray();
    LoginResult result;
    if (!logins.tryAcquire()) {
      Arrays.fill(password, '\0');
      throw ApiProblem.unavailable("The node is checking other logins; try again in a second.");
    }
    try {
      result = authenticator.login(officer, password, ctx.ip());
    } finally {
      logins.release();
      Arrays.fill(password, '\0');
    }
    if (result instanceof LoginResult.Throttled throttled) {
      metrics.loginFailed(NodeMetrics.LoginFailure.THROTTLED);
      throw throttled(throttled.retryAfter());
    }
    if (!(result instanceof LoginResult.Success success)) {
      metrics.loginFailed(NodeMetrics.LoginFailure.WRONG_CREDENTIALS);
      throw ApiProblem.unauthenticated(
          "Wrong officer id or password. Check both; after five failures, logins are paused.");
    }
    Actor actor;
    try {
      actor = actorOf(success.session());
    } catch (ApiProblem notEnrolled) {
      sessions.close(success.token());
      throw notEnrolled;
    }
    Cookie cookie = new Cookie(COOKIE, success.token());
    cookie.setHttpOnly(true);
    cookie.setSecure(true);
    cookie.setSameSite(SameSite.STRICT);
    cookie.setPath("/");
    ctx.cookie(cookie);
    Map<String, Object> answer = sessionJson(actor.officer(), success.session());
    answer.put("token", success.token());
    answer.put("csrfToken", success.session().csrfToken());
    HttpJson.json(ctx, 200, answer);
  }

  private static ApiProblem throttled(Duration retryAfter) {
    return ApiProblem.tooManyRequests(
        "Too many failed passwords for this officer from this address, or from this address. Wait "
            + Math.max(1, retryAfter.toMinutes())
            + " minute(s) and try again, or ask your organisation's admin to unlock you"
            + " (haven officer unlock).",
        retryAfter);
  }

  /**
   * The logged-in officer changes their own password: the node re-seals their signing key under the
   * new one, and the current one stops working. The current password is asked again, so a session
   * left open on a shared computer cannot take the account over; a wrong one counts as a failed
   * login. The officer's sessions stay open: the key did not change.
   */
  private void changePassword(Context ctx) {
    Actor actor = actor(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    char[] current = body.text("currentPassword").toCharArray();
    char[] next = body.text("newPassword").toCharArray();
    if (!logins.tryAcquire()) {
      Arrays.fill(current, '\0');
      Arrays.fill(next, '\0');
      throw ApiProblem.unavailable("The node is checking other logins; try again in a second.");
    }
    PasswordChange change;
    try {
      change =
          body.build(
              "newPassword",
              b -> authenticator.changePassword(actor.officer().id(), current, next, ctx.ip()));
    } catch (IllegalStateException noCredential) {
      throw ApiProblem.notFound(
          "This node keeps no credential for " + actor.officer().id() + " to change.");
    } finally {
      logins.release();
      Arrays.fill(current, '\0');
      Arrays.fill(next, '\0');
    }
    if (change instanceof PasswordChange.Throttled throttled) {
      throw throttled(throttled.retryAfter());
    }
    if (change instanceof PasswordChange.WrongPassword) {
      throw ApiProblem.forbidden(
          "The current password is wrong; nothing was changed. After five failures, logins and"
              + " password changes from this address are paused.");
    }
    ctx.status(204);
  }

  private void current(Context ctx) {
    Session session = session(ctx);
    HttpJson.json(ctx, 200, sessionJson(actorOf(session).officer(), session));
  }

  private void logout(Context ctx) {
    token(ctx).ifPresent(sessions::close);
    ctx.removeCookie(COOKIE, "/");
    // The browser drops what it cached from this node, back-forward cache included: Back after
    // logging out cannot show a page that held a child's data (docs/web-app.md).
    ctx.header("Clear-Site-Data", "\"cache\"");
    ctx.status(204);
  }

  /**
   * The logged-in officer's own credential file: the signing key still sealed under their password,
   * for a border device that must sign checks while offline.
   */
  private void credential(Context ctx) {
    Actor actor = actor(ctx);
    OfficerCredential credential =
        credentials
            .find(actor.officer().id())
            .orElseThrow(
                () ->
                    ApiProblem.notFound(
                        "This node keeps no credential for " + actor.officer().id() + "."));
    ctx.contentType("application/json").result(credential.toJson());
  }

  private Map<String, Object> sessionJson(Officer officer, Session session) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("officer", officer.id().value());
    answer.put("role", officer.role().name());
    answer.put("organisation", officer.org().value());
    answer.put("jurisdiction", officer.jurisdiction().code());
    answer.put("expiresAt", session.expiresAt().toEpochMilli());
    answer.put("idleTimeoutSeconds", sessions.idleTimeout().toSeconds());
    answer.put("actions", Permissions.actionsOf(officer.role()).stream().map(Enum::name).toList());
    answer.put(
        "passwordRules",
        Map.of(
            "minLength", OfficerCredential.MIN_PASSWORD_LENGTH,
            "maxLength", OfficerCredential.MAX_PASSWORD_LENGTH));
    return answer;
  }

  /**
   * The officer making this request.
   *
   * @throws ApiProblem 401 without a live session or when the officer is no longer active on the
   *     ledger; 403 for a cookie-authenticated change without the CSRF token
   */
  Actor actor(Context ctx) {
    Session session = session(ctx);
    boolean byCookie = bearer(ctx).isEmpty();
    if (byCookie
        && !SAFE_METHODS.contains(ctx.method())
        && !session.csrfMatches(ctx.header(CSRF_HEADER))) {
      throw ApiProblem.forbidden(
          "This request changes data but lacks the session's "
              + CSRF_HEADER
              + " header; reload the page and try again.");
    }
    Actor actor = actorOf(session);
    return SAFE_METHODS.contains(ctx.method())
        ? actor
        : new Actor(actor.officer(), actor.key(), IdempotencyKey.of(ctx));
  }

  /**
   * Whose keys an {@link IdempotencyKey} of this request is among: the logged-in officer's, or, for
   * a request without a live session, nobody's (an empty scope).
   */
  String keyScope(Context ctx) {
    return token(ctx).flatMap(sessions::find).map(s -> s.officer().value()).orElse("");
  }

  private Session session(Context ctx) {
    return token(ctx)
        .flatMap(sessions::find)
        .orElseThrow(
            () ->
                ApiProblem.unauthenticated(
                    "No session, or it has expired. Log in with POST /api/v1/session and send"
                        + " the token as 'Authorization: Bearer <token>'."));
  }

  private Actor actorOf(Session session) {
    Optional<Officer> officer = LedgerState.readOnly(committed).officer(session.officer());
    if (officer.isEmpty() || !officer.get().active()) {
      throw ApiProblem.unauthenticated(
          "Officer "
              + session.officer()
              + " is not an active officer on the ledger: not yet enrolled, or revoked.");
    }
    if (!officer.get().key().equals(session.signingKey().publicKey())) {
      throw ApiProblem.unauthenticated(
          "The key kept for officer "
              + session.officer()
              + " on this node is not the key enrolled on the ledger; ask your admin to enrol"
              + " the officer again.");
    }
    return new Actor(officer.get(), session.signingKey());
  }

  /** Whether the request carries a session token, as a bearer token or the browser's cookie. */
  static boolean carriesSession(Context ctx) {
    return token(ctx).isPresent();
  }

  private static Optional<String> token(Context ctx) {
    return bearer(ctx).or(() -> Optional.ofNullable(ctx.cookie(COOKIE)));
  }

  private static Optional<String> bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(header.substring(7).strip());
  }

  /**
   * An org admin enrols a new officer of their organisation: the node draws the officer's key,
   * keeps it sealed under the given password, and records the enrolment on the ledger.
   */
  private void enrol(Context ctx) {
    Actor admin = actor(ctx);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    OfficerId id = body.build("id", b -> new OfficerId(b.text("id")));
    Role role = body.enumValue("role", Role.class);
    Jurisdiction jurisdiction =
        body.build("jurisdiction", b -> new Jurisdiction(b.text("jurisdiction")));
    char[] password = body.text("password").toCharArray();
    try {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      Officer officer =
          new Officer(id, admin.officer().org(), role, jurisdiction, key.publicKey(), true);
      Transaction tx = ledger.sign(admin, new EnrolOfficer(officer));
      ledger.check(tx);
      OfficerCredential credential =
          body.build(
              "password",
              b -> OfficerCredential.create(id, key, password, Argon2Params.DEFAULT, random));
      credentials.put(credential);
      ledger.commit(tx);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("officer", id.value());
      answer.put("publicKey", key.publicKey().toBase64());
      answer.put("transactionId", tx.id().toHex());
      HttpJson.json(ctx, 201, answer);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The admin's own organisation's officers, active or revoked, by id. */
  private void list(Context ctx) {
    Actor admin = actor(ctx);
    admin.require(Permissions.Action.LIST_OFFICERS);
    OrgId org = admin.officer().org();
    Paging.answer(
        ctx,
        Paging.read(
            ctx,
            (cursor, limit) ->
                listing.officers(officer -> officer.org().equals(org), cursor, limit)),
        officer -> {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("officer", officer.id().value());
          item.put("role", officer.role().name());
          item.put("jurisdiction", officer.jurisdiction().code());
          item.put("publicKey", officer.key().toBase64());
          item.put("active", officer.active());
          return item;
        });
  }

  private static OfficerId officerParam(Context ctx) {
    try {
      return new OfficerId(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidArgument("", "id", e);
    }
  }

  /**
   * An org admin lifts the login lockouts of an officer of their organisation, from every address,
   * for an officer whom someone else's failed logins locked out.
   */
  private void unlock(Context ctx) {
    Actor admin = actor(ctx);
    OfficerId id = officerParam(ctx);
    LedgerState state = LedgerState.readOnly(committed);
    Officer officer =
        state
            .officer(id)
            .orElseThrow(() -> ApiProblem.notFound("No officer " + id + " is enrolled."));
    admin.require(Permissions.Action.UNLOCK_OFFICER, Permissions.Subject.officer(officer, state));
    int addresses = authenticator.unlock(id);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("officer", id.value());
    answer.put("unlockedAddresses", addresses);
    HttpJson.json(ctx, 200, answer);
  }

  /**
   * An org admin deactivates an officer of their organisation: {@code REVOKE_OFFICER} on the
   * ledger, with the admin's reason. From then on every node refuses the officer's logins, their
   * open sessions and every transaction they signed, even one signed before (the validator checks
   * that the signer is active when the transaction is applied). Rotating the officer's key
   * reinstates them. An admin does not deactivate themself: another admin of the organisation does,
   * so that an organisation is not left without an admin by a slip.
   */
  private void deactivate(Context ctx) {
    Actor admin = actor(ctx);
    OfficerId id = officerParam(ctx);
    if (id.equals(admin.officer().id())) {
      throw ApiProblem.conflict(
          "An admin is deactivated by another admin of the organisation, not by themself.");
    }
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    RevokeOfficer revoke = body.build("reason", b -> new RevokeOfficer(id, b.text("reason")));
    Transaction tx = ledger.sign(admin, revoke);
    ledger.commit(tx);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("officer", id.value());
    answer.put("active", false);
    answer.put("transactionId", tx.id().toHex());
    HttpJson.json(ctx, 200, answer);
  }

  /**
   * An org admin gives an officer a new key: the old one is revoked on the ledger, the new one,
   * sealed under the given password, enrolled for the same officer id. The officer's open sessions
   * hold the old key and stop working at once. A rotation that stopped after the revocation is
   * finished by asking again.
   */
  private void rotateKey(Context ctx) {
    Actor admin = actor(ctx);
    OfficerId id = officerParam(ctx);
    if (id.equals(admin.officer().id())) {
      throw ApiProblem.conflict(
          "An admin's own key is rotated by another admin of the organisation: a revoked key"
              + " cannot sign its own re-enrolment.");
    }
    Officer current =
        LedgerState.readOnly(committed)
            .officer(id)
            .orElseThrow(() -> ApiProblem.notFound("No officer " + id + " is enrolled."));
    admin.require(
        Permissions.Action.ENROL_OFFICER,
        Permissions.Subject.officer(current, LedgerState.readOnly(committed)));
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    char[] password = body.text("password").toCharArray();
    try {
      Optional<Transaction> revoke = Optional.empty();
      if (current.active()) {
        revoke = Optional.of(ledger.sign(admin, new RevokeOfficer(id, "key rotated")));
        ledger.check(revoke.get());
      }
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
      Officer renewed =
          new Officer(
              id, current.org(), current.role(), current.jurisdiction(), key.publicKey(), true);
      OfficerCredential credential =
          body.build(
              "password",
              b -> OfficerCredential.create(id, key, password, Argon2Params.DEFAULT, random));
      Transaction enrol = ledger.sign(admin, new EnrolOfficer(renewed));
      List<String> transactions = new ArrayList<>();
      if (revoke.isPresent()) {
        ledger.commit(revoke.get());
        transactions.add(revoke.get().id().toHex());
      } else {
        ledger.check(enrol);
      }
      credentials.put(credential);
      ledger.commit(enrol);
      transactions.add(enrol.id().toHex());
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("officer", id.value());
      answer.put("publicKey", key.publicKey().toBase64());
      answer.put("revokedKey", current.key().toBase64());
      answer.put("transactionIds", transactions);
      HttpJson.json(ctx, 200, answer);
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
