/*
 * The border check in the browser, for a checkpoint whose node is out of reach: the card's QR text
 * ("HV1:" + Base45(zlib(COSE_Sign1(CWT)))), read as docs/card-format.md says, and decided against
 * the cached verifier bundle exactly as BorderCheck does (docs/border.md). Uses verify.js for
 * SHA-256 and Ed25519 (WebCrypto) and DecompressionStream for zlib and GZIP.
 */
"use strict";

const HavenBorderVerifier = (() => {
  const V = HavenVerify;
  const PREFIX = "HV1:";
  const MAX_TEXT_LENGTH = 4296;
  const MAX_INFLATED_SIZE = 64 * 1024;
  const BUNDLE_KIND = "haven-verifier-bundle/v2";
  const COSE_SIGN1_TAG = 18;
  const DATE_TAG = 100;
  const EDDSA = -8;
  const DAY_SECONDS = 86400;
  const CLOCK_TOLERANCE_SECONDS = 5 * 60;
  const DOCUMENT_LABEL = "haven/credential-document/v1\n";
  /** CardClaims.MAX_LIFETIME: a card is valid at most this many calendar years (UTC). */
  const MAX_LIFETIME_YEARS = 5;
  /** CardMark codes (docs/border.md, "Body"). */
  const CARD_MARK = { REVOKED: 1, RECORDED_BEFORE_COMPROMISE: 2 };

  /** Claim keys (docs/card-format.md, "CWT claims"). */
  const CLAIM = {
    iss: 1, exp: 4, iat: 6, type: -65537, child: -65538, givenNames: -65539, familyNames: -65540,
    dateOfBirth: -65541, sex: -65542, face: -65543, guardians: -65544, statusIndex: -65545,
    salt: -65546, consentId: -65547, companion: -65548, destinations: -65549, validFrom: -65550,
    validUntil: -65551, multipleTrips: -65552,
  };
  const GUARDIAN = { relationship: 1, names: 2, document: 3, mayConsent: 4 };
  /** Relationship codes (cwt.Codes): 1 mother, 2 father, 3 legal guardian, 4 institution. */
  const RELATIONSHIP = { 1: "MOTHER", 2: "FATHER", 3: "LEGAL_GUARDIAN", 4: "INSTITUTION" };

  /** BorderReason, in the order of the Java enum, with the least outcome each calls for. */
  const REASONS = [
    ["MISSING_CHILD_ALERT", "ALERT"],
    ["CARD_NOT_GENUINE", "SECONDARY_INSPECTION"],
    ["ISSUER_UNKNOWN", "SECONDARY_INSPECTION"],
    ["CARD_EXPIRED", "SECONDARY_INSPECTION"],
    ["CARD_REVOKED_OR_SUSPENDED", "SECONDARY_INSPECTION"],
    ["CARD_REVOKED", "SECONDARY_INSPECTION"],
    ["CARD_LIFETIME_OVER_POLICY", "SECONDARY_INSPECTION"],
    ["CHILD_DOES_NOT_MATCH_CARD", "SECONDARY_INSPECTION"],
    ["CONSENT_NOT_GENUINE", "SECONDARY_INSPECTION"],
    ["NO_VALID_CONSENT", "SECONDARY_INSPECTION"],
    ["GUARDIAN_WITHOUT_TRAVEL_AUTHORITY", "SECONDARY_INSPECTION"],
    ["DEVICE_CLOCK_BEHIND_BUNDLE", "SECONDARY_INSPECTION"],
    ["BUNDLE_STALE", "SECONDARY_INSPECTION"],
    ["COMPANION_IS_GUARDIAN", "PASS"],
    ["CONSENT_VALID", "PASS"],
    ["CHILD_MATCHES_CARD", "PASS"],
    ["CONSENT_FOR_ANOTHER_CHILD", "PASS"],
    ["CONSENT_WRONG_COMPANION", "PASS"],
    ["CONSENT_NOT_YET_VALID", "PASS"],
    ["CONSENT_EXPIRED", "PASS"],
    ["CONSENT_WRONG_DESTINATION", "PASS"],
    ["CONSENT_NOT_ACTIVE", "PASS"],
    ["CONSENT_USED", "PASS"],
    ["CONSENT_REVOKED", "PASS"],
    ["CONSENT_NEWER_THAN_BUNDLE", "PASS"],
  ];
  const OUTCOMES = ["PASS", "SECONDARY_INSPECTION", "ALERT"];

  /** A refusal with the problem's name (CredentialProblem or BundleException.Problem). */
  class Refused extends Error {
    constructor(problem, message) {
      super(message);
      this.problem = problem;
    }
  }

  const BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  /** RFC 9285 Base45. Throws Refused(TRUNCATED) on a character, length or group it does not allow. */
  function base45Decode(text) {
    if (text.length % 3 === 1) {
      throw new Refused("TRUNCATED", "The QR text is cut short.");
    }
    const out = [];
    for (let i = 0; i < text.length; i += 3) {
      const digits = Array.from(text.slice(i, i + 3), (c) => BASE45.indexOf(c));
      if (digits.includes(-1)) {
        throw new Refused("TRUNCATED", "The QR text holds a character that Base45 does not use.");
      }
      const value = digits.reduce((sum, d, k) => sum + d * 45 ** k, 0);
      if (digits.length === 3) {
        if (value > 0xffff) {
          throw new Refused("TRUNCATED", "The QR text holds a group that Base45 does not allow.");
        }
        out.push(value >> 8, value & 0xff);
      } else {
        if (value > 0xff) {
          throw new Refused("TRUNCATED", "The QR text holds a group that Base45 does not allow.");
        }
        out.push(value);
      }
    }
    return Uint8Array.from(out);
  }

  /** Inflates a zlib ("deflate") or GZIP stream, refusing more than limit bytes of output. */
  async function inflate(bytes, format, limit) {
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format)).getReader();
    const chunks = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        size += value.length;
        if (size > limit) {
          reader.cancel();
          throw new Refused("TOO_LARGE", "The compressed data inflates beyond the limit.");
        }
        chunks.push(value);
      }
    } catch (e) {
      if (e instanceof Refused) {
        throw e;
      }
      throw new Refused("MALFORMED", "The compressed data is damaged or cut short.");
    }
    return V.concat(...chunks);
  }

  /**
   * A CBOR (RFC 8949) decoder for what Haven writes: integers, byte and text strings, arrays, maps
   * (as Map, refusing a repeated key), tags ({tag, value}), booleans and null. Definite lengths
   * only. Throws Refused(MALFORMED) naming the byte.
   */
  function cborDecode(bytes) {
    let at = 0;
    const malformed = (what) => new Refused("MALFORMED", `CBOR: ${what} at byte ${at}`);
    const need = (n) => {
      if (at + n > bytes.length) {
        throw malformed("the data ends early");
      }
    };
    const argument = (info) => {
      if (info < 24) {
        return info;
      }
      const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
      if (!size) {
        throw malformed("an indefinite or reserved length");
      }
      need(size);
      let value = 0n;
      for (let i = 0; i < size; i++) {
        value = (value << 8n) | BigInt(bytes[at++]);
      }
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw malformed("an integer too large");
      }
      return Number(value);
    };
    const item = () => {
      need(1);
      const initial = bytes[at++];
      const major = initial >> 5;
      const info = initial & 0x1f;
      if (major === 7) {
        const simple = { 20: false, 21: true, 22: null }[info];
        if (simple === undefined) {
          throw malformed("a simple value or float Haven does not write");
        }
        return simple;
      }
      const n = argument(info);
      switch (major) {
        case 0:
          return n;
        case 1:
          return -1 - n;
        case 2:
          need(n);
          at += n;
          return bytes.slice(at - n, at);
        case 3:
          need(n);
          at += n;
          try {
            return new TextDecoder("utf-8", { fatal: true }).decode(bytes.slice(at - n, at));
          } catch (e) {
            throw malformed("text that is not UTF-8");
          }
        case 4:
          return Array.from({ length: n }, item);
        case 5: {
          const map = new Map();
          for (let i = 0; i < n; i++) {
            const key = item();
            if (map.has(key)) {
              throw malformed("a repeated map key");
            }
            map.set(key, item());
          }
          return map;
        }
        default:
          return { tag: n, value: item() };
      }
    };
    const value = item();
    if (at !== bytes.length) {
      throw malformed("bytes after the item");
    }
    return value;
  }

  /** The CBOR head of major type `major` with argument n, in its shortest form. */
  function cborHead(major, n) {
    if (n < 24) {
      return Uint8Array.of((major << 5) | n);
    }
    if (n < 0x100) {
      return Uint8Array.of((major << 5) | 24, n);
    }
    if (n < 0x10000) {
      return Uint8Array.of((major << 5) | 25, n >> 8, n & 0xff);
    }
    if (n < 0x100000000) {
      return Uint8Array.of((major << 5) | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
    }
    const wide = Uint8Array.of((major << 5) | 27, 0, 0, 0, 0, 0, 0, 0, 0);
    new DataView(wide.buffer).setBigUint64(1, BigInt(n));
    return wide;
  }

  /** Canonical CBOR of what cborDecode gives for Haven's bundles: uints, strings, arrays, null. */
  function cborEncode(value) {
    if (value === null) {
      return Uint8Array.of(0xf6);
    }
    if (typeof value === "boolean") {
      return Uint8Array.of(value ? 0xf5 : 0xf4);
    }
    if (typeof value === "number") {
      return cborHead(0, value);
    }
    if (typeof value === "string") {
      const text = new TextEncoder().encode(value);
      return V.concat(cborHead(3, text.length), text);
    }
    if (value instanceof Uint8Array) {
      return V.concat(cborHead(2, value.length), value);
    }
    return V.concat(cborHead(4, value.length), ...value.map(cborEncode));
  }

  /** RFC 9052 section 4.4: ["Signature1", protected, h'', payload] as CBOR. */
  function sigStructure(protectedBytes, payload) {
    const context = new TextEncoder().encode("Signature1");
    return V.concat(
      Uint8Array.of(0x84),
      cborHead(3, context.length), context,
      cborHead(2, protectedBytes.length), protectedBytes,
      cborHead(2, 0),
      cborHead(2, payload.length), payload
    );
  }

  const isBytes = (value, size) => value instanceof Uint8Array && (size === undefined || value.length === size);
  const isUint = (value) => Number.isSafeInteger(value) && value >= 0;
  const isDate = (value) => value && value.tag === DATE_TAG && Number.isSafeInteger(value.value);

  function shape(ok, what) {
    if (!ok) {
      throw new Refused("MALFORMED", `The credential's ${what} is not of the right form.`);
    }
  }

  /**
   * The issuer entry of the bundle whose kid is kid and that signed the credential whose card hash
   * has the bundle's mark `mark`: a key valid at `at` (seconds), or a compromised key that the
   * bundle lists this card for (VerifierBundle.issuer).
   */
  function issuerFor(bundle, kid, at, mark) {
    return bundle.issuers.find(
      (entry) =>
        V.equal(entry.kid, kid) &&
        (entry.compromised
          ? mark !== undefined
          : entry.validFrom <= at && (entry.validUntil === null || at < entry.validUntil))
    );
  }

  /**
   * The latest expiry (seconds) of a card issued at iat: CardClaims.latestExpiry, calendar years
   * at UTC, 29 February going to 28 February as in java.time.
   */
  function latestExpiry(iat) {
    const latest = new Date(iat * 1000);
    const month = latest.getUTCMonth();
    latest.setUTCFullYear(latest.getUTCFullYear() + MAX_LIFETIME_YEARS);
    if (latest.getUTCMonth() !== month) {
      latest.setUTCDate(0);
    }
    return latest.getTime() / 1000;
  }

  /**
   * Reads a card or consent (type "card" or "consent") in the codec's order (docs/card-format.md,
   * "Reading"). Answers {claims} or {problem}. Never throws on bad input.
   */
  async function readCredential(text, type, bundle, nowMs) {
    try {
      const claims = await readOrRefuse(text, type, bundle, nowMs);
      return { claims };
    } catch (e) {
      if (e instanceof Refused) {
        return { problem: e.problem };
      }
      throw e;
    }
  }

  async function readOrRefuse(text, type, bundle, nowMs) {
    if (!text.startsWith(PREFIX)) {
      throw new Refused("NOT_HAVEN", "This is not a Haven credential.");
    }
    if (text.length > MAX_TEXT_LENGTH) {
      throw new Refused("TOO_LARGE", "The QR text is longer than any QR code holds.");
    }
    const cose = cborDecode(await inflate(base45Decode(text.slice(PREFIX.length)), "deflate", MAX_INFLATED_SIZE));
    const message = cose && cose.tag === COSE_SIGN1_TAG ? cose.value : cose;
    shape(Array.isArray(message) && message.length === 4, "COSE_Sign1");
    const [protectedBytes, unprotected, payload, signature] = message;
    shape(isBytes(protectedBytes) && unprotected instanceof Map && isBytes(payload) && isBytes(signature, 64), "COSE_Sign1");
    const header = cborDecode(protectedBytes);
    shape(header instanceof Map && header.get(1) === EDDSA && !header.has(2), "protected header");
    const kid = unprotected.get(4);
    shape(isBytes(kid), "kid");
    const claims = cborDecode(payload);
    shape(claims instanceof Map, "claims");
    const iss = claims.get(CLAIM.iss);
    const iat = claims.get(CLAIM.iat);
    const exp = claims.get(CLAIM.exp);
    shape(typeof iss === "string" && isUint(iat) && isUint(exp) && typeof claims.get(CLAIM.type) === "string", "claims");
    const signed = sigStructure(protectedBytes, payload);
    const mark = bundle.cards.get(V.toHex(await V.sha256(signed)));
    const issuer = issuerFor(bundle, kid, iat, mark);
    if (!issuer) {
      throw new Refused("UNKNOWN_ISSUER", "The issuer's key is not trusted here.");
    }
    if (!(await V.ed25519Verify(issuer.key, signature, signed))) {
      throw new Refused("BAD_SIGNATURE", "The signature does not verify.");
    }
    if (iss !== issuer.org) {
      throw new Refused("UNKNOWN_ISSUER", "The issuer named is not the key's organisation.");
    }
    if (claims.get(CLAIM.type) !== type) {
      throw new Refused("WRONG_TYPE", `This is not a ${type}.`);
    }
    if (mark === CARD_MARK.REVOKED) {
      throw new Refused("REVOKED", "This card was revoked on the ledger.");
    }
    if (type === "card" && exp > latestExpiry(iat)) {
      throw new Refused("LIFETIME_OVER_POLICY", "The card claims a validity longer than a card may have.");
    }
    if (exp * 1000 <= nowMs) {
      throw new Refused("EXPIRED", "The credential has expired.");
    }
    const child = claims.get(CLAIM.child);
    const salt = claims.get(CLAIM.salt);
    shape(typeof child === "string" && /^[0-9]{11}$/.test(child) && isBytes(salt, 16), "child or salt");
    const read = { issuer: iss, issuedAt: iat, expiresAt: exp, child, salt };
    if (type === "card") {
      const guardians = claims.get(CLAIM.guardians);
      shape(Array.isArray(guardians) && guardians.every((g) => g instanceof Map), "guardians");
      read.guardians = guardians.map((g) => {
        const document = g.get(GUARDIAN.document);
        const relationship = RELATIONSHIP[g.get(GUARDIAN.relationship)];
        shape(document === undefined || isBytes(document, 32), "guardian document");
        shape(relationship && typeof g.get(GUARDIAN.names) === "string", "guardian");
        return {
          relationship,
          names: g.get(GUARDIAN.names),
          document: document || null,
          mayConsentToTravel: g.get(GUARDIAN.mayConsent) === true,
        };
      });
      read.statusIndex = claims.get(CLAIM.statusIndex);
      shape(isUint(read.statusIndex), "status index");
      const dateOfBirth = claims.get(CLAIM.dateOfBirth);
      const face = claims.get(CLAIM.face);
      read.givenNames = claims.get(CLAIM.givenNames);
      read.familyNames = claims.get(CLAIM.familyNames);
      read.sex = claims.get(CLAIM.sex);
      shape(typeof read.givenNames === "string" && typeof read.familyNames === "string", "names");
      shape(isDate(dateOfBirth) && isUint(read.sex), "date of birth or sex");
      shape(face === undefined || isBytes(face), "face");
      read.dateOfBirth = dateOfBirth.value;
      read.face = face || null;
    } else {
      const destinations = claims.get(CLAIM.destinations);
      const validFrom = claims.get(CLAIM.validFrom);
      const validUntil = claims.get(CLAIM.validUntil);
      read.consentId = claims.get(CLAIM.consentId);
      read.companion = claims.get(CLAIM.companion);
      shape(isBytes(read.consentId, 32) && isBytes(read.companion, 32), "consent id or companion");
      shape(Array.isArray(destinations) && destinations.length > 0 && destinations.every((d) => typeof d === "string"), "destinations");
      shape(isDate(validFrom) && isDate(validUntil), "dates");
      shape(exp === (validUntil.value + 1) * DAY_SECONDS + DAY_SECONDS / 2, "expiry");
      Object.assign(read, {
        destinations,
        validFrom: validFrom.value,
        validUntil: validUntil.value,
        multipleTrips: claims.get(CLAIM.multipleTrips) === true,
      });
    }
    return read;
  }

  /**
   * Reads a verifier bundle file (docs/border.md, "File", "Body" and "Provenance") against what
   * the device pinned from genesis, trust = {origin, nodeKeys: {org: raw key}, quorum}: at least
   * quorum trusted member nodes must have attested the bundle's content digest, and cosigned its
   * checkpoint. Throws Refused with the BundleException problem's name: MALFORMED, WRONG_KIND,
   * BAD_SIGNATURE, NOT_ATTESTED, CHECKPOINT_NOT_TRUSTED. Nothing of the body is used before the
   * attestations verify.
   */
  async function readBundle(file, trust) {
    const outer = cborDecode(file);
    if (!Array.isArray(outer) || outer.length !== 3) {
      throw new Refused("MALFORMED", "The bundle file is not [kind, body, attestations].");
    }
    const [kind, body, attestations] = outer;
    const wellFormed = (a) => Array.isArray(a) && a.length === 2 && typeof a[0] === "string" && isBytes(a[1], 64);
    if (typeof kind !== "string" || !isBytes(body) || !Array.isArray(attestations) || !attestations.every(wellFormed)) {
      throw new Refused("MALFORMED", "The bundle file's fields are not of the right types.");
    }
    if (kind !== BUNDLE_KIND) {
      throw new Refused("WRONG_KIND", "The file is not a full verifier bundle.");
    }
    const fields = cborDecode(body);
    if (!Array.isArray(fields) || fields.length !== 9) {
      throw new Refused("MALFORMED", "The bundle body does not have its nine fields.");
    }
    const [salt, version, createdAt, note, issuers, statusLists, alerts, consents, cards] = fields;
    const rawLists = [];
    for (const [org, bits, list] of statusLists) {
      rawLists.push([org, bits, await inflate(list, "gzip", bits / 8)]);
    }
    // The content digest: the body without the note, the status lists uncompressed.
    const content = cborEncode([salt, version, createdAt, issuers, rawLists, alerts, consents, cards]);
    const attested = V.concat(
      new TextEncoder().encode(`${BUNDLE_KIND}\n${trust.origin}\n`), await V.sha256(content));
    const attesting = new Set();
    for (const [member, signature] of attestations) {
      const key = trust.nodeKeys[member];
      if (!key) {
        continue;
      }
      if (!(await V.ed25519Verify(key, signature, attested))) {
        throw new Refused("BAD_SIGNATURE", `The attestation by ${member} does not verify: the bundle was altered after the members attested it.`);
      }
      attesting.add(member);
    }
    if (attesting.size < trust.quorum) {
      throw new Refused("NOT_ATTESTED", `The bundle is attested by ${attesting.size} trusted member node(s), but ${trust.quorum} must attest it: one member alone cannot vouch for a bundle.`);
    }
    const verdict = await V.verifyNote(note, trust.nodeKeys);
    if (!verdict.trusted) {
      throw new Refused("CHECKPOINT_NOT_TRUSTED", "The bundle's ledger checkpoint is not signed by a trusted member node.");
    }
    if (verdict.signers.length < trust.quorum) {
      throw new Refused("CHECKPOINT_NOT_TRUSTED", "The bundle's ledger checkpoint is not final: too few members cosigned it.");
    }
    const bundle = {
      salt, version, createdAt, checkpointNote: note, attestedBy: [...attesting],
      checkpoint: V.parseCheckpoint(V.parseNote(note).text),
      issuers: [], statusLists: new Map(), alerts: new Map(), consents: new Map(), cards: new Map(),
    };
    for (const [issuerKey, org, validFrom, validUntil, compromised] of issuers) {
      bundle.issuers.push({ key: issuerKey, kid: (await V.sha256(issuerKey)).slice(0, 8), org, validFrom, validUntil, compromised });
    }
    for (const [org, bits, bytes] of rawLists) {
      bundle.statusLists.set(org, { bits, bytes });
    }
    for (const [hash, priority, contactPoint, photoHash] of alerts) {
      bundle.alerts.set(V.toHex(hash), { priority, contactPoint, photoHash: photoHash === null ? null : V.toHex(photoHash) });
    }
    for (const [hash, validUntil] of consents) {
      bundle.consents.set(V.toHex(hash), validUntil);
    }
    for (const [hash, mark] of cards) {
      bundle.cards.set(V.toHex(hash), mark);
    }
    return bundle;
  }

  function isRevoked(bundle, org, index) {
    const list = bundle.statusLists.get(org);
    return index < list.bits && (list.bytes[Math.floor(index / 8)] & (0x80 >> index % 8)) !== 0;
  }

  async function alertFor(bundle, child) {
    const key = V.toHex(await V.sha256(bundle.salt, new TextEncoder().encode(child)));
    return bundle.alerts.get(key) || null;
  }

  /** DocumentDigest.of: the companion's document under a credential's salt. */
  function documentDigest(salt, document) {
    const number = Array.from(document.number).filter((c) => /[\p{L}\p{Nd}]/u.test(c)).join("").toUpperCase();
    const canonical = `${document.type}\n${number}\n${document.country}`;
    return V.sha256(new TextEncoder().encode(DOCUMENT_LABEL), salt, new TextEncoder().encode(canonical));
  }

  /** Days since 1970-01-01 of the instant nowMs in the IANA time zone. */
  function dayIn(nowMs, timeZone) {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date(nowMs));
    const get = (type) => Number(parts.find((p) => p.type === type).value);
    return Date.UTC(get("year"), get("month") - 1, get("day")) / (DAY_SECONDS * 1000);
  }

  /**
   * The border decision, as BorderCheck.decide: check = {card (QR text), consent (QR text or
   * null), companion {type, number, country}, direction EXIT|ENTRY, destination (exits), post
   * {id, country, zone}, maxAgeSeconds, childMatches (true or false once the officer compared the
   * child with the card; absent before)}. Answers {outcome, reasons, cardProblem, consentProblem,
   * alert, child, consentId, companion (the companion's document digest under the card's salt, hex,
   * when a genuine card was read), destination, bundleVersion, bundleAgeSeconds}.
   */
  async function decide(bundle, check, nowMs) {
    const reasons = new Set();
    const ageSeconds = Math.floor(nowMs / 1000) - bundle.createdAt;
    if (ageSeconds < -CLOCK_TOLERANCE_SECONDS) {
      reasons.add("DEVICE_CLOCK_BEHIND_BUNDLE");
    } else if (ageSeconds > check.maxAgeSeconds) {
      reasons.add("BUNDLE_STALE");
    }
    const destination = check.direction === "EXIT" ? check.destination : check.post.country;
    const today = dayIn(nowMs, check.post.zone);

    const consentRead = check.consent ? await readCredential(check.consent, "consent", bundle, nowMs) : null;
    const consent = consentRead && consentRead.claims;
    if (consentRead && consentRead.problem) {
      reasons.add(consentRead.problem === "EXPIRED" ? "CONSENT_EXPIRED" : "CONSENT_NOT_GENUINE");
    }
    const cardRead = await readCredential(check.card, "card", bundle, nowMs);
    const card = cardRead.claims;
    if (cardRead.problem) {
      reasons.add(
        {
          UNKNOWN_ISSUER: "ISSUER_UNKNOWN",
          EXPIRED: "CARD_EXPIRED",
          REVOKED: "CARD_REVOKED",
          LIFETIME_OVER_POLICY: "CARD_LIFETIME_OVER_POLICY",
        }[cardRead.problem] || "CARD_NOT_GENUINE"
      );
    }
    if (card) {
      if (nowMs >= card.expiresAt * 1000) {
        reasons.add("CARD_EXPIRED");
      }
      if (!bundle.statusLists.has(card.issuer)) {
        reasons.add("ISSUER_UNKNOWN");
      } else if (isRevoked(bundle, card.issuer, card.statusIndex)) {
        reasons.add("CARD_REVOKED_OR_SUSPENDED");
      }
      await checkAuthority(bundle, card, consent, check, destination, today, reasons);
      if (check.childMatches === true) {
        reasons.add("CHILD_MATCHES_CARD");
      }
    }
    if (check.childMatches === false) {
      reasons.add("CHILD_DOES_NOT_MATCH_CARD");
    }
    const alert = (card && (await alertFor(bundle, card.child))) || (consent && (await alertFor(bundle, consent.child))) || null;
    if (alert) {
      reasons.add("MISSING_CHILD_ALERT");
    }
    const companion = card ? V.toHex(await documentDigest(card.salt, check.companion)) : null;
    const ordered = REASONS.filter(([name]) => reasons.has(name));
    const outcome = OUTCOMES[Math.max(...ordered.map(([, least]) => OUTCOMES.indexOf(least)))];
    return {
      outcome,
      reasons: ordered.map(([name]) => name),
      cardProblem: cardRead.problem || null,
      consentProblem: (consentRead && consentRead.problem) || null,
      alert,
      child: card ? card.child : null,
      consentId: consent ? V.toHex(consent.consentId) : null,
      companion,
      destination,
      bundleVersion: bundle.version,
      bundleAgeSeconds: ageSeconds,
    };
  }

  async function checkAuthority(bundle, card, consent, check, destination, today, reasons) {
    const companion = await documentDigest(card.salt, check.companion);
    let guardian = false;
    let authorised = false;
    for (const named of card.guardians) {
      if (named.document && V.equal(named.document, companion)) {
        guardian = true;
        authorised = authorised || check.direction === "ENTRY" || named.mayConsentToTravel;
      }
    }
    if (authorised) {
      reasons.add("COMPANION_IS_GUARDIAN");
    }
    if (consent && (await consentValid(bundle, consent, card, check, destination, today, reasons))) {
      reasons.add("CONSENT_VALID");
    } else if (!authorised) {
      reasons.add(guardian ? "GUARDIAN_WITHOUT_TRAVEL_AUTHORITY" : "NO_VALID_CONSENT");
    }
  }

  async function consentValid(bundle, consent, card, check, destination, today, reasons) {
    const failures = [];
    if (consent.child !== card.child) {
      failures.push("CONSENT_FOR_ANOTHER_CHILD");
    }
    if (!V.equal(consent.companion, await documentDigest(consent.salt, check.companion))) {
      failures.push("CONSENT_WRONG_COMPANION");
    }
    if (today < consent.validFrom) {
      failures.push("CONSENT_NOT_YET_VALID");
    }
    if (today > consent.validUntil) {
      failures.push("CONSENT_EXPIRED");
    }
    if (!consent.destinations.includes(destination)) {
      failures.push("CONSENT_WRONG_DESTINATION");
    }
    const listedUntil = bundle.consents.get(V.toHex(await V.sha256(bundle.salt, consent.consentId)));
    if (listedUntil === undefined) {
      // Both in whole seconds: a consent of the bundle's own second may be newer than the bundle.
      failures.push(consent.issuedAt < bundle.createdAt ? "CONSENT_NOT_ACTIVE" : "CONSENT_NEWER_THAN_BUNDLE");
    } else if (today > listedUntil) {
      failures.push("CONSENT_EXPIRED");
    }
    failures.forEach((failure) => reasons.add(failure));
    return failures.length === 0;
  }

  /** Whether the companion's document {type, number, country} is the one the consent names. */
  async function companionMatches(consent, companion) {
    return V.equal(consent.companion, await documentDigest(consent.salt, companion));
  }

  return { Refused, readBundle, readCredential, decide, companionMatches, REASONS };
})();
