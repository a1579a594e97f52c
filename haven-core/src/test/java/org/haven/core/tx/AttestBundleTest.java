package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.ledger.TxResult;
import org.haven.core.state.BundleAttestations;
import org.haven.core.testing.TestConsortium;
import org.junit.jupiter.api.Test;

/** The ledger's rules for members' attestations of verifier bundles. */
class AttestBundleTest {
  private static final Hash CONTENT = Hash.sha256(new byte[] {1});
  private static final Hash OTHER_CONTENT = Hash.sha256(new byte[] {2});
  private static final long CREATED_AT = 1_750_000_000L;

  private final TestConsortium ledger = TestConsortium.withMembers(3);
  private int nonces;

  @Test
  void attestationsOfOneContentAreGatheredWithTheirSignatures() {
    long version = ledger.state().logSize();

    assertAccepted(ledger.commit(attest(ledger.member(0), version, CONTENT)));
    assertAccepted(ledger.commit(attest(ledger.member(2), version, CONTENT)));

    List<BundleAttestations.Signed> signed =
        ledger.state().bundleAttestations().signatures(version, CONTENT);
    assertThat(signed)
        .extracting(BundleAttestations.Signed::member)
        .containsExactly(ledger.member(0), ledger.member(2));
    byte[] message = AttestBundle.message(ledger.genesis().origin(), CONTENT);
    assertThat(signed)
        .allSatisfy(
            attestation ->
                assertThat(
                        ledger
                            .nodeKey(attestation.member())
                            .publicKey()
                            .verify(message, attestation.signature()))
                    .isTrue());
    assertThat(ledger.state().bundleAttestations().signatures(version, OTHER_CONTENT)).isEmpty();
  }

  @Test
  void rejectsASecondDifferentContentAtOneVersionAsEquivocation_andTheSameAgainAsConflict() {
    long version = ledger.state().logSize();
    assertAccepted(ledger.commit(attest(ledger.member(1), version, CONTENT)));

    Validation validation = ledger.validate(attest(ledger.member(1), version, OTHER_CONTENT));

    assertRejected(validation, RejectReason.EQUIVOCATION);
    assertThat(((Validation.Rejected) validation).detail())
        .contains(ledger.member(1).value(), "version " + version);
    assertRejected(
        ledger.validate(attest(ledger.member(1), version, CONTENT)), RejectReason.CONFLICT);
  }

  @Test
  void rejectsAnAttestationBeyondTheLog() {
    long beyond = ledger.state().logSize() + 1;

    assertRejected(
        ledger.validate(attest(ledger.member(0), beyond, CONTENT)), RejectReason.CONFLICT);
  }

  @Test
  void rejectsASignatureOverAnotherDigestThanTheOneAttested() {
    OrgId member = ledger.member(0);
    Transaction honest = attest(member, ledger.state().logSize(), CONTENT);
    AttestBundle claimed = (AttestBundle) honest.payload();
    // The signature of CONTENT presented as the attestation of OTHER_CONTENT.
    AttestBundle swapped =
        new AttestBundle(
            claimed.version(), claimed.createdAtSeconds(), OTHER_CONTENT, claimed.signature());
    TxBody body =
        new TxBody(honest.body().actor(), 1, Bytes.of(new byte[TxBody.NONCE_SIZE]), swapped);
    Transaction tx =
        Transaction.sign(
            body,
            ledger.chainId(),
            List.of(new TxSigner(honest.body().actor(), ledger.nodeKey(member))));

    Validation validation = ledger.validate(tx);

    assertRejected(validation, RejectReason.BAD_SIGNATURE);
    assertThat(((Validation.Rejected) validation).detail()).contains(OTHER_CONTENT.toHex());
  }

  @Test
  void messageNamesTheLedgerSoAnotherLedgersAttestationDoesNotVerify() {
    assertThat(AttestBundle.message("haven.example/one", CONTENT))
        .isNotEqualTo(AttestBundle.message("haven.example/two", CONTENT))
        .startsWith(
            "haven-verifier-bundle/v2\nhaven.example/one\n".getBytes(StandardCharsets.UTF_8));
  }

  private Transaction attest(OrgId member, long version, Hash digest) {
    return AttestBundle.transaction(
        member,
        ledger.nodeKey(member),
        ledger.genesis().origin(),
        version,
        CREATED_AT,
        digest,
        ledger.chainId(),
        System.currentTimeMillis(),
        Hash.sha256(new byte[] {(byte) ++nonces}).toBytes().slice(0, TxBody.NONCE_SIZE));
  }

  private static void assertAccepted(List<TxResult> results) {
    assertThat(results).allSatisfy(result -> assertThat(result.validation().isAccepted()).isTrue());
  }

  private static void assertRejected(Validation validation, RejectReason reason) {
    assertThat(validation).isInstanceOf(Validation.Rejected.class);
    assertThat(((Validation.Rejected) validation).reason()).as("%s", validation).isEqualTo(reason);
  }
}
