package org.haven.card.qr;

/** Text that needs a larger QR code than a printed card can carry and a phone can scan. */
public final class QrTooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  QrTooLargeException(String message) {
    super(message);
  }
}
