package org.haven.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.haven.card.testing.SyntheticPortrait;
import org.haven.core.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaceImageTest {

  private static BufferedImage decode(Bytes jpeg) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(jpeg.toArray()));
  }

  private static Bytes file(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return Bytes.of(out.toByteArray());
  }

  @ParameterizedTest(name = "from {0}")
  @ValueSource(strings = {"png", "jpeg"})
  void makesASmallGreyJpegOfTheCardSize(String format) throws IOException {
    Bytes face = FaceImage.thumbnail(SyntheticPortrait.file(3, 600, 750, format));

    BufferedImage image = decode(face);
    assertThat(face.size()).isBetween(200, FaceImage.MAX_BYTES);
    assertThat(face.get(0) & 0xff).isEqualTo(0xff);
    assertThat(face.get(1) & 0xff).isEqualTo(0xd8);
    assertThat(image.getWidth()).isEqualTo(FaceImage.WIDTH);
    assertThat(image.getHeight()).isEqualTo(FaceImage.HEIGHT);
    assertThat(image.getColorModel().getNumComponents()).isEqualTo(1);
  }

  @Test
  void makingAThumbnail_turnsImageIosDiskCacheOff_soThePhotoNeverReachesATemporaryFile()
      throws IOException {
    Bytes photo = SyntheticPortrait.file(3, 600, 750, "png");
    ImageIO.setUseCache(true);

    FaceImage.thumbnail(photo);

    assertThat(ImageIO.getUseCache()).isFalse();
  }

  /**
   * The face stays recognisable: pixel by pixel it is close to a plain box-filtered grey reduction
   * of the photo, computed here independently, and the same reduction turned upside down, a picture
   * with the same pixels in the wrong places, is far from it.
   */
  @Test
  void keepsTheFace() throws IOException {
    BufferedImage photo = SyntheticPortrait.draw(3, 600, 750);
    int[] reference = boxReduce(photo);
    int[] upsideDown = new int[reference.length];
    for (int i = 0; i < reference.length; i++) {
      upsideDown[i] = reference[reference.length - 1 - i];
    }

    int[] face = pixels(decode(FaceImage.thumbnail(file(photo, "png"))));

    assertThat(meanAbsoluteDifference(face, reference)).isLessThan(6.0);
    assertThat(meanAbsoluteDifference(face, upsideDown)).isGreaterThan(20.0);
  }

  /** The photo's 600 × 750 pixels averaged in blocks of 15 × 15, as Rec. 601 luma. */
  private static int[] boxReduce(BufferedImage photo) {
    int[] out = new int[FaceImage.WIDTH * FaceImage.HEIGHT];
    int block = photo.getWidth() / FaceImage.WIDTH;
    for (int y = 0; y < FaceImage.HEIGHT; y++) {
      for (int x = 0; x < FaceImage.WIDTH; x++) {
        double sum = 0;
        for (int dy = 0; dy < block; dy++) {
          for (int dx = 0; dx < block; dx++) {
            int rgb = photo.getRGB(x * block + dx, y * block + dy);
            sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
          }
        }
        out[y * FaceImage.WIDTH + x] = (int) Math.round(sum / (block * block));
      }
    }
    return out;
  }

  private static int[] pixels(BufferedImage grey) {
    return grey.getRaster().getPixels(0, 0, grey.getWidth(), grey.getHeight(), (int[]) null);
  }

  private static double meanAbsoluteDifference(int[] a, int[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  @Test
  void cutsAWidePhotoToItsMiddle() throws IOException {
    BufferedImage wide = new BufferedImage(1000, 500, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = wide.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(300, 0, 400, 500);
    g.dispose();

    int[] face = pixels(decode(FaceImage.thumbnail(file(wide, "png"))));

    // The middle 400 × 500 is all white; the black sides are cut away.
    assertThat(Arrays.stream(face).min().orElseThrow()).isGreaterThan(240);
  }

  @Test
  void refusesAPhotoTooBusyForTheCard() throws IOException {
    BufferedImage noise =
        new BufferedImage(FaceImage.WIDTH, FaceImage.HEIGHT, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(1);
    for (int y = 0; y < noise.getHeight(); y++) {
      for (int x = 0; x < noise.getWidth(); x++) {
        noise.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    Bytes photo = file(noise, "png");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaceImage.thumbnail(photo))
        .withMessageContaining("plain background");
  }

  @Test
  void refusesBytesThatAreNotAnImage() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> FaceImage.thumbnail(Bytes.of("a photo".getBytes(StandardCharsets.US_ASCII))))
        .withMessageContaining("not a JPEG or PNG");
  }

  /** A PNG whose header claims 20000 × 20000 pixels is refused before any pixel is decoded. */
  @Test
  void refusesADecompressionBomb() {
    Bytes bomb = pngHeader(20_000, 20_000);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaceImage.thumbnail(bomb))
        .withMessageContaining("400000000 pixels");
  }

  /** The PNG signature and an IHDR chunk (RFC 2083 section 4.1.1), 8-bit greyscale. */
  private static Bytes pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return Bytes.of(png.array());
  }
}
