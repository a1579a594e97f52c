package org.haven.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A film for Chromium's fake camera ({@code --use-file-for-fake-video-capture}): a Y4M file (YUV
 * 4:2:0, grey) that shows an empty white picture for a while, then a picture held up in its middle.
 * Chromium plays it in a loop, so a page that keeps looking sees the picture after the empty part.
 */
final class FakeCamera {
  static final int WIDTH = 1280;
  static final int HEIGHT = 720;

  /** Frames per second: few, to keep the file small. */
  private static final int FPS = 2;

  /** Seconds of empty picture first, then of the picture. */
  private static final int EMPTY_SECONDS = 3;

  private static final int PICTURE_SECONDS = 2;

  private FakeCamera() {}

  /**
   * Writes the film of {@code picture} (at most {@value #WIDTH}×{@value #HEIGHT}) to {@code file}.
   */
  static Path film(BufferedImage picture, Path file) throws IOException {
    if (picture.getWidth() > WIDTH || picture.getHeight() > HEIGHT) {
      throw new IllegalArgumentException(
          "picture " + picture.getWidth() + "x" + picture.getHeight() + " is larger than the film");
    }
    byte[] empty = frame(null);
    byte[] shown = frame(picture);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(
          ("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < FPS * (EMPTY_SECONDS + PICTURE_SECONDS); i++) {
        out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
        out.write(i < FPS * EMPTY_SECONDS ? empty : shown);
      }
    }
    return file;
  }

  /**
   * One frame: the luma of a white picture with {@code picture} in its middle, then grey chroma.
   */
  private static byte[] frame(BufferedImage picture) {
    int lumaBytes = WIDTH * HEIGHT;
    byte[] frame = new byte[lumaBytes * 3 / 2];
    Arrays.fill(frame, 0, lumaBytes, (byte) 255);
    Arrays.fill(frame, lumaBytes, frame.length, (byte) 128);
    if (picture != null) {
      int left = (WIDTH - picture.getWidth()) / 2;
      int top = (HEIGHT - picture.getHeight()) / 2;
      for (int y = 0; y < picture.getHeight(); y++) {
        for (int x = 0; x < picture.getWidth(); x++) {
          int rgb = picture.getRGB(x, y);
          int grey = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
          frame[(top + y) * WIDTH + left + x] = (byte) grey;
        }
      }
    }
    return frame;
  }
}
