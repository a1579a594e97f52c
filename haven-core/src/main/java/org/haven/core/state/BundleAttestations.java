package org.haven.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.OrgId;

/**
 * The verifier-bundle attestation tables in the ledger state: which bundle content each member's
 * node attested at each version, and the attestations gathered on each (version, content digest). A
 * border device trusts a bundle once a quorum of members attested its content; see {@code
 * AttestBundle}.
 */
public final class BundleAttestations {
  private static final byte ATTESTED = 'Q';
  private static final byte SIGNATURES = 'q';

  /** At most one attestation per member; bounded like the genesis's member list. */
  private static final int MAX_SIGNATURES = 1000;

  /** What one member's node attested: the content at a version, made at a time. */
  public record Attested(long version, long createdAtSeconds, Hash digest) {}

  /** One member's signature over a bundle's content digest. */
  public record Signed(OrgId member, Signature signature) {}

  private final StateStore store;

  BundleAttestations(StateStore store) {
    this.store = store;
  }

  /** What {@code member}'s node attested at {@code version}, if it did. */
  public Optional<Attested> attestedBy(OrgId member, long version) {
    return StateTables.read(
        store,
        attestedKey(member, version),
        in -> new Attested(version, in.u64("createdAt"), in.hash("digest")));
  }

  /** The attestations of {@code digest} at {@code version}, in the order they were applied. */
  public List<Signed> signatures(long version, Hash digest) {
    return StateTables.read(
            store,
            signaturesKey(version, digest),
            in -> in.list("attestations", MAX_SIGNATURES, BundleAttestations::readSigned))
        .orElse(List.of());
  }

  /** Records that {@code member} attested {@code attested} with {@code signature}. */
  public void put(OrgId member, Attested attested, Signature signature) {
    store.put(
        attestedKey(member, attested.version()),
        new CanonicalWriter()
            .u64(attested.createdAtSeconds())
            .fixed(attested.digest().toBytes())
            .toBytes());
    List<Signed> signatures = new ArrayList<>(signatures(attested.version(), attested.digest()));
    signatures.add(new Signed(member, signature));
    store.put(
        signaturesKey(attested.version(), attested.digest()),
        new CanonicalWriter()
            .list(
                signatures,
                (out, signed) ->
                    out.string(signed.member().value()).fixed(signed.signature().bytes()))
            .toBytes());
  }

  private static Bytes attestedKey(OrgId member, long version) {
    return StateTables.key(
        ATTESTED, new CanonicalWriter().u64(version).string(member.value()).toBytes());
  }

  private static Bytes signaturesKey(long version, Hash digest) {
    return StateTables.key(
        SIGNATURES, new CanonicalWriter().u64(version).fixed(digest.toBytes()).toBytes());
  }

  private static Signed readSigned(CanonicalReader in) throws DecodeException {
    int at = in.position();
    String member = in.string("attesting member");
    Bytes signature = in.fixed(Signature.SIZE, "attestation signature");
    try {
      return new Signed(new OrgId(member), Signature.create(signature));
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }
}
