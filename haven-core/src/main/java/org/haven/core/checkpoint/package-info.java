/**
 * Signed notes (<a href="https://c2sp.org/signed-note">c2sp.org/signed-note</a>) and the
 * transparency-log checkpoints they carry (<a
 * href="https://c2sp.org/tlog-checkpoint">c2sp.org/tlog-checkpoint</a>), signed with Ed25519.
 */
package org.haven.core.checkpoint;
