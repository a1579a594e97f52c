package org.haven.core.ledger;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.haven.core.crypto.Hash;

/**
 * The fingerprint by which a border device pins the genesis it trusts: the chain id (SHA-256 over a
 * domain tag and genesis's canonical encoding, so JSON whitespace or key order do not change it),
 * written as 64 lowercase hex digits in sixteen groups of four joined by '-', which people can read
 * aloud, compare and type. {@code haven init} and {@code haven demo} print it.
 */
public final class GenesisFingerprint {
  private static final int GROUP = 4;

  private final Hash chainId;

  private GenesisFingerprint(Hash chainId) {
    this.chainId = chainId;
  }

  public static GenesisFingerprint of(Genesis genesis) {
    return new GenesisFingerprint(genesis.hash());
  }

  /**
   * Reads a typed fingerprint: 64 hex digits in any case, with or without '-', ':' or spaces
   * between them.
   *
   * @throws IllegalArgumentException saying what is wrong and what a fingerprint looks like
   */
  public static GenesisFingerprint parse(String typed) {
    String digits = typed.replaceAll("[-: ]", "").toLowerCase(Locale.ROOT);
    if (!digits.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "a genesis fingerprint is 64 hex digits (0-9, a-f), in groups of four such as"
              + " 3f2a-9b01-...; got "
              + digits.length()
              + " characters"
              + (digits.matches("[0-9a-f]*") ? "" : " with some that are not hex digits"));
    }
    return new GenesisFingerprint(Hash.fromHex(digits));
  }

  /** Whether {@code genesis} is the one this fingerprint pins. */
  public boolean pins(Genesis genesis) {
    return chainId.equals(genesis.hash());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GenesisFingerprint that && chainId.equals(that.chainId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(chainId);
  }

  /** The typed form: {@code xxxx-xxxx-...}, sixteen groups of four hex digits. */
  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(chainId.toArray());
    StringBuilder typed = new StringBuilder();
    for (int at = 0; at < hex.length(); at += GROUP) {
      if (at > 0) {
        typed.append('-');
      }
      typed.append(hex, at, at + GROUP);
    }
    return typed.toString();
  }
}
