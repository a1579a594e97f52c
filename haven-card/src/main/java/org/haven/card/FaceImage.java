package org.haven.card;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.haven.core.bytes.Bytes;
import org.w3c.dom.Node;

/**
 * The face a card carries: the middle of a photo cut to 4:5, scaled to {@value #WIDTH} by {@value
 * #HEIGHT} pixels, in grey, as a baseline JPEG of at most {@value #MAX_BYTES} bytes. That is enough
 * for an officer to compare with the child, and small enough that a card with a face and two
 * guardians fits a QR code of version 24.
 *
 * <p>Measured on drawn portraits with camera-like noise: at 40 × 50 pixels and quality 0.7 a face
 * is about 500 bytes with eyes, brows and hairline clear. 48 × 60 pixels at the same size needs
 * quality 0.5, which rings around the eyes; 48 × 60 at quality 0.7 is 600 bytes, which leaves a
 * realistic card no room in a version 25 code.
 */
public final class FaceImage {
  public static final int WIDTH = 40;
  public static final int HEIGHT = 50;

  /** The most bytes a face may take on a card. */
  public static final int MAX_BYTES = 512;

  /**
   * The JPEG qualities tried, best first, until the face fits {@link #MAX_BYTES}: a plain photo
   * fits at the first, a busy one needs a lower quality, and below the last a face is too blocky to
   * compare.
   */
  static final float[] QUALITIES = {0.7f, 0.6f, 0.5f, 0.4f, 0.3f};

  /** The largest photo accepted, in pixels: a 40-megapixel camera, and no decompression bomb. */
  static final long MAX_SOURCE_PIXELS = 40_000_000L;

  private FaceImage() {}

  /**
   * Makes the card's face from a photo, at the best of {@link #QUALITIES} that fits {@link
   * #MAX_BYTES}.
   *
   * @param jpegOrPng a JPEG or PNG photo of the child's face, roughly centred
   * @throws IllegalArgumentException if the bytes are not a readable image, the image has more than
   *     40 million pixels, or it is so busy that even the lowest quality does not fit: then the
   *     photo should be taken again against a plain background
   */
  public static Bytes thumbnail(Bytes jpegOrPng) {
    // ImageIO would otherwise spool the child's photo through temporary files, in clear, beyond
    // the vault's reach; the setting is global, so it is made on every entry, not once.
    ImageIO.setUseCache(false);
    BufferedImage grey = toGrey(scale(cropToFaceShape(decode(jpegOrPng.toArray()))));
    for (float quality : QUALITIES) {
      byte[] jpeg = encodeJpeg(grey, quality);
      if (jpeg.length <= MAX_BYTES) {
        return Bytes.of(jpeg);
      }
    }
    throw new IllegalArgumentException(
        "photo: too busy to fit "
            + MAX_BYTES
            + " bytes even at the lowest quality; take it again against a plain background");
  }

  private static BufferedImage decode(byte[] data) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException("photo: not a JPEG or PNG image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_SOURCE_PIXELS) {
          throw new IllegalArgumentException(
              "photo: " + pixels + " pixels, above the " + MAX_SOURCE_PIXELS + " accepted");
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("photo: the image cannot be read", e);
    }
  }

  /** The largest centred region of the card face's 4:5 shape. */
  private static BufferedImage cropToFaceShape(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    if ((long) width * HEIGHT > (long) height * WIDTH) {
      int cropWidth = Math.max(1, height * WIDTH / HEIGHT);
      return image.getSubimage((width - cropWidth) / 2, 0, cropWidth, height);
    }
    int cropHeight = Math.max(1, width * HEIGHT / WIDTH);
    return image.getSubimage(0, (height - cropHeight) / 2, width, cropHeight);
  }

  /**
   * Halves the image with bilinear filtering until it is less than twice the target size, then
   * scales it the rest of the way: one bilinear step from a large photo would skip most of its
   * pixels and alias.
   */
  private static BufferedImage scale(BufferedImage image) {
    BufferedImage current = image;
    int width = image.getWidth();
    int height = image.getHeight();
    do {
      width = width / 2 >= WIDTH ? width / 2 : WIDTH;
      height = height / 2 >= HEIGHT ? height / 2 : HEIGHT;
      BufferedImage next = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = next.createGraphics();
      try {
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(current, 0, 0, width, height, null);
      } finally {
        g.dispose();
      }
      current = next;
    } while (width > WIDTH || height > HEIGHT);
    return current;
  }

  /**
   * Grey as Rec. 601 luma of the sRGB values. Drawing into a grey image would go through Java's
   * linear grey colour space instead and come out too light.
   */
  private static BufferedImage toGrey(BufferedImage rgb) {
    BufferedImage grey = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = grey.getRaster();
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int pixel = rgb.getRGB(x, y);
        int r = pixel >> 16 & 0xff;
        int g = pixel >> 8 & 0xff;
        int b = pixel & 0xff;
        raster.setSample(x, y, 0, (299 * r + 587 * g + 114 * b + 500) / 1000);
      }
    }
    return grey;
  }

  private static byte[] encodeJpeg(BufferedImage grey, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      JPEGImageWriteParam param = new JPEGImageWriteParam(null);
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      param.setOptimizeHuffmanTables(true);
      IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(grey), param);
      dropJfifHeader(metadata);
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(stream);
        writer.write(null, new IIOImage(grey, null, metadata), param);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("Failed to write a JPEG to memory", e);
    } finally {
      writer.dispose();
    }
  }

  /**
   * Leaves out the 18-byte JFIF header: a one-channel baseline JPEG needs no colour-space hint, and
   * every decoder reads it without one.
   */
  private static void dropJfifHeader(IIOMetadata metadata) throws IIOInvalidTreeException {
    String format = metadata.getNativeMetadataFormatName();
    Node tree = metadata.getAsTree(format);
    Node variety = tree.getFirstChild();
    while (variety != null && !"JPEGvariety".equals(variety.getNodeName())) {
      variety = variety.getNextSibling();
    }
    if (variety != null) {
      while (variety.hasChildNodes()) {
        variety.removeChild(variety.getFirstChild());
      }
    }
    metadata.setFromTree(format, tree);
  }
}
