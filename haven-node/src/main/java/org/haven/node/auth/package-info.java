/**
 * Officer login on a node. Each officer's Ed25519 signing key is stored encrypted under a key
 * derived from their password with Argon2id ({@link org.haven.node.auth.PasswordHasher}), one file
 * per officer ({@link org.haven.node.auth.CredentialStore}). A login ({@link
 * org.haven.node.auth.Authenticator}) unlocks the key for an in-memory {@link
 * org.haven.node.auth.Session}, addressed by a bearer token that the node keeps only as a hash.
 * Failed logins are rate limited per officer and per address ({@link
 * org.haven.node.auth.LoginThrottle}). The formats and rules are in {@code docs/authentication.md}.
 */
package org.haven.node.auth;
