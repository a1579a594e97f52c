/**
 * A child's identity numbers and cross-member duplicate detection.
 *
 * <p>{@link org.haven.core.registry.identity.ChildNumber} is the child number: ten random digits
 * and a {@link org.haven.core.registry.identity.Verhoeff} check digit, filtered as national ID
 * systems filter them (see {@code docs/child-number.md}). {@link
 * org.haven.core.registry.identity.LinkageTokens} turns a child's names, birth date, sex and mother
 * into keyed tokens that let members find possible duplicates without sharing the data, and {@link
 * org.haven.core.registry.identity.DuplicateRule} says which shared tokens flag a pair (see {@code
 * docs/duplicates.md}).
 */
package org.haven.core.registry.identity;
