package org.haven.cli;

import java.util.regex.Pattern;
import org.haven.node.ConfigException;
import picocli.CommandLine.Option;

/**
 * The {@code --idempotency-key} option of the commands that write: the key to send the write with
 * instead of a fresh one, to retry by hand a write whose outcome is unknown (docs/api.md, "Retries
 * and Idempotency-Key"). A picocli mixin.
 */
final class IdempotencyKeyOption {
  /** What the node takes as a key: 1 to 200 visible ASCII characters. */
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description =
          "Send the write with this Idempotency-Key (1 to 200 visible ASCII characters) instead"
              + " of a fresh one. Give the key an earlier attempt printed when its outcome was"
              + " unknown: the node answers with that attempt's outcome, and the ledger takes the"
              + " write once.")
  String key;

  /**
   * {@code client}, sending the key with its write if one was given.
   *
   * @throws ConfigException if the key is not one the node takes; nothing is sent
   */
  NodeClient applyTo(NodeClient client) {
    if (key == null) {
      return client;
    }
    if (!KEY.matcher(key).matches()) {
      throw new ConfigException(
          "--idempotency-key must be 1 to 200 visible ASCII characters, without spaces (for"
              + " example a UUID); the key given has "
              + key.length()
              + " characters. Nothing was sent.");
    }
    return client.withIdempotencyKey(key);
  }
}
