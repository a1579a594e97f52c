/*
 * What the auditor's and the border officer's pages verify themselves, with WebCrypto only:
 * SHA-256, Ed25519 (RFC 8032), C2SP signed notes (the ledger's checkpoints) and RFC 9162
 * inclusion proofs (RFC 6962 hashing). Nothing here trusts the node: a page that uses it checks
 * what the node sent against keys it got from genesis. See docs/web-app.md and docs/border.md.
 */
"use strict";

const HavenVerify = (() => {
  /** RFC 6962 section 2.1: the leaf and interior node hash prefixes. */
  const RFC6962_LEAF_HASH_PREFIX = 0x00;
  const RFC6962_NODE_HASH_PREFIX = 0x01;
  /** c2sp.org/signed-note: the signature type byte of an Ed25519 key. */
  const NOTE_ED25519_TYPE = 0x01;

  const encoder = new TextEncoder();

  function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function toBase64(bytes) {
    let binary = "";
    for (const b of bytes) {
      binary += String.fromCharCode(b);
    }
    return btoa(binary);
  }

  function toHex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function concat(...parts) {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }

  function equal(a, b) {
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }

  async function sha256(...parts) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(...parts)));
  }

  /** Whether signature is key's Ed25519 signature over message; a malformed key is false. */
  async function ed25519Verify(key, signature, message) {
    if (key.length !== 32 || signature.length !== 64) {
      return false;
    }
    try {
      const imported = await crypto.subtle.importKey("raw", key, { name: "Ed25519" }, false, ["verify"]);
      return await crypto.subtle.verify({ name: "Ed25519" }, imported, signature, message);
    } catch (e) {
      return false;
    }
  }

  /**
   * A signed note (c2sp.org/signed-note): {text, signatures: [{name, keyId, signature}]}. Throws
   * an Error naming what is wrong when the note has no blank line or a signature line is malformed.
   */
  function parseNote(note) {
    const split = note.lastIndexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) {
      throw new Error("the checkpoint note has no signature block");
    }
    const text = note.slice(0, split + 1);
    const signatures = note
      .slice(split + 2, -1)
      .split("\n")
      .map((line) => {
        const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
        if (!match) {
          throw new Error("the checkpoint note has a malformed signature line");
        }
        const bytes = fromBase64(match[2]);
        return { name: match[1], keyId: bytes.slice(0, 4), signature: bytes.slice(4) };
      });
    return { text, signatures };
  }

  /** The key id of a note verifier: SHA-256(name || 0x0A || 0x01 || key), first 4 bytes. */
  async function noteKeyId(name, key) {
    const hash = await sha256(encoder.encode(name), Uint8Array.of(0x0a, NOTE_ED25519_TYPE), key);
    return hash.slice(0, 4);
  }

  /**
   * Checks a signed note against trusted keys ({name: raw key bytes}), as BundleFile does: at least
   * one valid signature by a trusted key, and no invalid one by a trusted key. Answers
   * {trusted, signers: [names verified], invalid: [names whose signature failed]}.
   */
  async function verifyNote(note, trustedKeys) {
    const parsed = parseNote(note);
    const message = encoder.encode(parsed.text);
    const signers = [];
    const invalid = [];
    for (const [name, key] of Object.entries(trustedKeys)) {
      const keyId = await noteKeyId(name, key);
      for (const line of parsed.signatures) {
        if (line.name === name && equal(line.keyId, keyId)) {
          (await ed25519Verify(key, line.signature, message) ? signers : invalid).push(name);
        }
      }
    }
    return { trusted: signers.length > 0 && invalid.length === 0, signers, invalid };
  }

  /** The checkpoint in a note's text: {origin, treeSize, root (bytes)}. */
  function parseCheckpoint(text) {
    const lines = text.split("\n");
    if (lines.length < 4 || !/^[0-9]+$/.test(lines[1])) {
      throw new Error("the checkpoint does not have an origin, a tree size and a root hash");
    }
    const root = fromBase64(lines[2]);
    if (root.length !== 32) {
      throw new Error("the checkpoint's root hash is not 32 bytes");
    }
    return { origin: lines[0], treeSize: Number(lines[1]), root };
  }

  /** RFC 6962: the hash of a leaf's bytes. */
  function leafHash(leaf) {
    return sha256(Uint8Array.of(RFC6962_LEAF_HASH_PREFIX), leaf);
  }

  function nodeHash(left, right) {
    return sha256(Uint8Array.of(RFC6962_NODE_HASH_PREFIX), left, right);
  }

  /**
   * The root that an RFC 9162 (section 2.1.3.2) inclusion proof gives for the leaf hash at
   * leafIndex in a tree of treeSize. Throws an Error naming the problem when the proof cannot be
   * for that position (an index outside the tree, a path of the wrong length, a hash not 32 bytes).
   */
  async function rootFromInclusionProof(leafIndex, treeSize, hash, path) {
    if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) {
      throw new Error(`leaf index ${leafIndex} is not inside a tree of size ${treeSize}`);
    }
    if (hash.length !== 32 || path.some((h) => h.length !== 32)) {
      throw new Error("a hash in the proof is not 32 bytes");
    }
    let fn = leafIndex;
    let sn = treeSize - 1;
    let r = hash;
    for (const p of path) {
      if (sn === 0) {
        throw new Error("the audit path is longer than the tree is deep");
      }
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    if (sn !== 0) {
      throw new Error("the audit path is shorter than the tree is deep");
    }
    return r;
  }

  /** Whether the inclusion proof takes the leaf hash to root. Never throws. */
  async function verifyInclusion(leafIndex, treeSize, hash, path, root) {
    try {
      return equal(await rootFromInclusionProof(leafIndex, treeSize, hash, path), root);
    } catch (e) {
      return false;
    }
  }

  /** RFC 9162 section 2.1.4.2 helpers, on BigInt sizes so that no tree size is cut to 32 bits. */
  const bitLength = (n) => n.toString(2).replace(/^0+/, "").length;
  const onesCount = (n) => n.toString(2).split("").filter((c) => c === "1").length;
  const trailingZeros = (n) => (n === 0n ? 0 : n.toString(2).length - n.toString(2).lastIndexOf("1") - 1);

  /**
   * Whether the consistency proof shows that the tree of size1 with root1 is a prefix of the tree
   * of size2 with root2 (RFC 9162 section 2.1.4.2). As transparency-dev/merkle does, a proof from
   * the empty tree is refused: it proves nothing. Never throws.
   */
  async function verifyConsistency(size1, size2, root1, root2, proof) {
    try {
      return await consistent(BigInt(size1), BigInt(size2), root1, root2, proof);
    } catch (e) {
      return false;
    }
  }

  async function consistent(size1, size2, root1, root2, proof) {
    if (size2 < size1 || size1 <= 0n) {
      return false;
    }
    if (size1 === size2) {
      return proof.length === 0 && equal(root1, root2);
    }
    if (proof.length === 0 || [root1, root2, ...proof].some((h) => h.length !== 32)) {
      return false;
    }
    const index = size1 - 1n;
    let inner = bitLength(index ^ (size2 - 1n));
    const border = onesCount(index >> BigInt(inner));
    const shift = trailingZeros(size1);
    inner -= shift;
    const power = size1 === 1n << BigInt(shift);
    const seed = power ? root1 : proof[0];
    const rest = proof.slice(power ? 0 : 1);
    if (rest.length !== inner + border) {
      return false;
    }
    const mask = (size1 - 1n) >> BigInt(shift);
    let hash1 = seed;
    let hash2 = seed;
    for (let i = 0; i < inner; i++) {
      if ((mask >> BigInt(i)) & 1n) {
        hash1 = await nodeHash(rest[i], hash1);
        hash2 = await nodeHash(rest[i], hash2);
      } else {
        hash2 = await nodeHash(hash2, rest[i]);
      }
    }
    for (const h of rest.slice(inner)) {
      hash1 = await nodeHash(h, hash1);
      hash2 = await nodeHash(h, hash2);
    }
    return equal(hash1, root1) && equal(hash2, root2);
  }

  return {
    verifyConsistency,
    fromBase64,
    toBase64,
    toHex,
    concat,
    equal,
    sha256,
    ed25519Verify,
    parseNote,
    verifyNote,
    parseCheckpoint,
    leafHash,
    rootFromInclusionProof,
    verifyInclusion,
  };
})();
