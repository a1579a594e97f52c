package org.haven.card.bundle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.BundleAttestations;
import org.haven.core.tx.AttestBundle;

/**
 * Keys, checkpoints and bundles for tests. Every key is derived from its name, so the fixtures are
 * the same in every run.
 */
public final class BundleFixtures {
  public static final Instant CREATED = Instant.parse("2025-06-01T06:00:00Z");
  public static final OrgId NODE = new OrgId("node-ke");
  public static final Ed25519PrivateKey NODE_KEY = key("node-ke node key");
  public static final OrgId OTHER_NODE = new OrgId("node-ug");
  public static final Ed25519PrivateKey OTHER_NODE_KEY = key("node-ug node key");
  public static final OrgId ISSUER = new OrgId("registry-ke");
  public static final Ed25519PrivateKey ISSUER_KEY = key("registry-ke issuer key");
  public static final Instant ISSUER_FROM = Instant.parse("2024-01-01T00:00:00Z");
  public static final Bytes SALT = Hash.sha256(utf8("series one")).toBytes();
  public static final String ORIGIN = "haven.example/ledger";

  private BundleFixtures() {}

  /** The Ed25519 key whose seed is SHA-256 of {@code name}. */
  public static Ed25519PrivateKey key(String name) {
    return Ed25519PrivateKey.fromSeed(Hash.sha256(utf8(name)).toBytes());
  }

  /** The member nodes a device trusts from genesis: {@link #NODE} and {@link #OTHER_NODE}. */
  public static Map<OrgId, Ed25519PublicKey> trustedNodes() {
    return Map.of(NODE, NODE_KEY.publicKey(), OTHER_NODE, OTHER_NODE_KEY.publicKey());
  }

  /** What a device that pinned the test ledger trusts: both nodes, {@code quorum} of them. */
  public static LedgerTrust trust(int quorum) {
    return new LedgerTrust(ORIGIN, trustedNodes(), quorum);
  }

  /** {@code member}'s node attestation of the content {@code digest} of the test ledger. */
  public static BundleAttestations.Signed attestation(
      Hash digest, OrgId member, Ed25519PrivateKey key) {
    return new BundleAttestations.Signed(member, key.sign(AttestBundle.message(ORIGIN, digest)));
  }

  /** The file of {@code bundle} as {@code member} alone attested it. */
  public static byte[] attested(VerifierBundle bundle, OrgId member, Ed25519PrivateKey key) {
    return BundleFile.write(bundle, List.of(attestation(bundle.contentDigest(), member, key)));
  }

  /** The file of {@code delta} as {@code member} alone attested its result. */
  public static byte[] attestedDelta(BundleDelta delta, OrgId member, Ed25519PrivateKey key) {
    return BundleFile.writeDelta(delta, List.of(attestation(delta.resultDigest(), member, key)));
  }

  /** A checkpoint of the test ledger at {@code treeSize}, signed by {@link #NODE}. */
  public static SignedNote checkpoint(long treeSize) {
    return checkpointSignedBy(treeSize, NODE, NODE_KEY);
  }

  public static SignedNote checkpointSignedBy(long treeSize, OrgId org, Ed25519PrivateKey key) {
    Checkpoint checkpoint = new Checkpoint(ORIGIN, treeSize, Hash.sha256(utf8("root " + treeSize)));
    return new NoteSigner(org.value(), key).sign(checkpoint.body());
  }

  /** Version 1 of series {@link #SALT}, trusting {@link #ISSUER_KEY} from {@link #ISSUER_FROM}. */
  public static VerifierBundle.Builder aBundle() {
    return VerifierBundle.builder(SALT, 1, CREATED, checkpoint(100))
        .issuer(ISSUER, ISSUER_KEY.publicKey(), ISSUER_FROM);
  }

  /** The bundle as a device has it: attested by {@link #NODE}, written and read back. */
  public static VerifierBundle signedAndRead(VerifierBundle bundle) {
    try {
      return BundleFile.read(attested(bundle, NODE, NODE_KEY), trust(1));
    } catch (BundleException e) {
      throw new AssertionError("a bundle the fixtures signed must read back", e);
    }
  }

  /** A valid child number drawn from {@code seed}. */
  public static ChildNumber child(long seed) {
    return ChildNumber.generate(new Random(seed));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
