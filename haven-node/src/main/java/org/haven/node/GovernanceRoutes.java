package org.haven.node;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.haven.core.bytes.Bytes;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.KeyPurpose;
import org.haven.core.identity.MemberNode;
import org.haven.core.identity.Officer;
import org.haven.core.identity.OfficerId;
import org.haven.core.identity.OrgId;
import org.haven.core.identity.Organisation;
import org.haven.core.identity.Role;
import org.haven.core.state.LedgerState;
import org.haven.core.state.RegistryListing;
import org.haven.core.state.StateReader;
import org.haven.core.state.StateScanner;
import org.haven.core.tx.AdmitMember;
import org.haven.core.tx.EndorseProposal;
import org.haven.core.tx.GovernanceProposal;
import org.haven.core.tx.GrantJurisdiction;
import org.haven.core.tx.Payload;
import org.haven.core.tx.Permissions;
import org.haven.core.tx.ProposeGovernance;
import org.haven.core.tx.RemoveMember;
import org.haven.core.tx.RevokeIssuerKey;
import org.haven.core.tx.RotateMemberKey;
import org.haven.core.tx.SetConsentRule;
import org.haven.core.tx.Transaction;
import org.haven.node.api.ApiProblem;
import org.haven.node.api.HttpJson;
import org.haven.node.api.JsonBody;
import org.haven.node.api.Paging;
import org.haven.node.registry.Actor;
import org.haven.node.registry.LedgerWriter;

/**
 * Governance proposals and votes over HTTP (see docs/api.md): an org admin proposes a change from
 * this node, admins of other members endorse it from theirs, and the ledger applies it at the
 * quorum (see {@link GovernanceProposal}).
 */
final class GovernanceRoutes {
  private final LedgerWriter ledger;
  private final StateReader committed;
  private final RegistryListing listing;
  private final Function<Context, Actor> actors;

  GovernanceRoutes(
      LedgerWriter ledger,
      StateReader committed,
      StateScanner scanner,
      Function<Context, Actor> actors) {
    this.ledger = ledger;
    this.committed = committed;
    this.listing = new RegistryListing(scanner);
    this.actors = actors;
  }

  void addTo(RoutesConfig routes) {
    routes.get("/api/v1/governance/proposals", this::list);
    routes.post("/api/v1/governance/proposals", this::propose);
    routes.post("/api/v1/governance/proposals/{id}/votes", this::vote);
  }

  private void list(Context ctx) {
    actors.apply(ctx).require(Permissions.Action.LIST_PROPOSALS);
    String status = ctx.queryParam("status");
    Predicate<GovernanceProposal> filter;
    if (status == null) {
      filter = proposal -> true;
    } else if (status.equals("OPEN") || status.equals("APPLIED")) {
      filter = proposal -> proposal.applied() == status.equals("APPLIED");
    } else {
      throw ApiProblem.invalidField("status", "must be OPEN or APPLIED");
    }
    LedgerState state = LedgerState.readOnly(committed);
    Paging.answer(
        ctx,
        Paging.read(
            ctx,
            (cursor, limit) ->
                listing.proposals(GovernanceProposal::decode, filter, cursor, limit)),
        proposal -> proposalJson(proposal, state));
  }

  private void propose(Context ctx) {
    Actor actor = actors.apply(ctx);
    actor.require(Permissions.Action.GOVERN);
    JsonBody body = JsonBody.parse(ctx.bodyAsBytes());
    Payload change = change(body.object("change"));
    written(ctx, 201, ledger.sign(actor, new ProposeGovernance(change)), Optional.empty());
  }

  private void vote(Context ctx) {
    Actor actor = actors.apply(ctx);
    actor.require(Permissions.Action.GOVERN);
    Hash id;
    try {
      id = Hash.fromHex(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("id", "must be the proposal's id, 64 hexadecimal characters");
    }
    written(ctx, 200, ledger.sign(actor, new EndorseProposal(id)), Optional.of(id));
  }

  /** Checks, commits and answers with the proposal as it now stands. */
  private void written(Context ctx, int status, Transaction tx, Optional<Hash> proposal) {
    ledger.check(tx);
    long height = ledger.commit(tx).blockHeight();
    LedgerState state = LedgerState.readOnly(committed);
    Hash id = proposal.orElse(tx.id());
    Map<String, Object> answer =
        proposalJson(
            GovernanceProposal.find(state, id)
                .orElseThrow(
                    () -> new IllegalStateException("committed proposal " + id + " is missing")),
            state);
    answer.put("transactionId", tx.id().toHex());
    answer.put("blockHeight", height);
    HttpJson.json(ctx, status, answer);
  }

  private static Map<String, Object> proposalJson(GovernanceProposal proposal, LedgerState state) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", proposal.id().toHex());
    answer.put("change", changeJson(proposal.change()));
    answer.put("proposedBy", proposal.proposedBy().value());
    answer.put("proposedAt", proposal.proposedAtMillis());
    answer.put("approvals", proposal.approvals().stream().map(OrgId::value).toList());
    answer.put("required", state.requiredApprovals());
    answer.put("status", proposal.applied() ? "APPLIED" : "OPEN");
    return answer;
  }

  private static Map<String, Object> changeJson(Payload change) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", change.kind().name());
    if (change instanceof AdmitMember admit) {
      Organisation org = admit.organisation();
      Map<String, Object> organisation = new LinkedHashMap<>();
      organisation.put("id", org.id().value());
      organisation.put("name", org.name());
      organisation.put("country", org.country().code());
      organisation.put("nodeKey", org.nodeKey().toBase64());
      organisation.put("issuerKey", org.issuerKey().toBase64());
      Map<String, Object> admin = new LinkedHashMap<>();
      admin.put("id", admit.firstAdmin().id().value());
      admin.put("jurisdiction", admit.firstAdmin().jurisdiction().code());
      admin.put("publicKey", admit.firstAdmin().key().toBase64());
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("tlsCertificate", admit.tlsCertificate().toBase64());
      node.put("raftAddress", admit.raftAddress());
      json.put("organisation", organisation);
      json.put("firstAdmin", admin);
      json.put("node", node);
    } else if (change instanceof RemoveMember remove) {
      json.put("organisation", remove.organisation().value());
      json.put("reason", remove.reason());
    } else if (change instanceof RotateMemberKey rotate) {
      json.put("organisation", rotate.organisation().value());
      json.put("purpose", rotate.purpose().name());
      json.put("newKey", rotate.newKey().toBase64());
    } else if (change instanceof GrantJurisdiction grant) {
      json.put("organisation", grant.organisation().value());
      json.put("jurisdiction", grant.jurisdiction().code());
      json.put("granted", grant.granted());
      json.put("reason", grant.reason());
    } else if (change instanceof RevokeIssuerKey revoke) {
      json.put("organisation", revoke.organisation().value());
      json.put("key", revoke.key().toBase64());
    } else if (change instanceof SetConsentRule rule) {
      json.put("jurisdiction", rule.jurisdiction().code());
      json.put("guardians", rule.guardians());
      json.put("reason", rule.reason());
    } else {
      throw new IllegalStateException(change.kind() + " is not a governance change");
    }
    return json;
  }

  private static final String KINDS =
      "ADMIT_MEMBER, REMOVE_MEMBER, ROTATE_MEMBER_KEY, REVOKE_ISSUER_KEY, SET_CONSENT_RULE or"
          + " GRANT_JURISDICTION";

  /** The change a proposal carries, from its JSON; every field at fault is named. */
  private static Payload change(JsonBody change) {
    String kind = change.text("kind");
    return switch (kind) {
      case "ADMIT_MEMBER" -> admission(change);
      case "REMOVE_MEMBER" -> {
        OrgId org = change.build("organisation", c -> new OrgId(c.text("organisation")));
        String reason = change.text("reason");
        yield change.build("reason", c -> new RemoveMember(org, reason));
      }
      case "ROTATE_MEMBER_KEY" -> {
        OrgId org = change.build("organisation", c -> new OrgId(c.text("organisation")));
        KeyPurpose purpose = change.enumValue("purpose", KeyPurpose.class);
        yield new RotateMemberKey(org, purpose, key(change, "newKey"));
      }
      case "REVOKE_ISSUER_KEY" -> {
        OrgId org = change.build("organisation", c -> new OrgId(c.text("organisation")));
        yield new RevokeIssuerKey(org, key(change, "key"));
      }
      case "SET_CONSENT_RULE" -> {
        Jurisdiction jurisdiction =
            change.build("jurisdiction", c -> new Jurisdiction(c.text("jurisdiction")));
        int guardians = change.integer("guardians", 1, 2);
        String reason = change.text("reason");
        yield change.build("reason", c -> new SetConsentRule(jurisdiction, guardians, reason));
      }
      case "GRANT_JURISDICTION" -> {
        OrgId org = change.build("organisation", c -> new OrgId(c.text("organisation")));
        Jurisdiction jurisdiction =
            change.build("jurisdiction", c -> new Jurisdiction(c.text("jurisdiction")));
        boolean granted = change.bool("granted", true);
        String reason = change.text("reason");
        yield change.build(
            "reason", c -> new GrantJurisdiction(org, jurisdiction, granted, reason));
      }
      default -> throw ApiProblem.invalidField(change.pathOf("kind"), "must be " + KINDS);
    };
  }

  private static AdmitMember admission(JsonBody change) {
    JsonBody org = change.object("organisation");
    OrgId id = org.build("id", o -> new OrgId(o.text("id")));
    String name = org.text("name");
    Jurisdiction country = org.build("country", o -> new Jurisdiction(o.text("country")));
    Ed25519PublicKey nodeKey = key(org, "nodeKey");
    Ed25519PublicKey issuerKey = key(org, "issuerKey");
    Organisation organisation =
        org.build("name", o -> new Organisation(id, name, country, nodeKey, issuerKey, true));
    JsonBody admin = change.object("firstAdmin");
    OfficerId adminId = admin.build("id", a -> new OfficerId(a.text("id")));
    Jurisdiction jurisdiction =
        admin.build("jurisdiction", a -> new Jurisdiction(a.text("jurisdiction")));
    Officer firstAdmin =
        new Officer(adminId, id, Role.ORG_ADMIN, jurisdiction, key(admin, "publicKey"), true);
    JsonBody node = change.object("node");
    Bytes certificate =
        node.build("tlsCertificate", n -> Bytes.fromBase64(n.text("tlsCertificate")));
    String raftAddress = node.text("raftAddress");
    node.build("raftAddress", n -> new MemberNode(id, Optional.empty(), Optional.of(raftAddress)));
    return change.build(
        "node", c -> new AdmitMember(organisation, firstAdmin, certificate, raftAddress));
  }

  private static Ed25519PublicKey key(JsonBody body, String field) {
    return body.build(field, b -> Ed25519PublicKey.fromBase64(b.text(field)));
  }
}
