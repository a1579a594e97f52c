package org.haven.card.bundle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.ledger.Genesis;

/**
 * What a border device trusts, all from the genesis it pinned: the ledger's checkpoint origin
 * (which attestations name), the member nodes' keys, and how many of them must vouch for a bundle.
 *
 * @param quorum how many distinct member nodes must attest a bundle's content and cosign its
 *     checkpoint: the genesis's checkpoint quorum, the same majority that makes a checkpoint final
 */
public record LedgerTrust(String origin, Map<OrgId, Ed25519PublicKey> memberNodes, int quorum) {
  /**
   * @throws IllegalArgumentException if the quorum is not from 1 to the number of member nodes
   */
  public LedgerTrust {
    Objects.requireNonNull(origin, "origin");
    memberNodes = Map.copyOf(memberNodes);
    if (quorum < 1 || quorum > memberNodes.size()) {
      throw new IllegalArgumentException(
          "quorum: must be from 1 to " + memberNodes.size() + ", got " + quorum);
    }
  }

  /** The trust of a device that pinned {@code genesis}: its founding members' node keys. */
  public static LedgerTrust of(Genesis genesis) {
    Map<OrgId, Ed25519PublicKey> keys = new LinkedHashMap<>();
    for (Organisation member : genesis.members()) {
      keys.put(member.id(), member.nodeKey());
    }
    return new LedgerTrust(genesis.origin(), keys, genesis.checkpointQuorum());
  }
}
