package org.haven.core.tx;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.Evidence;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.DuplicateRule;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;
import org.haven.core.state.RegistryState;

/**
 * A field agent, health worker or registrar declares a child: at birth, or later for a child found
 * without papers. Only pseudonymous data reaches the ledger: the child number, a salted commitment
 * to the personal data kept in the declaring organisation's vault, and keyed linkage tokens. A
 * declaration whose tokens shared with a child already on the ledger satisfy a {@link
 * DuplicateRule} opens a duplicate review that a registrar must resolve before registering; twins,
 * who share only their mother and birth date, do not.
 *
 * @param late true for a registration after the legal period, usually of a child with no papers
 * @param attestors hashed references of the witnesses or community leader, as {@code evidence}
 *     requires
 */
public record DeclareChild(
    ChildNumber child,
    Jurisdiction jurisdiction,
    Hash commitment,
    List<LinkageToken> linkageTokens,
    boolean late,
    Evidence evidence,
    List<Hash> attestors)
    implements Payload {
  public DeclareChild {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(commitment, "commitment");
    Objects.requireNonNull(evidence, "evidence");
    linkageTokens = List.copyOf(linkageTokens);
    attestors = List.copyOf(attestors);
    String problem = problem(linkageTokens, late, evidence, attestors);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static String problem(
      List<LinkageToken> tokens, boolean late, Evidence evidence, List<Hash> attestors) {
    if (tokens.size() > ChildRecord.MAX_LINKAGE_TOKENS) {
      return "linkageTokens: at most " + ChildRecord.MAX_LINKAGE_TOKENS;
    }
    if (evidence == Evidence.FOUND_CHILD) {
      return "evidence: a found child is declared as found (DECLARE_FOUND_CHILD), then registered";
    }
    if (late && evidence == Evidence.BIRTH_NOTIFICATION) {
      return "evidence: a late registration needs a document, two witnesses or a community leader";
    }
    if (!late && (evidence == Evidence.TWO_WITNESSES || evidence == Evidence.COMMUNITY_LEADER)) {
      return "evidence: a registration at birth rests on a birth notification or a document";
    }
    if (attestors.size() != evidence.attestors()
        || Set.copyOf(attestors).size() != attestors.size()) {
      return "attestors: " + evidence + " needs " + evidence.attestors() + " distinct attestors";
    }
    return null;
  }

  static DeclareChild decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    Jurisdiction jurisdiction = in.string("jurisdiction", Jurisdiction::new);
    Hash commitment = in.hash("commitment");
    List<LinkageToken> tokens = RegistryCodec.readTokens(in);
    boolean late = in.bool("late");
    Evidence evidence = WireCode.read(in, Evidence.values(), "evidence");
    List<Hash> attestors = in.list("attestors", 2, r -> r.hash("attestor"));
    String problem = problem(tokens, late, evidence, attestors);
    if (problem != null) {
      throw new DecodeException(at, problem);
    }
    return new DeclareChild(child, jurisdiction, commitment, tokens, late, evidence, attestors);
  }

  @Override
  public Kind kind() {
    return Kind.DECLARE_CHILD;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.string(jurisdiction.code())
        .hash(commitment)
        .list(linkageTokens, RegistryCodec::writeToken)
        .bool(late)
        .u8(evidence.code())
        .list(attestors, CanonicalWriter::hash);
  }

  @Override
  public Validation check(TxContext context) {
    return RegistryRules.newChild(context, Permissions.Action.DECLARE_CHILD, jurisdiction, child);
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    Map<ChildNumber, Set<TokenType>> shared = new LinkedHashMap<>();
    for (LinkageToken token : linkageTokens) {
      if (token.type().partial()) {
        continue;
      }
      for (ChildNumber other : registry.childrenWithToken(token)) {
        shared.computeIfAbsent(other, n -> EnumSet.noneOf(TokenType.class)).add(token.type());
      }
    }
    List<ChildNumber> candidates = new ArrayList<>();
    Set<TokenType> ownTypes = DuplicateRule.types(linkageTokens);
    shared.forEach(
        (other, types) ->
            registry
                .child(other)
                .filter(record -> record.status() != ChildStatus.ERASED)
                .filter(
                    record ->
                        !DuplicateRule.forSharedTypes(
                                types, ownTypes, DuplicateRule.types(record.linkageTokens()))
                            .isEmpty())
                .ifPresent(record -> candidates.add(other)));
    registry.putChild(
        new ChildRecord(
            child,
            context.actor().org(),
            jurisdiction,
            ChildStatus.DECLARED,
            commitment,
            linkageTokens,
            1,
            Optional.of(new ChildRecord.Declaration(context.actor().id(), late, evidence))));
    if (!candidates.isEmpty()) {
      registry.putOpenDuplicateReviews(child, candidates);
    }
  }
}
