package org.haven.cli;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.AlertAction;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.EventType;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;
import org.haven.core.tx.DecideDeclaration;
import org.haven.core.tx.SetAlert;
import org.haven.node.HavenNode;
import org.haven.node.registry.Actor;
import org.haven.node.registry.RegistryService;
import org.haven.vault.DocumentType;
import org.haven.vault.Guardian;
import org.haven.vault.IdentityDocument;
import org.haven.vault.PersonalData;
import org.haven.vault.Witness;

/**
 * Fills a demo node's registry through the same service its officers use: children in several
 * states, a possible duplicate pair awaiting review, and an open missing-child alert. The names are
 * invented.
 */
final class DemoRegistry {
  private static final Guardian ZAWADI = mother("Zawadi Wanjiru", "28713645");

  private final DemoLedger ledger;
  private final HavenNode node;
  private final RegistryService registry;

  DemoRegistry(DemoLedger ledger, HavenNode node) {
    this.ledger = ledger;
    this.node = node;
    this.registry = node.registry();
  }

  /** Declares and decides the demo children; returns each child's number by a short label. */
  Map<String, ChildNumber> seed(OfficerId fieldAgent, OfficerId registrar, OfficerId caseWorker) {
    Actor agent = actor(fieldAgent);
    Actor clerk = actor(registrar);
    Actor worker = actor(caseWorker);
    Map<String, ChildNumber> children = new LinkedHashMap<>();

    ChildNumber amina =
        declare(agent, "Amina", "Wanjiru", LocalDate.of(2019, 3, 14), Sex.FEMALE, ZAWADI);
    register(clerk, amina);
    registry.changeGuardian(
        clerk,
        amina,
        new RegistryService.GuardianChange(
            true,
            Relationship.MOTHER,
            ZAWADI.document().orElseThrow(),
            true,
            "birth notification KAK/2019/0314"));
    registry.recordEvent(clerk, amina, EventType.SCHOOL_CHECK_IN);
    children.put("registered, mother linked", amina);

    ChildNumber baraka =
        declare(
            agent,
            "Baraka",
            "Otieno",
            LocalDate.of(2017, 8, 2),
            Sex.MALE,
            mother("Akinyi Otieno", "24418093"));
    register(clerk, baraka);
    registry.alert(
        worker,
        new SetAlert(baraka, AlertAction.RAISE, AlertPriority.HIGH, "Child Helpline 116, desk 4"));
    children.put("registered, reported missing", baraka);

    ChildNumber variant =
        declare(agent, "Aminah", "Wanjiru", LocalDate.of(2019, 3, 14), Sex.FEMALE, ZAWADI);
    children.put("possible duplicate, awaiting review", variant);

    ChildNumber late =
        registry
            .declare(
                agent,
                new RegistryService.Declaration(
                    Optional.empty(),
                    true,
                    Evidence.TWO_WITNESSES,
                    List.of(
                        new Witness(
                            "Grace Chebet",
                            "neighbour",
                            "30117742",
                            "I was with the mother when Imani was born at home in January 2014."),
                        new Witness(
                            "Joseph Kirui",
                            "village elder",
                            "30554128",
                            "I have known the family since before Imani's birth.")),
                    child("Imani", "Kiprotich", LocalDate.of(2014, 1, 20), Sex.FEMALE, List.of())))
            .child()
            .record()
            .number();
    children.put("late declaration, awaiting decision", late);

    ChildNumber suspended =
        declare(
            agent,
            "Jabali",
            "Mwangi",
            LocalDate.of(2021, 11, 5),
            Sex.MALE,
            mother("Nyokabi Mwangi", "31907266"));
    register(clerk, suspended);
    registry.changeStatus(clerk, suspended, ChildStatus.SUSPENDED, "record under court review");
    children.put("suspended", suspended);

    ChildNumber rejected =
        declare(
            agent,
            "Tumaini",
            "Ochieng",
            LocalDate.of(2022, 6, 30),
            Sex.MALE,
            mother("Adhiambo Ochieng", "27730581"));
    registry.decide(
        clerk, rejected, DecideDeclaration.Decision.REJECT, "declared twice by the same clinic");
    children.put("rejected", rejected);
    return children;
  }

  private static Guardian mother(String names, String nationalId) {
    return new Guardian(
        Relationship.MOTHER,
        names,
        Optional.of(
            new IdentityDocument(DocumentType.NATIONAL_ID, nationalId, new Jurisdiction("KE"))));
  }

  private ChildNumber declare(
      Actor agent, String given, String family, LocalDate born, Sex sex, Guardian mother) {
    return registry
        .declare(
            agent,
            new RegistryService.Declaration(
                Optional.empty(),
                false,
                Evidence.BIRTH_NOTIFICATION,
                List.of(),
                child(given, family, born, sex, List.of(mother))))
        .child()
        .record()
        .number();
  }

  private void register(Actor registrar, ChildNumber child) {
    registry.decide(
        registrar, child, DecideDeclaration.Decision.REGISTER, "birth notification verified");
  }

  private static PersonalData child(
      String given, String family, LocalDate born, Sex sex, List<Guardian> guardians) {
    return new PersonalData(
        given, family, born, "Kakamega", sex, guardians, Optional.empty(), "demo record");
  }

  private Actor actor(OfficerId id) {
    return new Actor(node.queries().officer(id).orElseThrow(), ledger.keyOf(id));
  }
}
