/**
 * The border check, fully offline: the decision from a card, a companion's document, an optional
 * consent and the verifier bundle; the signed crossing record of every check; and the device's
 * crash-safe queue of records waiting for upload. docs/border.md states the rules.
 */
package org.haven.card.border;
