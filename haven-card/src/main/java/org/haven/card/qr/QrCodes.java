package org.haven.card.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * QR codes for credentials, through ZXing. Error correction is level M (15% of codewords), which
 * survives the wear of a card carried for years without making the code much denser. Versions are
 * capped at {@value #MAX_VERSION} (117 modules a side, 125 with the quiet zone): in the 49 mm
 * square the back of an ID-1 card allows, a module is 0.39 mm, which phone cameras still read.
 */
public final class QrCodes {
  /** The largest version a credential may need. */
  public static final int MAX_VERSION = 25;

  /** The light border every QR code needs, in modules (ISO/IEC 18004 section 6.3.8). */
  public static final int QUIET_ZONE = 4;

  /** Pixels per module of {@link #render(String)}. */
  public static final int DEFAULT_MODULE_PIXELS = 4;

  private static final int DARK = 0xff000000;
  private static final int LIGHT = 0xffffffff;

  private static final Map<DecodeHintType, Object> READ_HINTS = qrHints(DecodeHintType.TRY_HARDER);

  /**
   * For an image that is nothing but the code, square to the pixels, as a rendered or scanned card
   * is: ZXing's finder-pattern search misses about 3 % of such images (some data looks like a
   * finder pattern to it), and this mode reads the modules without searching.
   */
  private static final Map<DecodeHintType, Object> PURE_HINTS =
      qrHints(DecodeHintType.PURE_BARCODE);

  private QrCodes() {}

  /** QR codes only, read in {@code mode}. */
  private static Map<DecodeHintType, Object> qrHints(DecodeHintType mode) {
    return Map.of(
        mode, Boolean.TRUE, DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
  }

  /**
   * Encodes {@code payload} at level M in the smallest version that holds it. HV1 text is all in
   * the QR alphanumeric alphabet, so ZXing picks alphanumeric mode.
   *
   * @throws QrTooLargeException if that version is above {@value #MAX_VERSION}; the message gives
   *     the version it would need
   */
  public static QrSymbol encode(String payload) {
    QRCode code;
    try {
      code = Encoder.encode(payload, ErrorCorrectionLevel.M, Map.of());
    } catch (WriterException e) {
      throw new QrTooLargeException(
          "The text does not fit any QR code at level M (" + payload.length() + " characters)");
    }
    int version = code.getVersion().getVersionNumber();
    if (version > MAX_VERSION) {
      throw new QrTooLargeException(
          "The text needs QR version "
              + version
              + ", above the "
              + MAX_VERSION
              + " a printed card can carry ("
              + payload.length()
              + " characters); make the credential smaller, for example with a smaller face"
              + " image");
    }
    return QrSymbol.of(version, code.getMatrix());
  }

  /** {@link #render(String, int)} at {@value #DEFAULT_MODULE_PIXELS} pixels per module. */
  public static BufferedImage render(String payload) {
    return render(payload, DEFAULT_MODULE_PIXELS);
  }

  /**
   * Draws the QR code of {@code payload} in black on white, with its quiet zone.
   *
   * @param modulePixels pixels per module, at least 1
   * @throws QrTooLargeException as {@link #encode} does
   */
  public static BufferedImage render(String payload, int modulePixels) {
    if (modulePixels < 1) {
      throw new IllegalArgumentException("modulePixels: must be at least 1");
    }
    QrSymbol symbol = encode(payload);
    int side = (symbol.size() + 2 * QUIET_ZONE) * modulePixels;
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < side; y++) {
      int moduleY = y / modulePixels - QUIET_ZONE;
      for (int x = 0; x < side; x++) {
        int moduleX = x / modulePixels - QUIET_ZONE;
        boolean inside =
            moduleX >= 0 && moduleY >= 0 && moduleX < symbol.size() && moduleY < symbol.size();
        image.setRGB(x, y, inside && symbol.isDark(moduleX, moduleY) ? DARK : LIGHT);
      }
    }
    return image;
  }

  /** {@link #render(String)} as a PNG file. */
  public static byte[] png(String payload) {
    // A card's QR holds personal data: keep ImageIO's streams in memory, never in temporary
    // files. The setting is global, so it is made on every entry.
    ImageIO.setUseCache(false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(render(payload), "png", out);
    } catch (IOException e) {
      throw new IllegalStateException("Failed to write a PNG to memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Finds and decodes a QR code in an image file (PNG, JPEG, BMP or GIF).
   *
   * @return empty if the bytes are not an image or no QR code can be read in it
   */
  public static Optional<String> read(byte[] imageFile) {
    ImageIO.setUseCache(false);
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(imageFile));
    } catch (IOException e) {
      return Optional.empty();
    }
    return image == null ? Optional.empty() : read(image);
  }

  /**
   * Finds and decodes a QR code in {@code image}, trying a local and then a global threshold, as
   * photos and flat scans each suit one of them, and last reading the image as nothing but the
   * code.
   *
   * @return empty if no QR code can be read
   */
  public static Optional<String> read(BufferedImage image) {
    LuminanceSource source = new BufferedImageLuminanceSource(image);
    BinaryBitmap local = new BinaryBitmap(new HybridBinarizer(source));
    Optional<String> text = decode(local, READ_HINTS);
    if (text.isEmpty()) {
      text = decode(new BinaryBitmap(new GlobalHistogramBinarizer(source)), READ_HINTS);
    }
    return text.isPresent() ? text : decode(local, PURE_HINTS);
  }

  private static Optional<String> decode(BinaryBitmap bitmap, Map<DecodeHintType, Object> hints) {
    try {
      Result result = new QRCodeReader().decode(bitmap, hints);
      return Optional.of(result.getText());
    } catch (NotFoundException | ChecksumException | FormatException e) {
      return Optional.empty();
    }
  }
}
