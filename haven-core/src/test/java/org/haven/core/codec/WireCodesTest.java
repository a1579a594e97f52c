package org.haven.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.Role;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.ConsentState;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.FoundRecord;
import org.haven.core.registry.Relationship;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.DecideFoundChild;
import org.haven.core.tx.Kind;
import org.haven.core.tx.RecordCrossing;
import org.haven.core.tx.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the code every enumerated value has on the wire and in stored state. A round-trip test
 * encodes and decodes with the same table, so it would never notice a changed code; these strings
 * are the tables as the ledgers already written hold them. A new constant needs a new, unused code
 * here; a changed or reused code would fork every ledger, and this test fails first.
 */
class WireCodesTest {

  static Stream<Arguments> tables() {
    return Stream.of(
        table(
            Role.values(),
            "FIELD_AGENT=0 REGISTRAR=1 BORDER_OFFICER=2 CASE_WORKER=3 AUDITOR=4 ORG_ADMIN=5"),
        table(KeyPurpose.values(), "NODE=0 ISSUER=1"),
        table(
            ChildStatus.values(),
            "DECLARED=0 INFO_REQUESTED=1 REGISTERED=2 REJECTED=3 DUPLICATE=4 SUSPENDED=5"
                + " REVOKED=6 DECEASED=7 ERASED=8 FOUND=9"),
        table(Relationship.values(), "MOTHER=0 FATHER=1 LEGAL_GUARDIAN=2 INSTITUTION=3"),
        table(
            Evidence.values(),
            "BIRTH_NOTIFICATION=0 DOCUMENT=1 TWO_WITNESSES=2 COMMUNITY_LEADER=3 FOUND_CHILD=4"),
        table(DecideDeclaration.Decision.values(), "REGISTER=0 REJECT=1 REQUEST_INFORMATION=2"),
        table(AlertAction.values(), "RAISE=0 UPDATE=1 RESOLVE=2"),
        table(ConsentState.values(), "ENDED=0 ACTIVE=1 USED=2 REVOKED=3"),
        table(FoundRecord.Resolution.values(), "OPEN=0 MATCHED=1 REGISTERED=2"),
        table(DecideFoundChild.Decision.values(), "CONFIRM_MATCH=0 REGISTER_NEW=1"),
        table(AlertPriority.values(), "LOW=0 HIGH=1 CRITICAL=2"),
        table(
            EventType.values(),
            "SIGHTING=0 CLINIC_CHECK_IN=1 SCHOOL_CHECK_IN=2 CROSSING_EXIT=3 CROSSING_ENTRY=4"
                + " FOUND=5 FOUND_IDENTIFIED=6 FOUND_REGISTERED=7"),
        table(DecideFoundChild.Decision.values(), "CONFIRM_MATCH=0 REGISTER_NEW=1"),
        table(FoundRecord.Resolution.values(), "OPEN=0 MATCHED=1 REGISTERED=2"),
        table(RecordCrossing.Outcome.values(), "PASS=1 SECONDARY_INSPECTION=2 ALERT=3"),
        table(
            RejectReason.values(),
            "MALFORMED=0 OVERSIZED=1 DUPLICATE_ID=2 UNKNOWN_SIGNER=3 INACTIVE_SIGNER=4"
                + " BAD_SIGNATURE=5 WRONG_SIGNERS=6 ROLE_NOT_PERMITTED=7 OUTSIDE_ORGANISATION=8"
                + " OUTSIDE_JURISDICTION=9 INSUFFICIENT_APPROVALS=10 CONFLICT=11 NOT_FOUND=12"
                + " CHECKPOINT_DIVERGES=13 EQUIVOCATION=14 CONSENT_NOT_SHOWN=15"));
  }

  private static <E extends Enum<E> & WireCode> Arguments table(E[] values, String pinned) {
    return Arguments.of(values[0].getDeclaringClass().getSimpleName(), values, pinned);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  <E extends Enum<E> & WireCode> void everyValueKeepsItsPinnedCode(
      String name, E[] values, String pinned) {
    String actual =
        Arrays.stream(values)
            .map(value -> value.name() + "=" + value.code())
            .collect(Collectors.joining(" "));

    assertThat(actual).as(name).isEqualTo(pinned);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  <E extends Enum<E> & WireCode> void everyCodeReadsBackAsItsValue_andAnUnusedCodeIsRefused(
      String name, E[] values, String pinned) throws DecodeException {
    for (E value : values) {
      CanonicalWriter out = new CanonicalWriter();
      WireCode.write(out, value);
      assertThat(WireCode.read(CanonicalReader.of(out.toBytes()), values, name)).isEqualTo(value);
    }
    int unused = Arrays.stream(values).mapToInt(WireCode::code).max().orElseThrow() + 1;
    CanonicalReader in = CanonicalReader.of(new CanonicalWriter().u8(unused).toBytes());

    assertThatThrownBy(() -> WireCode.read(in, values, name))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("unknown code " + unused);
  }

  /** Every enumeration of haven-core written by code is pinned above: none can be forgotten. */
  @Test
  void everyWireCodeEnumOfTheCore_isPinnedHere() throws Exception {
    Path classes =
        Path.of(WireCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<Class<?>> found = new HashSet<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace(".class", "").replace('/', '.');
        Class<?> type = Class.forName(name, false, WireCodesTest.class.getClassLoader());
        if (type.isEnum() && WireCode.class.isAssignableFrom(type)) {
          found.add(type);
        }
      }
    }
    Set<Class<?>> pinned =
        tables()
            .map(arguments -> ((Object[]) arguments.get()[1]).getClass().getComponentType())
            .collect(Collectors.toSet());

    assertThat(found).isNotEmpty().containsExactlyInAnyOrderElementsOf(pinned);
  }

  @Test
  void transactionKindsKeepTheirPinnedTags() {
    String actual =
        Arrays.stream(Kind.values())
            .map(kind -> kind.name() + "=" + kind.tag())
            .collect(Collectors.joining(" "));

    assertThat(actual)
        .isEqualTo(
            "ENROL_OFFICER=1 REVOKE_OFFICER=2 ADMIT_MEMBER=3 REMOVE_MEMBER=4 ROTATE_MEMBER_KEY=5"
                + " DECLARE_CHILD=6 DECIDE_DECLARATION=7 RESOLVE_DUPLICATE=8 CORRECT_CHILD=9"
                + " CHANGE_CHILD_STATUS=10 LINK_GUARDIAN=11 SET_ALERT=12 RECORD_EVENT=13"
                + " RECORD_ACCESS=14 GRANT_CONSENT=15 REVOKE_CONSENT=16 RECORD_CROSSING=17"
                + " SET_CONSENT_RULE=18 COSIGN_CHECKPOINT=19 PROPOSE_GOVERNANCE=20"
                + " ENDORSE_PROPOSAL=21 GRANT_JURISDICTION=22 ISSUE_CARD=23 REVOKE_CARD=24"
                + " REVOKE_ISSUER_KEY=25 ATTEST_BUNDLE=26 DECLARE_FOUND_CHILD=27 DECIDE_FOUND_CHILD=28");
  }
}
