package org.haven.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.MemberCertificate;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.MemberNode;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.ledger.TxResult;
import org.haven.core.testing.TestConsortium;
import org.haven.core.testing.TestConsortium.BlockRun;
import org.haven.core.testing.TestConsortium.NewMember;
import org.haven.core.testing.TestOfficer;
import org.junit.jupiter.api.Test;

/**
 * One test per ledger rule. Each rejection is checked twice: by {@link TxValidator} against a
 * read-only view of the committed state (so a write would throw), and by executing the transaction
 * as a block, which must produce no block and no state writes.
 */
class TxValidatorTest {
  private final TestConsortium ledger = TestConsortium.withMembers(3);

  // ---- encoding ----

  @Test
  void everyTruncationOfAValidTransactionFailsToDecode() {
    Bytes encoded = enrolmentBy(ledger.admin(0)).encoded();

    for (int length = 0; length < encoded.size(); length++) {
      Bytes truncated = encoded.slice(0, length);
      assertThatThrownBy(() -> Transaction.decode(truncated))
          .as("truncated to %d of %d bytes", length, encoded.size())
          .isInstanceOf(DecodeException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void rejectsTruncatedTransactionAsMalformed() {
    Bytes encoded = enrolmentBy(ledger.admin(0)).encoded();

    BlockRun run = ledger.propose(List.of(encoded.slice(0, encoded.size() - 1)));

    TxResult result = run.results().get(0);
    assertThat(result.id()).isEmpty();
    assertThat(reasonOf(result)).isEqualTo(RejectReason.MALFORMED);
    assertNothingWritten(run);
  }

  @Test
  void rejectsOversizedTransactionBeforeParsingIt() {
    // Well framed, but the body alone fills the limit, so the whole is over it.
    Bytes oversized =
        new CanonicalWriter()
            .bytes(Bytes.of(new byte[Transaction.MAX_ENCODED_SIZE]))
            .list(List.<Endorsement>of(), (w, e) -> {})
            .toBytes();
    assertThat(oversized.size()).isGreaterThan(Transaction.MAX_ENCODED_SIZE);

    assertThatThrownBy(() -> Transaction.decode(oversized))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining(
            "transaction is "
                + oversized.size()
                + " bytes, the limit is "
                + Transaction.MAX_ENCODED_SIZE);
    BlockRun run = ledger.propose(List.of(oversized));
    assertThat(reasonOf(run.results().get(0))).isEqualTo(RejectReason.OVERSIZED);
    assertThat(detailOf(run.results().get(0))).contains("limit");
    assertNothingWritten(run);
  }

  // ---- signatures ----

  @Test
  void rejectsSignatureWithOneBitFlipped() throws DecodeException {
    Transaction tx = enrolmentBy(ledger.admin(0));
    byte[] bytes = tx.encoded().toArray();
    bytes[bytes.length - 1] ^= 0x01; // the last byte of the only signature

    Transaction tampered = Transaction.decode(Bytes.of(bytes));

    assertThat(tampered.id()).isEqualTo(tx.id());
    assertRejected(tampered, RejectReason.BAD_SIGNATURE);
  }

  @Test
  void rejectsSignatureOverADifferentBody() throws DecodeException {
    TestOfficer admin = ledger.admin(0);
    Transaction tx = enrolmentBy(admin);
    // The body starts after its 4-byte length; its last timestamp byte follows version, kind,
    // the length-prefixed actor and seven more timestamp bytes.
    int timestampLowByte = 4 + 1 + 1 + 4 + admin.id().value().length() + 7;
    byte[] bytes = tx.encoded().toArray();
    bytes[timestampLowByte] ^= 0x01;

    Transaction tampered = Transaction.decode(Bytes.of(bytes));

    assertThat(tampered.body().createdAtMillis()).isNotEqualTo(tx.body().createdAtMillis());
    assertRejected(tampered, RejectReason.BAD_SIGNATURE);
  }

  @Test
  void rejectsSignatureByAKeyThatIsNotEnrolled() {
    TestOfficer impostor = ledger.admin(0).signingWith(ledger.newKey());

    assertRejected(enrolmentBy(impostor), RejectReason.BAD_SIGNATURE);
  }

  @Test
  void rejectsUnknownSigner() {
    TestOfficer stranger = ledger.anAdmin().unenrolled();

    assertRejected(enrolmentBy(stranger), RejectReason.UNKNOWN_SIGNER);
  }

  @Test
  void rejectsTransactionSignedForAnotherLedger() {
    // Same seed, so the same members, admins and keys; only the origin, and so the chain id,
    // differ.
    TestConsortium other = TestConsortium.aConsortium().origin("haven.example/other").build();
    assertThat(other.chainId()).isNotEqualTo(ledger.chainId());
    assertThat(other.admin(0).officer()).isEqualTo(ledger.admin(0).officer());
    TestOfficer admin = ledger.admin(0);

    Transaction tx =
        ledger.signFor(
            other.chainId(), admin, new EnrolOfficer(ledger.aRegistrar().unenrolled().officer()));

    assertThat(other.validate(tx)).isEqualTo(Validation.accepted());
    assertRejected(tx, RejectReason.BAD_SIGNATURE);
  }

  // ---- replay ----

  @Test
  void rejectsReplayedTransaction() {
    Transaction tx = enrolmentBy(ledger.admin(0));
    assertThat(ledger.commit(tx)).singleElement().matches(TxResult::accepted);

    assertRejected(tx, RejectReason.DUPLICATE_ID);
  }

  @Test
  void rejectsRetriedRequestWithTheSameNonce_evenWithAnotherTimeAndPayload() {
    TestOfficer admin = ledger.admin(0);
    TxBody first = ledger.body(admin, enrolment(ledger.aRegistrar().of(admin.org()).unenrolled()));
    assertThat(ledger.commit(Transaction.sign(first, ledger.chainId(), List.of(admin.signer()))))
        .singleElement()
        .matches(TxResult::accepted);
    // A node that signs a retry of one request derives the same nonce from its Idempotency-Key;
    // the clock has moved on and the payload was drawn afresh.
    TxBody retry =
        new TxBody(
            admin.id(),
            first.createdAtMillis() + 60_000,
            first.nonce(),
            enrolment(ledger.aRegistrar().of(admin.org()).unenrolled()));

    assertRejected(
        Transaction.sign(retry, ledger.chainId(), List.of(admin.signer())),
        RejectReason.DUPLICATE_ID);
  }

  @Test
  void acceptsAnotherOfficersTransactionWithTheSameNonce() {
    TestOfficer admin = ledger.admin(0);
    TxBody first = ledger.body(admin, enrolment(ledger.aRegistrar().of(admin.org()).unenrolled()));
    assertThat(ledger.commit(Transaction.sign(first, ledger.chainId(), List.of(admin.signer()))))
        .singleElement()
        .matches(TxResult::accepted);
    TestOfficer other = ledger.admin(1);
    TxBody theirs =
        new TxBody(
            other.id(),
            first.createdAtMillis() + 1,
            first.nonce(),
            enrolment(ledger.aRegistrar().of(other.org()).unenrolled()));

    assertThat(ledger.validate(Transaction.sign(theirs, ledger.chainId(), List.of(other.signer()))))
        .isEqualTo(Validation.accepted());
  }

  @Test
  void rejectsReplayWithinOneBlock() {
    Transaction tx = enrolmentBy(ledger.admin(0));

    BlockRun run = ledger.propose(tx, tx);

    assertThat(run.results().get(0).accepted()).isTrue();
    assertThat(reasonOf(run.results().get(1))).isEqualTo(RejectReason.DUPLICATE_ID);
    assertThat(run.block().orElseThrow().transactions()).containsExactly(tx);
    assertThat(run.block().orElseThrow().header().txCount()).isEqualTo(1);
  }

  @Test
  void rejectsReplayOfAGovernanceChangeWithMoreSignatures() {
    Payload rotation =
        new RotateMemberKey(ledger.member(2), KeyPurpose.NODE, ledger.newKey().publicKey());
    TxBody body = ledger.body(ledger.admin(0), rotation);
    Transaction twoOfThree =
        Transaction.sign(
            body, ledger.chainId(), List.of(ledger.admin(0).signer(), ledger.admin(1).signer()));
    Transaction threeOfThree =
        Transaction.sign(
            body,
            ledger.chainId(),
            List.of(ledger.admin(0).signer(), ledger.admin(1).signer(), ledger.admin(2).signer()));
    assertThat(ledger.commit(twoOfThree)).singleElement().matches(TxResult::accepted);

    assertThat(threeOfThree.id()).isEqualTo(twoOfThree.id());
    assertRejected(threeOfThree, RejectReason.DUPLICATE_ID);
  }

  // ---- officers: role and organisation ----

  @Test
  void rejectsEnrolmentByNonAdmin() {
    TestOfficer registrar = ledger.aRegistrar().in("KE").enrolled();

    assertRejected(enrolmentBy(registrar), RejectReason.ROLE_NOT_PERMITTED);
  }

  @Test
  void rejectsRevocationByNonAdmin() {
    TestOfficer registrar = ledger.aRegistrar().enrolled();
    TestOfficer colleague = ledger.aRegistrar().enrolled();

    assertRejected(
        ledger.sign(registrar, new RevokeOfficer(colleague.id(), "left the service")),
        RejectReason.ROLE_NOT_PERMITTED);
    assertThat(ledger.state().officer(colleague.id()).orElseThrow().active()).isTrue();
  }

  @Test
  void rejectsEnrolmentIntoAnotherOrganisation() {
    TestOfficer adminOfA = ledger.admin(0);
    TestOfficer officerOfB = ledger.aRegistrar().of(ledger.member(1)).unenrolled();

    assertRejected(
        ledger.sign(adminOfA, new EnrolOfficer(officerOfB.officer())),
        RejectReason.OUTSIDE_ORGANISATION);
    assertThat(ledger.state().officer(officerOfB.id())).isEmpty();
  }

  @Test
  void rejectsRevokingAnOfficerOfAnotherOrganisation() {
    TestOfficer officerOfB = ledger.aRegistrar().of(ledger.member(1)).enrolled();

    assertRejected(
        ledger.sign(ledger.admin(0), new RevokeOfficer(officerOfB.id(), "not ours to revoke")),
        RejectReason.OUTSIDE_ORGANISATION);
    assertThat(ledger.state().officer(officerOfB.id()).orElseThrow().active()).isTrue();
  }

  @Test
  void rejectsEnrolmentOfAnIdAlreadyEnrolled() {
    TestOfficer registrar = ledger.aRegistrar().named("registrar.nairobi").enrolled();
    TestOfficer namesake = ledger.anOfficer(Role.AUDITOR).named("registrar.nairobi").unenrolled();

    assertRejected(enrolmentOf(namesake), RejectReason.CONFLICT);
    assertThat(ledger.state().officer(registrar.id()).orElseThrow()).isEqualTo(registrar.officer());
  }

  @Test
  void acceptsReEnrolmentOfARevokedOfficerWithANewKey() {
    TestOfficer registrar = ledger.aRegistrar().named("registrar.kisumu").enrolled();
    assertThat(ledger.commit(revocationOf(registrar))).singleElement().matches(TxResult::accepted);
    Ed25519PrivateKey newKey = ledger.newKey();
    Officer before = registrar.officer();
    TestOfficer rotated =
        new TestOfficer(
            new Officer(
                before.id(),
                before.org(),
                before.role(),
                before.jurisdiction(),
                newKey.publicKey(),
                true),
            newKey);

    assertThat(ledger.commit(enrolmentOf(rotated))).singleElement().matches(TxResult::accepted);

    assertThat(ledger.state().officer(registrar.id()).orElseThrow())
        .isEqualTo(rotated.officer())
        .matches(officer -> officer.active());
  }

  @Test
  void rejectsReEnrolmentOfARevokedOfficerWithTheOldKey() {
    TestOfficer registrar = ledger.aRegistrar().named("registrar.kisumu").enrolled();
    assertThat(ledger.commit(revocationOf(registrar))).singleElement().matches(TxResult::accepted);

    Validation.Rejected rejected = assertRejected(enrolmentOf(registrar), RejectReason.CONFLICT);

    assertThat(rejected.detail()).contains("re-enrol them with a new key");
  }

  @Test
  void rejectsReEnrolmentOfAnotherOrganisationsRevokedId() {
    TestOfficer registrarOfA = ledger.aRegistrar().named("registrar.kisumu").enrolled();
    assertThat(ledger.commit(revocationOf(registrarOfA)))
        .singleElement()
        .matches(TxResult::accepted);
    TestOfficer namesakeOfB =
        ledger.aRegistrar().of(ledger.member(1)).named("registrar.kisumu").unenrolled();

    assertRejected(enrolmentOf(namesakeOfB), RejectReason.CONFLICT);
  }

  @Test
  void rejectsRevokingAnOfficerWhoIsNotEnrolled() {
    TestOfficer stranger = ledger.aRegistrar().unenrolled();

    assertRejected(
        ledger.sign(ledger.admin(0), new RevokeOfficer(stranger.id(), "never enrolled")),
        RejectReason.NOT_FOUND);
  }

  @Test
  void rejectsRevokingAnOfficerTwice() {
    TestOfficer registrar = ledger.aRegistrar().enrolled();
    assertThat(ledger.commit(revocationOf(registrar))).singleElement().matches(TxResult::accepted);

    assertRejected(revocationOf(registrar), RejectReason.CONFLICT);
  }

  @Test
  void rejectsSignatureOfRevokedOfficer() {
    TestOfficer deputy = ledger.anAdmin().enrolled();
    assertThat(ledger.commit(enrolmentBy(deputy))).singleElement().matches(TxResult::accepted);
    assertThat(ledger.commit(revocationOf(deputy))).singleElement().matches(TxResult::accepted);

    assertRejected(enrolmentBy(deputy), RejectReason.INACTIVE_SIGNER);
  }

  @Test
  void rejectsSignatureOfOfficerRevokedEarlierInTheSameBlock() {
    TestOfficer deputy = ledger.anAdmin().enrolled();
    Transaction revocation = revocationOf(deputy);
    Transaction lateEnrolment = enrolmentBy(deputy);

    BlockRun run = ledger.propose(revocation, lateEnrolment);

    assertThat(run.results().get(0).accepted()).isTrue();
    assertThat(reasonOf(run.results().get(1))).isEqualTo(RejectReason.INACTIVE_SIGNER);
    assertThat(run.block().orElseThrow().transactions()).containsExactly(revocation);
  }

  @Test
  void acceptsEnrolmentByTheOrganisationsAdmin() {
    TestOfficer registrar = ledger.aRegistrar().of(ledger.member(1)).unenrolled();

    List<TxResult> results = ledger.commit(ledger.sign(ledger.admin(1), enrolment(registrar)));

    assertThat(results).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
    assertThat(ledger.state().officer(registrar.id())).contains(registrar.officer());
  }

  // ---- signers ----

  @Test
  void rejectsOfficerTransactionWithTwoSignatures() {
    TestOfficer deputy = ledger.anAdmin().enrolled();
    Transaction tx =
        ledger.sign(ledger.admin(0), enrolment(ledger.aRegistrar().unenrolled()), deputy);

    assertRejected(tx, RejectReason.WRONG_SIGNERS);
  }

  @Test
  void rejectsDuplicateSigner() {
    Transaction tx =
        ledger.sign(
            ledger.admin(0),
            new RemoveMember(ledger.member(2), "left the consortium"),
            ledger.admin(1),
            ledger.admin(1));

    assertRejected(tx, RejectReason.WRONG_SIGNERS);
  }

  @Test
  void rejectsTransactionWhoseFirstSignerIsNotTheActor() throws DecodeException {
    Transaction tx =
        ledger.sign(ledger.admin(0), new RemoveMember(ledger.member(2), "left"), ledger.admin(1));
    List<Endorsement> swapped = List.of(tx.endorsements().get(1), tx.endorsements().get(0));

    assertRejected(reassemble(tx, swapped), RejectReason.WRONG_SIGNERS);
  }

  @Test
  void rejectsTransactionWithoutSignatures() throws DecodeException {
    Transaction tx = ledger.governance(new RemoveMember(ledger.member(2), "left"), 2);

    assertRejected(reassemble(tx, List.of()), RejectReason.WRONG_SIGNERS);
  }

  // ---- governance ----

  @Test
  void rejectsGovernanceChangeWithTooFewApprovals() {
    Transaction tx = ledger.governance(rotationOf(2), 1);

    Validation.Rejected rejected = assertRejected(tx, RejectReason.INSUFFICIENT_APPROVALS);
    assertThat(rejected.detail()).contains("needs approvals from 2 of 3");
  }

  @Test
  void acceptsGovernanceChangeApprovedByAMajority() {
    RotateMemberKey rotation = rotationOf(2);

    List<TxResult> results = ledger.commit(ledger.governance(rotation, 2));

    assertThat(results).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
    assertThat(ledger.state().organisation(ledger.member(2)).orElseThrow().nodeKey())
        .isEqualTo(rotation.newKey());
  }

  @Test
  void countsTwoAdminsOfOneMemberAsOneApproval() {
    TestOfficer secondAdminOfA = ledger.anAdmin().of(ledger.member(0)).enrolled();

    Transaction tx = ledger.sign(ledger.admin(0), rotationOf(2), secondAdminOfA);

    assertRejected(tx, RejectReason.INSUFFICIENT_APPROVALS);
  }

  @Test
  void honoursTheApprovalCountSetInGenesis() {
    TestConsortium unanimous = TestConsortium.aConsortium().requiringApprovals(3).build();
    Transaction twoOfThree = unanimous.governance(rotationOf(unanimous, 2), 2);
    Transaction threeOfThree = unanimous.governance(rotationOf(unanimous, 2), 3);

    assertRejected(unanimous, twoOfThree, RejectReason.INSUFFICIENT_APPROVALS);
    assertThat(unanimous.commit(threeOfThree)).singleElement().matches(TxResult::accepted);
  }

  @Test
  void rejectsGovernanceChangeSignedByNonAdmin() {
    TestOfficer registrarOfB = ledger.aRegistrar().of(ledger.member(1)).enrolled();

    Transaction tx = ledger.sign(ledger.admin(0), rotationOf(2), registrarOfB);

    assertRejected(tx, RejectReason.ROLE_NOT_PERMITTED);
  }

  @Test
  void rejectsGovernanceChangeProposedByNonAdmin() {
    TestOfficer registrar = ledger.aRegistrar().enrolled();

    Transaction tx = ledger.sign(registrar, rotationOf(2), ledger.admin(1), ledger.admin(2));

    assertRejected(tx, RejectReason.ROLE_NOT_PERMITTED);
  }

  @Test
  void rejectsRemovalOfTheLastMember() {
    TestConsortium alone = TestConsortium.withMembers(1);

    Transaction tx = alone.governance(new RemoveMember(alone.member(0), "winding up"), 1);

    assertRejected(alone, tx, RejectReason.CONFLICT);
    assertThat(alone.state().activeMemberCount()).isEqualTo(1);
  }

  @Test
  void rejectsRemovalOfAnOrganisationThatIsNotAMember() {
    Transaction tx = ledger.governance(new RemoveMember(new OrgId("org-z"), "typo"), 2);

    assertRejected(tx, RejectReason.NOT_FOUND);
  }

  @Test
  void rejectsRotationToTheSameKey() {
    Payload sameKey =
        new RotateMemberKey(
            ledger.member(2),
            KeyPurpose.ISSUER,
            ledger.state().organisation(ledger.member(2)).orElseThrow().issuerKey());

    assertRejected(ledger.governance(sameKey, 2), RejectReason.CONFLICT);
  }

  @Test
  void rejectsAdmissionOfAnExistingOrganisationId() {
    NewMember impostor = ledger.aNewMember(ledger.member(1).value());

    assertRejected(ledger.governance(impostor.admission(), 2), RejectReason.CONFLICT);
  }

  @Test
  void acceptsAdmissionApprovedByAMajority() {
    NewMember candidate = ledger.aNewMember("org-new");

    List<TxResult> results = ledger.commit(ledger.governance(candidate.admission(), 2));

    assertThat(results).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
    assertThat(ledger.state().activeMemberCount()).isEqualTo(4);
    assertThat(ledger.state().officer(candidate.admin().id()))
        .contains(candidate.admin().officer());
    assertThat(ledger.state().memberNodes().get(candidate.organisation().id()))
        .isEqualTo(
            new MemberNode(
                candidate.organisation().id(),
                Optional.of(candidate.tls().certificate()),
                Optional.of(candidate.raftAddress())));
  }

  @Test
  void rejectsAdmissionWithACertificateNamingAnotherMember() {
    NewMember candidate = ledger.aNewMember("org-new");
    MemberCertificate othersCertificate =
        MemberCertificate.generate(
            "org-other", GENESIS, MemberCertificate.VALIDITY, new SecureRandom());

    Validation.Rejected rejected =
        assertRejected(
            ledger.governance(withCertificate(candidate, othersCertificate.certificate()), 2),
            RejectReason.MALFORMED);

    assertThat(rejected.detail()).contains("CN=org-other", "not the member org-new");
    assertThat(ledger.state().organisation(candidate.organisation().id())).isEmpty();
  }

  @Test
  void rejectsAdmissionWithAnExpiredCertificate() {
    NewMember candidate = ledger.aNewMember("org-new");
    MemberCertificate expired =
        MemberCertificate.generate(
            "org-new", GENESIS.minus(Duration.ofDays(30)), Duration.ofDays(1), new SecureRandom());

    Validation.Rejected rejected =
        assertRejected(
            ledger.governance(withCertificate(candidate, expired.certificate()), 2),
            RejectReason.MALFORMED);

    assertThat(rejected.detail()).contains("valid only from");
  }

  @Test
  void rejectsAdmissionWithACertificateThatIsNotP256() throws Exception {
    NewMember candidate = ledger.aNewMember("org-new");

    Validation.Rejected rejected =
        assertRejected(
            ledger.governance(withCertificate(candidate, p384Certificate("org-new")), 2),
            RejectReason.MALFORMED);

    assertThat(rejected.detail()).contains("must be ECDSA P-256");
  }

  @Test
  void rejectsAdmissionWithGarbageForACertificate() {
    NewMember candidate = ledger.aNewMember("org-new");

    Validation.Rejected rejected =
        assertRejected(
            ledger.governance(withCertificate(candidate, Bytes.of(new byte[] {1, 2, 3})), 2),
            RejectReason.MALFORMED);

    assertThat(rejected.detail()).contains("not a DER X.509 certificate");
  }

  @Test
  void refusesAnAdmissionWithoutAPortInTheRaftAddress() {
    NewMember candidate = ledger.aNewMember("org-new");

    assertThatThrownBy(
            () ->
                new AdmitMember(
                    candidate.organisation(),
                    candidate.admin().officer(),
                    candidate.tls().certificate(),
                    "org-new.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the Raft address must be host:port");
  }

  @Test
  void rejectsAdmissionAtAnotherMembersRaftAddress() {
    NewMember first = ledger.aNewMember("org-new");
    ledger.commit(ledger.governance(first.admission(), 2));
    NewMember second = ledger.aNewMember("org-next");
    NewMember sameAddress =
        new NewMember(second.organisation(), second.admin(), second.tls(), first.raftAddress());

    assertRejected(ledger.governance(sameAddress.admission(), 3), RejectReason.CONFLICT);
  }

  private static final Instant GENESIS = Instant.ofEpochMilli(TestConsortium.GENESIS_MILLIS);

  private static Payload withCertificate(NewMember candidate, Bytes certificate) {
    return new AdmitMember(
        candidate.organisation(),
        candidate.admin().officer(),
        certificate,
        candidate.raftAddress());
  }

  /** A certificate like a member's in every way but its key's curve, P-384. */
  private static Bytes p384Certificate(String memberId) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=" + memberId);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.ONE,
                Date.from(GENESIS),
                Date.from(GENESIS.plus(Duration.ofDays(365))),
                subject,
                keys.getPublic())
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, memberId)));
    return Bytes.of(
        builder
            .build(new JcaContentSignerBuilder("SHA384withECDSA").build(keys.getPrivate()))
            .getEncoded());
  }

  @Test
  void removedMembersAdminCanNoLongerSign() {
    TestOfficer adminOfC = ledger.admin(2);
    TestOfficer registrarOfC = ledger.aRegistrar().of(ledger.member(2)).enrolled();
    assertThat(ledger.commit(ledger.governance(new RemoveMember(ledger.member(2), "left"), 2)))
        .singleElement()
        .matches(TxResult::accepted);

    assertThat(ledger.state().memberNodes()).doesNotContainKey(ledger.member(2));
    assertRejected(enrolmentBy(adminOfC), RejectReason.INACTIVE_SIGNER);
    assertRejected(
        ledger.sign(adminOfC, new RevokeOfficer(registrarOfC.id(), "cleanup")),
        RejectReason.INACTIVE_SIGNER);
    assertRejected(
        ledger.sign(ledger.admin(0), rotationOf(1), adminOfC), RejectReason.INACTIVE_SIGNER);
    assertThat(ledger.state().requiredApprovals()).isEqualTo(2);
  }

  // ---- helpers ----

  /** An enrolment of a fresh registrar of the signer's organisation, signed by {@code admin}. */
  private Transaction enrolmentBy(TestOfficer admin) {
    return ledger.sign(admin, enrolment(ledger.aRegistrar().of(admin.org()).unenrolled()));
  }

  private Transaction enrolmentOf(TestOfficer officer) {
    return ledger.sign(ledger.admin(officer.org()), enrolment(officer));
  }

  private static EnrolOfficer enrolment(TestOfficer officer) {
    return new EnrolOfficer(officer.officer());
  }

  private Transaction revocationOf(TestOfficer officer) {
    return ledger.sign(ledger.admin(officer.org()), new RevokeOfficer(officer.id(), "revoked"));
  }

  private RotateMemberKey rotationOf(int member) {
    return rotationOf(ledger, member);
  }

  private static RotateMemberKey rotationOf(TestConsortium consortium, int member) {
    return new RotateMemberKey(
        consortium.member(member), KeyPurpose.NODE, consortium.newKey().publicKey());
  }

  /** The same body with other endorsements, encoded as {@link Transaction} does. */
  private static Transaction reassemble(Transaction tx, List<Endorsement> endorsements)
      throws DecodeException {
    return Transaction.decode(
        new CanonicalWriter()
            .bytes(Bytes.of(tx.body().encode()))
            .list(endorsements, (w, e) -> w.string(e.signer().value()).fixed(e.signature().bytes()))
            .toBytes());
  }

  /**
   * Asserts that {@code tx} is refused for {@code reason} both on submission and in a block, and
   * that the block writes nothing.
   */
  private Validation.Rejected assertRejected(Transaction tx, RejectReason reason) {
    return assertRejected(ledger, tx, reason);
  }

  private static Validation.Rejected assertRejected(
      TestConsortium on, Transaction tx, RejectReason reason) {
    Validation validation = on.validate(tx);
    assertThat(validation)
        .isInstanceOfSatisfying(
            Validation.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    BlockRun run = on.propose(tx);
    assertThat(run.results())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.validation()).isEqualTo(validation);
              assertThat(r.id()).contains(tx.id());
              assertThat(r.logIndex()).isEqualTo(-1);
            });
    assertNothingWritten(run);
    return (Validation.Rejected) validation;
  }

  private static void assertNothingWritten(BlockRun run) {
    assertThat(run.block()).isEmpty();
    assertThat(run.writes()).isEmpty();
  }

  private static RejectReason reasonOf(TxResult result) {
    assertThat(result.validation()).isInstanceOf(Validation.Rejected.class);
    return ((Validation.Rejected) result.validation()).reason();
  }

  private static String detailOf(TxResult result) {
    assertThat(result.validation()).isInstanceOf(Validation.Rejected.class);
    return ((Validation.Rejected) result.validation()).detail();
  }
}
