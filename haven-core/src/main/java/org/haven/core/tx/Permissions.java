package org.haven.core.tx;

import static org.haven.core.identity.Role.AUDITOR;
import static org.haven.core.identity.Role.BORDER_OFFICER;
import static org.haven.core.identity.Role.CASE_WORKER;
import static org.haven.core.identity.Role.FIELD_AGENT;
import static org.haven.core.identity.Role.ORG_ADMIN;
import static org.haven.core.identity.Role.REGISTRAR;
import static org.haven.core.tx.Permissions.Org.ANY_ORGANISATION;
import static org.haven.core.tx.Permissions.Org.ANY_ORGANISATION_WITH_AN_OPEN_ALERT;
import static org.haven.core.tx.Permissions.Org.HOLDING_THE_CHILD;
import static org.haven.core.tx.Permissions.Org.OF_THE_OFFICER;
import static org.haven.core.tx.Permissions.Org.RAISING_THE_ALERT;
import static org.haven.core.tx.Permissions.Place.ANYWHERE;
import static org.haven.core.tx.Permissions.Place.APPROVED_FOR_THE_ORGANISATION;
import static org.haven.core.tx.Permissions.Place.CHECKPOINT_IN_JURISDICTION;
import static org.haven.core.tx.Permissions.Place.CHILDS_JURISDICTION;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Role;
import org.haven.core.registry.Alert;
import org.haven.core.registry.ChildRecord;
import org.haven.core.state.LedgerState;

/**
 * Who may do what: the ledger's one table of authority. Each {@link Action} lists the officers who
 * may take it, as rules of a role, an organisation relationship and a jurisdiction relationship to
 * what the action is about (its {@link Subject}); any one rule suffices. Every kind's {@code check}
 * and every read a node answers ask this table; {@code GET /api/v1/session} lists the actions an
 * officer's role appears in, so the web app offers only what the ledger would accept. A kind's
 * other rules (state conflicts, limits) stay in its {@link Payload} record.
 *
 * <p>Adding an action is one line in {@link Action}: {@code NAME("act, as messages say it",
 * may(ROLE, organisation, place), ...)}. See docs/authority.md.
 */
public final class Permissions {
  private Permissions() {}

  /** Every act the ledger or a node checks, with the rules that allow it. */
  public enum Action {
    // Officers and governance.
    ENROL_OFFICER("enrol officers", may(ORG_ADMIN, OF_THE_OFFICER, APPROVED_FOR_THE_ORGANISATION)),
    REVOKE_OFFICER("revoke officers", may(ORG_ADMIN, OF_THE_OFFICER, ANYWHERE)),
    LIST_OFFICERS("list their organisation's officers", may(ORG_ADMIN, ANY_ORGANISATION, ANYWHERE)),
    UNLOCK_OFFICER("unlock officers' logins", may(ORG_ADMIN, OF_THE_OFFICER, ANYWHERE)),
    GOVERN(
        "propose, endorse or sign governance changes", may(ORG_ADMIN, ANY_ORGANISATION, ANYWHERE)),
    LIST_PROPOSALS(
        "list governance proposals",
        may(ORG_ADMIN, ANY_ORGANISATION, ANYWHERE),
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE)),

    // The registry.
    DECLARE_CHILD(
        "declare a child",
        may(FIELD_AGENT, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    DECIDE_DECLARATION(
        "decide on declarations", may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    LIST_DECLARATIONS(
        "list declarations awaiting review", may(REGISTRAR, ANY_ORGANISATION, ANYWHERE)),
    REQUEST_INFORMATION(
        "ask the declaring field agents for information",
        may(REGISTRAR, HOLDING_THE_CHILD, CHILDS_JURISDICTION)),
    ANSWER_INFORMATION_REQUEST(
        "read and answer a registrar's requests for information",
        may(FIELD_AGENT, HOLDING_THE_CHILD, CHILDS_JURISDICTION)),
    RESOLVE_DUPLICATE(
        "resolve possible duplicates", may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    LIST_DUPLICATE_REVIEWS("list duplicate reviews", may(REGISTRAR, ANY_ORGANISATION, ANYWHERE)),
    CORRECT_CHILD("correct records", may(REGISTRAR, HOLDING_THE_CHILD, CHILDS_JURISDICTION)),
    CHANGE_CHILD_STATUS(
        "change a child's status", may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    ERASE_CHILD("erase a child's data", may(REGISTRAR, HOLDING_THE_CHILD, CHILDS_JURISDICTION)),
    LINK_GUARDIAN(
        "change a child's guardians", may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    GRANT_CONSENT("record travel consents", may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    REVOKE_CONSENT("revoke travel consents", may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    ISSUE_CARD("issue a child's ID card", may(REGISTRAR, HOLDING_THE_CHILD, CHILDS_JURISDICTION)),
    REVOKE_CARD("revoke a child's ID card", may(REGISTRAR, HOLDING_THE_CHILD, CHILDS_JURISDICTION)),
    LIST_CARDS(
        "list the ID cards recorded for this child",
        may(REGISTRAR, HOLDING_THE_CHILD, CHILDS_JURISDICTION)),

    // Children found alone.
    DECLARE_FOUND_CHILD(
        "declare a found child",
        may(FIELD_AGENT, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(CASE_WORKER, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(BORDER_OFFICER, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    READ_FOUND_CANDIDATES(
        "see the possible matches of this found child",
        may(FIELD_AGENT, HOLDING_THE_CHILD, ANYWHERE),
        may(CASE_WORKER, HOLDING_THE_CHILD, ANYWHERE),
        may(BORDER_OFFICER, HOLDING_THE_CHILD, ANYWHERE),
        may(REGISTRAR, HOLDING_THE_CHILD, ANYWHERE),
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    DECIDE_FOUND_CHILD(
        "confirm a found child's match or register it as new",
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),

    // Alerts, events and border checks.
    RAISE_ALERT("raise missing-child alerts", may(CASE_WORKER, ANY_ORGANISATION, ANYWHERE)),
    UPDATE_ALERT(
        "update or resolve a missing-child alert",
        may(CASE_WORKER, RAISING_THE_ALERT, ANYWHERE),
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    READ_ALERTS(
        "list open alerts",
        may(FIELD_AGENT, ANY_ORGANISATION, ANYWHERE),
        may(REGISTRAR, ANY_ORGANISATION, ANYWHERE),
        may(BORDER_OFFICER, ANY_ORGANISATION, ANYWHERE),
        may(CASE_WORKER, ANY_ORGANISATION, ANYWHERE),
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE),
        may(ORG_ADMIN, ANY_ORGANISATION, ANYWHERE)),
    RECORD_SIGHTING(
        "record sightings",
        may(FIELD_AGENT, ANY_ORGANISATION, ANYWHERE),
        may(CASE_WORKER, ANY_ORGANISATION, ANYWHERE),
        may(BORDER_OFFICER, ANY_ORGANISATION, ANYWHERE)),
    RECORD_CHECK_IN(
        "record clinic or school check-ins",
        may(FIELD_AGENT, ANY_ORGANISATION, ANYWHERE),
        may(REGISTRAR, ANY_ORGANISATION, ANYWHERE)),
    RECORD_CROSSING_EVENT(
        "record crossing events", may(BORDER_OFFICER, ANY_ORGANISATION, ANYWHERE)),
    RECORD_CROSSING(
        "record border checks", may(BORDER_OFFICER, ANY_ORGANISATION, CHECKPOINT_IN_JURISDICTION)),

    // Reads about one child.
    READ_PERSONAL_DATA(
        "read the personal data of this child",
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(REGISTRAR, HOLDING_THE_CHILD, ANYWHERE),
        may(CASE_WORKER, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(CASE_WORKER, RAISING_THE_ALERT, ANYWHERE)),
    READ_ALERT_NOTICE(
        "see the description and photo of this child's open alert",
        may(BORDER_OFFICER, ANY_ORGANISATION_WITH_AN_OPEN_ALERT, ANYWHERE),
        may(CASE_WORKER, RAISING_THE_ALERT, ANYWHERE)),
    READ_TIMELINE(
        "read the timeline of this child",
        may(CASE_WORKER, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(CASE_WORKER, ANY_ORGANISATION_WITH_AN_OPEN_ALERT, ANYWHERE),
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    SEARCH_CHILDREN(
        "search their organisation's vault by name and date of birth",
        may(REGISTRAR, HOLDING_THE_CHILD, ANYWHERE)),
    READ_ACCESS_LOG(
        "list who read this child's personal data",
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE),
        may(REGISTRAR, HOLDING_THE_CHILD, ANYWHERE),
        may(ORG_ADMIN, HOLDING_THE_CHILD, ANYWHERE)),
    READ_HISTORY(
        "read the history of this child's record on the ledger",
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(REGISTRAR, HOLDING_THE_CHILD, ANYWHERE),
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE)),
    READ_DATA_VERSIONS(
        "read every version of this child's personal data",
        may(REGISTRAR, HOLDING_THE_CHILD, ANYWHERE)),

    // Reads across the ledger.
    READ_WHOLE_ACCESS_LOG("read the whole access log", may(AUDITOR, ANY_ORGANISATION, ANYWHERE)),
    READ_TRANSACTIONS(
        "read transaction bodies, which show where children crossed",
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE)),
    READ_STATISTICS(
        "read the daily statistics",
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE),
        may(ORG_ADMIN, ANY_ORGANISATION, ANYWHERE)),

    // Reports: counts only, for a jurisdiction (the report's stands for the child's).
    READ_REGISTRATION_REPORT(
        "read the registration report of this jurisdiction",
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION),
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE)),
    SET_EXPECTED_BIRTHS(
        "set the expected births of this jurisdiction",
        may(REGISTRAR, ANY_ORGANISATION, CHILDS_JURISDICTION)),
    READ_BORDER_REPORT(
        "read the border check report of this country's checkpoints",
        may(BORDER_OFFICER, ANY_ORGANISATION, CHECKPOINT_IN_JURISDICTION),
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE)),
    READ_AUDIT_REPORT(
        "read the audit report of personal-data reads and alerts",
        may(AUDITOR, ANY_ORGANISATION, ANYWHERE));

    private final String act;
    private final List<Rule> rules;

    Action(String act, Rule... rules) {
      this.act = act;
      this.rules = List.of(rules);
    }

    /** The act as messages name it, for example "change a child's status". */
    public String act() {
      return act;
    }

    public List<Rule> rules() {
      return rules;
    }

    /** Whether any rule of this action names {@code role}. */
    public boolean namesRole(Role role) {
      return rules.stream().anyMatch(rule -> rule.role() == role);
    }
  }

  /** One way to be allowed an action: an officer of this role, organisation and place may. */
  public record Rule(Role role, Org organisation, Place place) {
    public Rule {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(organisation, "organisation");
      Objects.requireNonNull(place, "place");
    }

    boolean allows(Officer actor, Subject subject) {
      return actor.role() == role
          && organisation.test(actor, subject)
          && place.test(actor, subject);
    }

    /** The rule as messages say it, naming the subject's jurisdiction where the rule asks it. */
    String describe(Subject subject) {
      String article = "AEIOU".indexOf(role.name().charAt(0)) >= 0 ? "an " : "a ";
      return article + role + organisation.phrase + place.describe(subject);
    }
  }

  private static Rule may(Role role, Org organisation, Place place) {
    return new Rule(role, organisation, place);
  }

  /** How the acting officer's organisation must relate to the subject. */
  public enum Org implements BiPredicate<Officer, Subject> {
    ANY_ORGANISATION("", (actor, subject) -> true),
    /** The officer enrolled or revoked belongs to the actor's organisation. */
    OF_THE_OFFICER(
        " of the officer's organisation", (actor, subject) -> is(subject.officerOrg(), actor)),
    /** The actor's organisation holds the child's personal data (it declared the child). */
    HOLDING_THE_CHILD(
        " of the organisation holding the child's data",
        (actor, subject) -> is(subject.holdingOrg(), actor)),
    /** The actor's organisation raised the child's open alert. */
    RAISING_THE_ALERT(
        " of the organisation that raised the alert",
        (actor, subject) -> is(subject.raisingOrg(), actor)),
    /** The child has an open alert, whoever raised it. */
    ANY_ORGANISATION_WITH_AN_OPEN_ALERT(
        " of any organisation while the child has an open alert",
        (actor, subject) -> subject.raisingOrg().isPresent());

    private final String phrase;
    private final BiPredicate<Officer, Subject> relation;

    Org(String phrase, BiPredicate<Officer, Subject> relation) {
      this.phrase = phrase;
      this.relation = relation;
    }

    @Override
    public boolean test(Officer actor, Subject subject) {
      return relation.test(actor, subject);
    }

    private static boolean is(Optional<OrgId> org, Officer actor) {
      return org.map(actor.org()::equals).orElse(false);
    }
  }

  /** How the acting officer's jurisdiction must relate to the subject. */
  public enum Place implements BiPredicate<Officer, Subject> {
    ANYWHERE("", (actor, subject) -> true),
    /** The actor acts in the jurisdiction of the record: the child's, or the one declared. */
    CHILDS_JURISDICTION(" in the child's jurisdiction", Place::inTheActorsJurisdiction),
    /** The actor checks at a border post of their own jurisdiction. */
    CHECKPOINT_IN_JURISDICTION(
        " at a checkpoint in their jurisdiction", Place::inTheActorsJurisdiction),
    /**
     * The officer being enrolled acts in a jurisdiction approved for their organisation: its own
     * country, or one governance granted it ({@code GRANT_JURISDICTION}).
     */
    APPROVED_FOR_THE_ORGANISATION(
        " for a jurisdiction approved for that organisation",
        (actor, subject) ->
            subject.jurisdiction().map(subject.approvedJurisdictions()::contains).orElse(false));

    private final String phrase;
    private final BiPredicate<Officer, Subject> relation;

    Place(String phrase, BiPredicate<Officer, Subject> relation) {
      this.phrase = phrase;
      this.relation = relation;
    }

    @Override
    public boolean test(Officer actor, Subject subject) {
      return relation.test(actor, subject);
    }

    private static boolean inTheActorsJurisdiction(Officer actor, Subject subject) {
      return subject.jurisdiction().map(actor.jurisdiction()::equals).orElse(false);
    }

    /** The phrase, naming the subject's jurisdiction and, for enrolment, the approved ones. */
    String describe(Subject subject) {
      return switch (this) {
        case ANYWHERE -> phrase;
        case CHILDS_JURISDICTION, CHECKPOINT_IN_JURISDICTION ->
            phrase + subject.jurisdiction().map(where -> " (" + where + ")").orElse("");
        case APPROVED_FOR_THE_ORGANISATION ->
            subject.approvedJurisdictions().isEmpty()
                ? phrase
                : phrase
                    + " ("
                    + subject.approvedJurisdictions().stream()
                        .map(Jurisdiction::code)
                        .sorted()
                        .collect(Collectors.joining(", "))
                    + subject.jurisdiction().map(where -> "; not " + where).orElse("")
                    + ")";
      };
    }
  }

  /**
   * What an action is about, as far as authority asks: the record's jurisdiction and the
   * organisations related to it. Empty parts match no relationship that needs them.
   *
   * @param officerOrg the organisation of the officer enrolled or revoked
   * @param holdingOrg the organisation holding the child's data
   * @param raisingOrgLookup the organisation that raised the child's open alert, looked up only
   *     when a rule asks ({@link #raisingOrg}): most actions' rules never do, and every crossing
   *     would otherwise pay a state read for it
   * @param approvedJurisdictions where the officer's organisation may enrol officers
   */
  public record Subject(
      Optional<Jurisdiction> jurisdiction,
      Optional<OrgId> officerOrg,
      Optional<OrgId> holdingOrg,
      Supplier<Optional<OrgId>> raisingOrgLookup,
      Set<Jurisdiction> approvedJurisdictions) {
    /** An action about nothing in particular: a listing, a governance change. */
    public static final Subject NONE =
        new Subject(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of());

    public Subject {
      Objects.requireNonNull(jurisdiction, "jurisdiction");
      Objects.requireNonNull(officerOrg, "officerOrg");
      Objects.requireNonNull(holdingOrg, "holdingOrg");
      Objects.requireNonNull(raisingOrgLookup, "raisingOrgLookup");
      approvedJurisdictions = Set.copyOf(approvedJurisdictions);
    }

    /** A subject whose alert-raising organisation, if any, is already known. */
    public Subject(
        Optional<Jurisdiction> jurisdiction,
        Optional<OrgId> officerOrg,
        Optional<OrgId> holdingOrg,
        Optional<OrgId> raisingOrg,
        Set<Jurisdiction> approvedJurisdictions) {
      this(jurisdiction, officerOrg, holdingOrg, known(raisingOrg), approvedJurisdictions);
    }

    private static Supplier<Optional<OrgId>> known(Optional<OrgId> raisingOrg) {
      Objects.requireNonNull(raisingOrg, "raisingOrg");
      return () -> raisingOrg;
    }

    /** The organisation that raised the child's open alert, if the child has one. */
    public Optional<OrgId> raisingOrg() {
      return raisingOrgLookup.get();
    }

    /** A child on the ledger: its jurisdiction, its holding organisation and its open alert. */
    public static Subject child(ChildRecord record, LedgerState state) {
      return new Subject(
          Optional.of(record.jurisdiction()),
          Optional.empty(),
          Optional.of(record.issuer()),
          once(
              () ->
                  state
                      .registry()
                      .alert(record.number())
                      .filter(Alert::open)
                      .map(Alert::raisingOrganisation)),
          Set.of());
    }

    /** {@code lookup}, run at most once; a subject is used by one check on one thread. */
    private static <T> Supplier<T> once(Supplier<T> lookup) {
      return new Supplier<>() {
        private T value;

        @Override
        public T get() {
          if (value == null) {
            value = lookup.get();
          }
          return value;
        }
      };
    }

    /** A child about to be declared in {@code jurisdiction}. */
    public static Subject declaredIn(Jurisdiction jurisdiction) {
      return new Subject(
          Optional.of(jurisdiction),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Set.of());
    }

    /**
     * A search of the vault of {@code organisation}, which holds the data of every child it could
     * find.
     */
    public static Subject vaultOf(OrgId organisation) {
      return new Subject(
          Optional.empty(),
          Optional.empty(),
          Optional.of(organisation),
          Optional.empty(),
          Set.of());
    }

    /** A border check at a checkpoint in {@code country}. */
    public static Subject checkpointIn(Jurisdiction country) {
      return new Subject(
          Optional.of(country), Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
    }

    /** An officer being enrolled or revoked, with where their organisation may enrol officers. */
    public static Subject officer(Officer officer, LedgerState state) {
      return new Subject(
          Optional.of(officer.jurisdiction()),
          Optional.of(officer.org()),
          Optional.empty(),
          Optional.empty(),
          state.approvedJurisdictions(officer.org()));
    }
  }

  /**
   * Accepts if a rule of {@code action} allows {@code actor} on {@code subject}. Otherwise the
   * reason is {@link RejectReason#ROLE_NOT_PERMITTED} when no rule names the actor's role, {@link
   * RejectReason#OUTSIDE_JURISDICTION} when a rule of their role fails only on the place, and
   * {@link RejectReason#OUTSIDE_ORGANISATION} otherwise; the detail names who may.
   */
  public static Validation check(Action action, Officer actor, Subject subject) {
    RejectReason reason = RejectReason.ROLE_NOT_PERMITTED;
    for (Rule rule : action.rules()) {
      if (rule.allows(actor, subject)) {
        return Validation.accepted();
      }
      if (rule.role() == actor.role() && reason != RejectReason.OUTSIDE_JURISDICTION) {
        reason =
            rule.organisation().test(actor, subject)
                ? RejectReason.OUTSIDE_JURISDICTION
                : RejectReason.OUTSIDE_ORGANISATION;
      }
    }
    return Validation.reject(
        reason,
        actor.id()
            + " ("
            + actor.role()
            + " of "
            + actor.org()
            + " in "
            + actor.jurisdiction()
            + ") may not "
            + action.act()
            + "; "
            + action.rules().stream()
                .map(rule -> rule.describe(subject))
                .collect(Collectors.joining(", or "))
            + " may");
  }

  /** Whether a rule of {@code action} allows {@code actor} on {@code subject}. */
  public static boolean permits(Action action, Officer actor, Subject subject) {
    return check(action, actor, subject).isAccepted();
  }

  /**
   * The actions some rule lets an officer of {@code role} take, whatever the subject: what a client
   * may offer them. The ledger still checks each one against its subject.
   */
  public static Set<Action> actionsOf(Role role) {
    Set<Action> actions = EnumSet.noneOf(Action.class);
    for (Action action : Action.values()) {
      if (action.namesRole(role)) {
        actions.add(action);
      }
    }
    return actions;
  }
}
