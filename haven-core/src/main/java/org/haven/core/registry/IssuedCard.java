package org.haven.core.registry;

import java.util.Objects;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;

/**
 * A card the ledger recorded as issued: only the hash of the bytes its issuer signed, never its
 * content, with the child, the issuing organisation and the issuer key that signed it.
 *
 * @param hash SHA-256 of the card's COSE {@code Sig_structure}: exactly the bytes the issuer key
 *     signed (docs/card-format.md, "Card hash")
 * @param revoked whether a registrar revoked this one card, for example as lost or stolen
 */
public record IssuedCard(
    Hash hash, ChildNumber child, OrgId issuer, Ed25519PublicKey issuerKey, boolean revoked) {
  public IssuedCard {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issuerKey, "issuerKey");
  }

  public IssuedCard asRevoked() {
    return new IssuedCard(hash, child, issuer, issuerKey, true);
  }

  public void encode(CanonicalWriter out) {
    out.hash(hash);
    RegistryCodec.writeChildNumber(out, child);
    out.string(issuer.value()).fixed(issuerKey.bytes()).bool(revoked);
  }

  public static IssuedCard decode(CanonicalReader in) throws DecodeException {
    return new IssuedCard(
        in.hash("card hash"),
        RegistryCodec.readChildNumber(in, "card child"),
        in.string("card issuer", OrgId::new),
        IdentityCodec.readKey(in, "card issuer key"),
        in.bool("card revoked"));
  }
}
