package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.IdentityCodec;
import org.haven.core.identity.Organisation;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.IssuedCard;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;

/**
 * A registrar of the child's jurisdiction, at the organisation that holds the child's data, records
 * that the organisation issued the child a card. The ledger gets the hash of the bytes the issuer
 * key signed and which key signed them, never the card's content. The record is what lets one card
 * be revoked later, and what a border device trusts of a key later reported compromised: cards
 * recorded here before the report.
 *
 * @param cardHash SHA-256 of the card's COSE {@code Sig_structure} (docs/card-format.md)
 * @param issuerKey the key that signed the card: the organisation's current issuer key
 */
public record IssueCard(ChildNumber child, Hash cardHash, Ed25519PublicKey issuerKey)
    implements Payload {
  public IssueCard {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(cardHash, "cardHash");
    Objects.requireNonNull(issuerKey, "issuerKey");
  }

  static IssueCard decode(CanonicalReader in) throws DecodeException {
    return new IssueCard(
        RegistryCodec.readChildNumber(in, "child"),
        in.hash("card hash"),
        IdentityCodec.readKey(in, "issuer key"));
  }

  @Override
  public Kind kind() {
    return Kind.ISSUE_CARD;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.hash(cardHash).fixed(issuerKey.bytes());
  }

  @Override
  public Validation check(TxContext context) {
    RegistryRules.Lookup lookup =
        RegistryRules.actingOn(context, child, Permissions.Action.ISSUE_CARD);
    if (!lookup.validation().isAccepted()) {
      return lookup.validation();
    }
    ChildRecord record = lookup.record().orElseThrow();
    if (record.status() != ChildStatus.REGISTERED) {
      return reject(
          RejectReason.CONFLICT,
          "child " + child + " is " + record.status() + "; only a registered child gets a card");
    }
    Optional<Organisation> issuer = context.state().organisation(record.issuer());
    if (issuer.isEmpty() || !issuer.get().active()) {
      return reject(
          RejectReason.INACTIVE_SIGNER,
          record.issuer() + " is no longer a member and issues no cards");
    }
    if (!issuer.get().issuerKey().equals(issuerKey)) {
      return reject(
          RejectReason.CONFLICT,
          "the card is signed with "
              + issuerKey
              + ", which is not the current issuer key of "
              + record.issuer()
              + "; install the issuer key the ledger names and issue the card again");
    }
    boolean compromised =
        context.state().issuerKeys(record.issuer()).stream()
            .anyMatch(held -> held.key().equals(issuerKey) && held.compromised());
    if (compromised) {
      return reject(
          RejectReason.CONFLICT,
          "the issuer key "
              + issuerKey
              + " of "
              + record.issuer()
              + " was reported compromised; rotate it before issuing cards");
    }
    if (context.state().registry().card(cardHash).isPresent()) {
      return reject(RejectReason.CONFLICT, "card " + cardHash + " is already recorded");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context
        .state()
        .registry()
        .putCard(new IssuedCard(cardHash, child, context.actor().org(), issuerKey, false));
  }
}
