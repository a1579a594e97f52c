package org.haven.core.tx;

import static org.haven.core.tx.Validation.reject;

import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.registry.IssuedCard;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;

/**
 * A registrar of the child's jurisdiction, at the organisation that holds the child's data, revokes
 * one card, for example reported lost or stolen. The child's record stays in force and a new card
 * can be issued; the verifier bundle lists the revoked card, and a border check refuses it.
 */
public record RevokeCard(ChildNumber child, Hash cardHash, String reason) implements Payload {
  public RevokeCard {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(cardHash, "cardHash");
    Text.requireReason(reason);
  }

  static RevokeCard decode(CanonicalReader in) throws DecodeException {
    return new RevokeCard(
        RegistryCodec.readChildNumber(in, "child"), in.hash("card hash"), Text.readReason(in));
  }

  @Override
  public Kind kind() {
    return Kind.REVOKE_CARD;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.hash(cardHash).string(reason);
  }

  @Override
  public Validation check(TxContext context) {
    Validation holder =
        RegistryRules.actingOn(context, child, Permissions.Action.REVOKE_CARD).validation();
    if (!holder.isAccepted()) {
      return holder;
    }
    Optional<IssuedCard> card = context.state().registry().card(cardHash);
    if (card.isEmpty() || !card.get().child().equals(child)) {
      return reject(
          RejectReason.NOT_FOUND,
          "no card "
              + cardHash
              + " was recorded for child "
              + child
              + "; list the child's cards for their hashes");
    }
    if (card.get().revoked()) {
      return reject(RejectReason.CONFLICT, "card " + cardHash + " is already revoked");
    }
    return Validation.accepted();
  }

  @Override
  public void apply(TxContext context) {
    context
        .state()
        .registry()
        .card(cardHash)
        .ifPresent(card -> context.state().registry().putCard(card.asRevoked()));
  }
}
