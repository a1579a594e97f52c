package org.haven.core.identity;

import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.codec.WireCode;
import org.haven.core.crypto.Ed25519PublicKey;

/** Canonical encodings of identities, shared by transactions and ledger state. */
public final class IdentityCodec {
  private IdentityCodec() {}

  public static void writeOrganisation(CanonicalWriter out, Organisation org) {
    out.string(org.id().value())
        .string(org.name())
        .string(org.country().code())
        .fixed(org.nodeKey().bytes())
        .fixed(org.issuerKey().bytes())
        .bool(org.active());
  }

  /** Reads an organisation from untrusted input: its keys are fully validated. */
  public static Organisation readOrganisation(CanonicalReader in) throws DecodeException {
    return readOrganisation(in, false);
  }

  /** Reads an organisation from the ledger's own state, whose keys were validated on entry. */
  public static Organisation readStoredOrganisation(CanonicalReader in) throws DecodeException {
    return readOrganisation(in, true);
  }

  private static Organisation readOrganisation(CanonicalReader in, boolean stored)
      throws DecodeException {
    int at = in.position();
    OrgId id = in.string("organisation id", OrgId::new);
    String name = in.string("organisation name");
    Jurisdiction country = in.string("organisation country", Jurisdiction::new);
    Ed25519PublicKey nodeKey = readKey(in, "organisation node key", stored);
    Ed25519PublicKey issuerKey = readKey(in, "organisation issuer key", stored);
    boolean active = in.bool("organisation active");
    try {
      return new Organisation(id, name, country, nodeKey, issuerKey, active);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, "organisation: " + e.getMessage());
    }
  }

  public static void writeOfficer(CanonicalWriter out, Officer officer) {
    out.string(officer.id().value())
        .string(officer.org().value())
        .u8(officer.role().code())
        .string(officer.jurisdiction().code())
        .fixed(officer.key().bytes())
        .bool(officer.active());
  }

  /** Reads an officer from untrusted input: the key is fully validated. */
  public static Officer readOfficer(CanonicalReader in) throws DecodeException {
    return readOfficer(in, false);
  }

  /** Reads an officer from the ledger's own state, whose key was validated on entry. */
  public static Officer readStoredOfficer(CanonicalReader in) throws DecodeException {
    return readOfficer(in, true);
  }

  private static Officer readOfficer(CanonicalReader in, boolean stored) throws DecodeException {
    OfficerId id = in.string("officer id", OfficerId::new);
    OrgId org = in.string("officer organisation", OrgId::new);
    Role role = WireCode.read(in, Role.values(), "officer role");
    Jurisdiction jurisdiction = in.string("officer jurisdiction", Jurisdiction::new);
    Ed25519PublicKey key = readKey(in, "officer key", stored);
    return new Officer(id, org, role, jurisdiction, key, in.bool("officer active"));
  }

  /** Reads a public key from untrusted input and fully validates it. */
  public static Ed25519PublicKey readKey(CanonicalReader in, String field) throws DecodeException {
    return readKey(in, field, false);
  }

  private static Ed25519PublicKey readKey(CanonicalReader in, String field, boolean stored)
      throws DecodeException {
    int at = in.position();
    try {
      Bytes key = in.fixed(Ed25519PublicKey.SIZE, field);
      return stored ? Ed25519PublicKey.ofValidated(key) : Ed25519PublicKey.create(key);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, field + ": " + e.getMessage());
    }
  }
}
