/**
 * The child's ID card and the travel consent as signed QR credentials, the verifier bundle an
 * offline checkpoint keeps, and the border decision. Formats are in docs/card-format.md.
 *
 * <p>The credentials carry the child's personal data, so nothing here may log or echo a claim.
 */
package org.haven.card;
