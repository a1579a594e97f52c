/**
 * The vault: each organisation's private, encrypted store of the personal data of the children it
 * registered. Nothing here is ever written to the shared ledger, which carries only a salted {@link
 * org.haven.vault.Commitment} to the data.
 *
 * <p>Keys: a {@link org.haven.vault.MasterKey} per node, kept outside the data directory, wraps one
 * AES-256-GCM data key per child. Erasure destroys the child's data key (crypto-shredding).
 */
package org.haven.vault;
