package org.haven.core.tx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.EventType;
import org.haven.core.registry.FoundRecord;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.TimelineEvent;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.FoundChildTokens;
import org.haven.core.registry.identity.LinkageToken;
import org.haven.core.registry.identity.TokenType;
import org.haven.core.state.RegistryState;

/**
 * A field agent, case worker or border officer declares a child found alone: no papers, no known
 * birth date. The child gets its number at once and the status {@code FOUND} (unverified). Only
 * pseudonymous data reaches the ledger: a commitment to the personal data kept in the declaring
 * organisation's vault (estimated age, place and time found, names given, marks, photo) and
 * partial-data linkage tokens ({@link FoundChildTokens}) with which every member's node finds the
 * registrations and open alerts it may match. The found child's timeline starts with a {@code
 * FOUND} event.
 *
 * @param jurisdiction where the child was found
 * @param linkageTokens partial-data tokens only ({@link TokenType#partial}), at most {@value
 *     FoundChildTokens#MAX_FOUND_TOKENS}
 */
public record DeclareFoundChild(
    ChildNumber child, Jurisdiction jurisdiction, Hash commitment, List<LinkageToken> linkageTokens)
    implements Payload {
  public DeclareFoundChild {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(commitment, "commitment");
    linkageTokens = List.copyOf(linkageTokens);
    String problem = problem(linkageTokens);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static String problem(List<LinkageToken> tokens) {
    if (tokens.size() > FoundChildTokens.MAX_FOUND_TOKENS) {
      return "linkageTokens: at most " + FoundChildTokens.MAX_FOUND_TOKENS;
    }
    if (!tokens.stream().allMatch(token -> token.type().partial())) {
      return "linkageTokens: a found child carries partial-data tokens only"
          + " (NAME_PART_AGE, REGION_AGE)";
    }
    return null;
  }

  static DeclareFoundChild decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    ChildNumber child = RegistryCodec.readChildNumber(in, "child");
    Jurisdiction jurisdiction = in.string("jurisdiction", Jurisdiction::new);
    Hash commitment = in.hash("commitment");
    List<LinkageToken> tokens = RegistryCodec.readTokens(in);
    String problem = problem(tokens);
    if (problem != null) {
      throw new DecodeException(at, problem);
    }
    return new DeclareFoundChild(child, jurisdiction, commitment, tokens);
  }

  @Override
  public Kind kind() {
    return Kind.DECLARE_FOUND_CHILD;
  }

  @Override
  public void encode(CanonicalWriter out) {
    RegistryCodec.writeChildNumber(out, child);
    out.string(jurisdiction.code()).hash(commitment).list(linkageTokens, RegistryCodec::writeToken);
  }

  @Override
  public Validation check(TxContext context) {
    return RegistryRules.newChild(
        context, Permissions.Action.DECLARE_FOUND_CHILD, jurisdiction, child);
  }

  @Override
  public void apply(TxContext context) {
    RegistryState registry = context.state().registry();
    long at = context.body().createdAtMillis();
    registry.putChild(
        new ChildRecord(
            child,
            context.actor().org(),
            jurisdiction,
            ChildStatus.FOUND,
            commitment,
            linkageTokens,
            1,
            // The finder is in the found record; a found child is no declaration (yet).
            Optional.empty()));
    registry.putFound(FoundRecord.open(child, context.actor().id(), at));
    registry.appendEvent(
        child, new TimelineEvent(EventType.FOUND, jurisdiction, at, context.actor().id()));
  }
}
