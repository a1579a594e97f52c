package org.haven.node.api;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.haven.core.tx.Kind;
import org.haven.core.tx.TxBody;

/**
 * A client's {@code Idempotency-Key} header (draft-ietf-httpapi-idempotency-key-header): the name
 * of one request, however often the client sends it. The node answers a repeat with the first
 * outcome ({@link RecentOutcomes}) and signs the request's transactions with nonces derived from
 * the key ({@link #nonceFor}), so a repeat that reaches another member, or this one after a
 * restart, is refused by the ledger itself as a {@code DUPLICATE_ID}.
 *
 * <p>One key belongs to one request: the node counts the transactions of each kind the request
 * signs, so a request that signs two of one kind gets two nonces, and its retry the same two.
 */
public final class IdempotencyKey {
  public static final String HEADER = "Idempotency-Key";

  /** Says that an answer repeats the first outcome of the request, which was not done again. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  /** The longest key: a UUID is 36 characters; 200 leaves room for a client's own scheme. */
  public static final int MAX_LENGTH = 200;

  private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");
  private static final String NONCE_DOMAIN = "haven/idempotency-nonce/v1";

  private final String value;
  private final Map<Kind, AtomicInteger> signed = new ConcurrentHashMap<>();

  private IdempotencyKey(String value) {
    this.value = value;
  }

  /**
   * The key a request carries, if any. The draft writes it as a structured-field string ({@code
   * "..."}); a bare token is taken too, since most clients send a bare UUID.
   *
   * @throws ApiProblem 400 if the header is empty, too long or not visible ASCII
   */
  public static Optional<IdempotencyKey> of(Context ctx) {
    String header = ctx.header(HEADER);
    if (header == null) {
      return Optional.empty();
    }
    String key = header.strip();
    if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
      key = key.substring(1, key.length() - 1);
    }
    if (key.isEmpty() || key.length() > MAX_LENGTH || !VISIBLE_ASCII.matcher(key).matches()) {
      throw ApiProblem.badRequest(
          "The "
              + HEADER
              + " header must be 1 to "
              + MAX_LENGTH
              + " visible ASCII characters, such as a fresh UUID for each new request; send the"
              + " same value again only to retry that request.");
    }
    return Optional.of(new IdempotencyKey(key));
  }

  public String value() {
    return value;
  }

  /**
   * The nonce for the next transaction of {@code kind} that {@code actor} signs for this request:
   * the n-th of that kind gets the same nonce on every retry.
   */
  public Bytes nonceFor(OfficerId actor, Kind kind) {
    int ordinal = signed.computeIfAbsent(kind, k -> new AtomicInteger()).getAndIncrement();
    Hash derived =
        Hash.sha256(
            new CanonicalWriter()
                .string(NONCE_DOMAIN)
                .string(actor.value())
                .string(value)
                .u8(kind.tag())
                .u32(ordinal)
                .toBytes());
    return derived.toBytes().slice(0, TxBody.NONCE_SIZE);
  }

  @Override
  public String toString() {
    return "IdempotencyKey[" + value + "]";
  }
}
