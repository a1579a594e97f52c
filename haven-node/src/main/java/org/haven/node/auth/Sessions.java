package org.haven.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;

/**
 * The sessions open on a node, in memory. A session is addressed by a bearer token: 32 random bytes
 * in unpadded base64url (RFC 4648 section 5). The node keeps only the SHA-256 of each token, so
 * neither a heap dump nor a lookup's timing gives a usable token away.
 *
 * <p>A session ends when it is closed, when it has not been used for the idle timeout, or when the
 * absolute timeout has passed since login, whichever comes first. Expired sessions are removed when
 * they are next looked up and whenever a session is opened. At most {@code capacity} sessions are
 * kept; opening one more ends the one closest to expiry. Safe for concurrent use.
 */
public final class Sessions {
  /** The top of the OWASP Session Management Cheat Sheet's range for low-risk applications. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** A long shift: an officer logs in once per shift. */
  public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(12);

  public static final int DEFAULT_CAPACITY = 10_000;

  private static final int TOKEN_BYTES = 32;
  private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

  /** The length of {@value #TOKEN_BYTES} bytes in unpadded base64. */
  private static final int TOKEN_LENGTH = (TOKEN_BYTES * 4 + 2) / 3;

  private final Clock clock;
  private final SecureRandom random;
  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final int capacity;
  private final Map<Hash, Entry> sessions = new ConcurrentHashMap<>();

  /** What the node holds for one session; the token itself is not in it. */
  private record Entry(
      OfficerId officer,
      Ed25519PrivateKey signingKey,
      String csrfToken,
      Instant openedAt,
      Instant lastUsedAt) {
    Entry usedAt(Instant now) {
      return new Entry(officer, signingKey, csrfToken, openedAt, now);
    }
  }

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

  /** Sessions with the default timeouts and capacity. */
  public Sessions(Clock clock, SecureRandom random) {
    this(clock, random, DEFAULT_IDLE_TIMEOUT, DEFAULT_ABSOLUTE_TIMEOUT, DEFAULT_CAPACITY);
  }

  /**
   * @throws IllegalArgumentException unless both timeouts are positive, the idle timeout is at most
   *     the absolute one, and the capacity is positive
   */
  public Sessions(
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
    this.clock = clock;
    this.random = random;
    this.idleTimeout = idleTimeout;
    this.absoluteTimeout = absoluteTimeout;
    this.capacity = capacity;
  }

  /**
   * Opens a session for {@code officer} holding {@code signingKey}, with a fresh bearer token and a
   * fresh CSRF token.
   */
  public synchronized Opened open(OfficerId officer, Ed25519PrivateKey signingKey) {
    Instant now = clock.instant();
    sessions.values().removeIf(entry -> isExpired(entry, now));
    // A loop, because a concurrent find may replace the chosen entry before it is removed.
    while (sessions.size() >= capacity) {
      sessions.entrySet().stream()
          .min(Comparator.comparing(entry -> expiresAt(entry.getValue())))
          .ifPresent(soonest -> sessions.remove(soonest.getKey(), soonest.getValue()));
    }
    String token = newToken();
    Entry entry = new Entry(officer, signingKey, newToken(), now, now);
    sessions.put(key(token), entry);
    return new Opened(session(entry), token);
  }

  /**
   * Returns the session that {@code token} addresses and restarts its idle timeout; empty if the
   * token is unknown, closed or expired.
   */
  public Optional<Session> find(String token) {
    if (token == null || token.length() != TOKEN_LENGTH) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Entry used =
        sessions.computeIfPresent(
            key(token), (key, entry) -> isExpired(entry, now) ? null : entry.usedAt(now));
    return Optional.ofNullable(used).map(this::session);
  }

  /** Ends the session that {@code token} addresses, if there is one. */
  public void close(String token) {
    if (token != null) {
      sessions.remove(key(token));
    }
  }

  private Session session(Entry entry) {
    return new Session(entry.officer(), entry.signingKey(), entry.csrfToken(), expiresAt(entry));
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

  private static Hash key(String token) {
    return Hash.sha256(token.getBytes(StandardCharsets.UTF_8));
  }
}
