package org.haven.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.registry.identity.NameCodes;

/**
 * The vault's blind search index: keyed tokens of a child's name codes and date of birth, so that a
 * registrar finds a child by name and date of birth without the vault decrypting every record, and
 * without a name or date in clear on disk.
 *
 * <pre>
 * token = first 16 bytes of HMAC-SHA-256(searchKey, "haven/vault/search/v1\n"
 *                                         || string(code) || string(dateOfBirth))
 * </pre>
 *
 * <p>{@code code} is one phonetic code of a name part ({@link NameCodes#searchable}) and {@code
 * dateOfBirth} is ISO 8601. The search key is 32 random bytes of this vault, stored wrapped under
 * the master key; it never leaves the vault. See docs/vault.md ("Search").
 */
final class SearchIndex {
  /** Bytes of a token: 128 bits keep collisions between a vault's tokens out of reach. */
  static final int TOKEN_SIZE = 16;

  private static final byte[] DOMAIN =
      "haven/vault/search/v1\n".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;

  SearchIndex(byte[] searchKey) {
    this.key = new SecretKeySpec(searchKey, "HmacSHA256");
  }

  /** The distinct tokens of {@code data}: each code of each name part with the date of birth. */
  List<byte[]> tokensOf(PersonalData data) {
    List<byte[]> tokens = new ArrayList<>();
    for (Set<String> part : NameCodes.searchable(data.givenNames() + " " + data.familyNames())) {
      for (String code : part) {
        byte[] token = token(code, data.dateOfBirth());
        if (tokens.stream().noneMatch(t -> Arrays.equals(t, token))) {
          tokens.add(token);
        }
      }
    }
    return tokens;
  }

  /** For each part of a query's names, the tokens any one of which matches it. */
  List<List<byte[]>> queryTokens(List<Set<String>> parts, LocalDate dateOfBirth) {
    return parts.stream()
        .map(part -> part.stream().map(code -> token(code, dateOfBirth)).toList())
        .toList();
  }

  private byte[] token(String code, LocalDate dateOfBirth) {
    byte[] input =
        new CanonicalWriter()
            .fixed(Bytes.of(DOMAIN))
            .string(code)
            .string(dateOfBirth.toString())
            .toByteArray();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Arrays.copyOf(mac.doFinal(input), TOKEN_SIZE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 failed with a valid key: " + e, e);
    }
  }
}
