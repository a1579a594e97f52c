/**
 * The verifier bundle: the signed, checkpoint-anchored snapshot that lets a border checkpoint work
 * offline, its delta updates and its file format. docs/border.md describes the format and what the
 * bundle reveals.
 */
package org.haven.card.bundle;
