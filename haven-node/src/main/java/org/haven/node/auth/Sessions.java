package org.haven.node.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;

/**
 * The sessions open on a node, kept in memory and in {@link SessionFiles} so that a restart does
 * not log officers out. A session is addressed by a bearer token: 32 random bytes in unpadded
 * base64url (RFC 4648 section 5). The node keeps only the SHA-256 of each token, so neither a heap
 * dump nor a lookup's timing gives a usable token away, and seals each session's file under a key
 * derived from its token, so the files give nothing away either.
 *
 * <p>A session ends when it is closed, when it has not been used for the idle timeout, or when the
 * absolute timeout has passed since login, whichever comes first; its file is deleted then. Expired
 * sessions are removed when they are next looked up, whenever a session is opened, and when the
 * sessions are loaded. A session loaded from disk is unsealed the first time its token is
 * presented. At most {@code capacity} sessions are kept; opening one more ends the one closest to
 * expiry. Safe for concurrent use.
 */
public final class Sessions {
  /** The top of the OWASP Session Management Cheat Sheet's range for low-risk applications. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** A long shift: an officer logs in once per shift. */
  public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(12);

  public static final int DEFAULT_CAPACITY = 10_000;

  /**
   * How stale a session file's last use may get before a lookup rewrites it. Writing on every
   * request would cost a synced file write per request; after a restart the idle timeout counts
   * from the last use on disk, so a session may end up to this much early, never late.
   */
  public static final Duration SAVE_INTERVAL = Duration.ofMinutes(1);

  private static final int TOKEN_BYTES = 32;
  private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

  /** The length of {@value #TOKEN_BYTES} bytes in unpadded base64. */
  static final int TOKEN_LENGTH = (TOKEN_BYTES * 4 + 2) / 3;

  private final Clock clock;
  private final SecureRandom random;
  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final int capacity;
  private final SessionFiles files;
  private final Map<Hash, Entry> sessions = new ConcurrentHashMap<>();

  /**
   * What the node holds for one session; the token itself is not in it. {@code secrets} is empty
   * for a session loaded from disk until its token is presented; {@code savedUse} is the last use
   * its file records.
   */
  private record Entry(
      Optional<SessionFiles.Secrets> secrets,
      Instant openedAt,
      Instant lastUsedAt,
      Instant savedUse) {}

  /**
   * A session just opened, with the bearer token that addresses it. The token exists only here and
   * with the client. {@link #toString()} does not show it.
   */
  public record Opened(Session session, String token) {
    @Override
    public String toString() {
      return "Opened[" + session + "]";
    }
  }

  private Sessions(
      Clock clock,
      SecureRandom random,
      Duration idleTimeout,
      Duration absoluteTimeout,
      int capacity,
      SessionFiles files) {
    this.clock = clock;
    this.random = random;
    this.idleTimeout = idleTimeout;
    this.absoluteTimeout = absoluteTimeout;
    this.capacity = capacity;
    this.files = files;
  }

  /** How long a session may go unused before it ends: pages clear themselves after as long. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** {@link #open(Path, Clock, SecureRandom, Duration, Duration, int)} with the defaults. */
  public static Sessions open(Path directory, Clock clock, SecureRandom random) {
    return open(
        directory, clock, random, DEFAULT_IDLE_TIMEOUT, DEFAULT_ABSOLUTE_TIMEOUT, DEFAULT_CAPACITY);
  }

  /**
   * Loads the sessions kept in {@code directory}, creating it owner-only if it does not exist, and
   * deletes the files of those that expired meanwhile.
   *
   * @throws IllegalArgumentException unless both timeouts are positive, the idle timeout is at most
   *     the absolute one, and the capacity is positive
   * @throws CredentialException if the directory cannot be created
   */
  public static Sessions open(
      Path directory,
      Clock clock,
      SecureRandom random,
      Duration idleTimeout,
      Duration absoluteTimeout,
      int capacity) {
    if (idleTimeout.isNegative()
        || idleTimeout.isZero()
        || idleTimeout.compareTo(absoluteTimeout) > 0) {
      throw new IllegalArgumentException(
          "the idle timeout must be positive and at most the absolute timeout "
              + absoluteTimeout
              + ", got "
              + idleTimeout);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    SessionFiles files = SessionFiles.open(directory, random);
    Sessions sessions = new Sessions(clock, random, idleTimeout, absoluteTimeout, capacity, files);
    sessions.load(files.load());
    return sessions;
  }

  private void load(List<SessionFiles.Stored> stored) {
    for (SessionFiles.Stored file : stored) {
      sessions.put(
          file.id(),
          new Entry(Optional.empty(), file.openedAt(), file.lastUsedAt(), file.lastUsedAt()));
    }
    removeExpiredAndMakeRoom(capacity);
  }

  /**
   * Opens a session for {@code officer} holding {@code signingKey}, with a fresh bearer token and a
   * fresh CSRF token, and writes it to disk sealed.
   */
  public synchronized Opened open(OfficerId officer, Ed25519PrivateKey signingKey) {
    removeExpiredAndMakeRoom(capacity - 1);
    Instant now = clock.instant();
    String token = newToken();
    SessionFiles.Secrets secrets = new SessionFiles.Secrets(officer, signingKey, newToken());
    Entry entry = new Entry(Optional.of(secrets), now, now, now);
    sessions.put(key(token), entry);
    files.write(token, secrets, now, now);
    return new Opened(session(secrets, entry), token);
  }

  /**
   * Returns the session that {@code token} addresses and restarts its idle timeout; empty if the
   * token is unknown, closed or expired, or its file was altered.
   */
  public Optional<Session> find(String token) {
    if (token == null || token.length() != TOKEN_LENGTH) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Entry used = sessions.computeIfPresent(key(token), (key, entry) -> use(key, token, entry, now));
    return Optional.ofNullable(used).map(entry -> session(entry.secrets().orElseThrow(), entry));
  }

  /** The entry after a use at {@code now}, or null to remove it: a remapping function. */
  private Entry use(Hash key, String token, Entry entry, Instant now) {
    if (isExpired(entry, now)) {
      files.delete(key);
      return null;
    }
    Optional<SessionFiles.Secrets> secrets =
        entry.secrets().isPresent() ? entry.secrets() : files.read(token);
    if (secrets.isEmpty()) {
      return null;
    }
    Instant savedUse = entry.savedUse();
    if (!now.isBefore(savedUse.plus(SAVE_INTERVAL))) {
      files.write(token, secrets.get(), entry.openedAt(), now);
      savedUse = now;
    }
    return new Entry(secrets, entry.openedAt(), now, savedUse);
  }

  /** Ends the session that {@code token} addresses, if there is one, and deletes its file. */
  public void close(String token) {
    if (token != null) {
      Hash key = key(token);
      sessions.remove(key);
      files.delete(key);
    }
  }

  /** Removes expired sessions, then those closest to expiry until at most {@code room} are left. */
  private void removeExpiredAndMakeRoom(int room) {
    Instant now = clock.instant();
    for (Map.Entry<Hash, Entry> session : sessions.entrySet()) {
      if (isExpired(session.getValue(), now)
          && sessions.remove(session.getKey(), session.getValue())) {
        files.delete(session.getKey());
      }
    }
    // A loop, because a concurrent find may replace the chosen entry before it is removed.
    while (sessions.size() > room) {
      sessions.entrySet().stream()
          .min(Comparator.comparing(session -> expiresAt(session.getValue())))
          .filter(soonest -> sessions.remove(soonest.getKey(), soonest.getValue()))
          .ifPresent(soonest -> files.delete(soonest.getKey()));
    }
  }

  private Session session(SessionFiles.Secrets secrets, Entry entry) {
    return new Session(
        secrets.officer(), secrets.signingKey(), secrets.csrfToken(), expiresAt(entry));
  }

  private Instant expiresAt(Entry entry) {
    Instant idle = entry.lastUsedAt().plus(idleTimeout);
    Instant absolute = entry.openedAt().plus(absoluteTimeout);
    return idle.isBefore(absolute) ? idle : absolute;
  }

  private boolean isExpired(Entry entry, Instant now) {
    return !now.isBefore(expiresAt(entry));
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return TOKEN_ENCODING.encodeToString(bytes);
  }

  /** The id of the session {@code token} addresses: its SHA-256. */
  static Hash key(String token) {
    return Hash.sha256(token.getBytes(StandardCharsets.UTF_8));
  }
}
