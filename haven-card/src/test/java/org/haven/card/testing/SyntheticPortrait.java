package org.haven.card.testing;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.haven.core.bytes.Bytes;

/**
 * A drawn passport-style portrait, since tests may not hold photos of real children: a face with
 * hair, eyes, brows, nose and mouth on a graded background, with sensor-like noise so that it
 * compresses about as a camera photo does. The same seed always draws the same picture.
 */
public final class SyntheticPortrait {
  private SyntheticPortrait() {}

  /** A portrait of {@code width} by {@code height} pixels. */
  public static BufferedImage draw(long seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.scale(width / 600.0, height / 750.0);
      g.setPaint(
          new GradientPaint(0, 0, new Color(200, 210, 225), 0, 750, new Color(150, 160, 180)));
      g.fillRect(0, 0, 600, 750);
      Color skin =
          new Color(120 + random.nextInt(80), 80 + random.nextInt(60), 50 + random.nextInt(40));
      Color hair =
          new Color(20 + random.nextInt(40), 15 + random.nextInt(30), 10 + random.nextInt(20));
      g.setColor(skin.darker());
      g.fill(new Ellipse2D.Double(130, 560, 340, 300));
      g.setColor(hair);
      g.fill(new Ellipse2D.Double(140, 90, 320, 330));
      g.setColor(skin);
      g.fill(new Ellipse2D.Double(170, 170, 260, 340));
      g.fillRect(260, 480, 80, 100);
      g.setColor(hair);
      g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.drawArc(210, 285, 70, 30, 20, 140);
      g.drawArc(320, 285, 70, 30, 20, 140);
      for (int eye : new int[] {245, 355}) {
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(eye - 25, 318, 50, 26));
        g.setColor(new Color(50, 30, 20));
        g.fill(new Ellipse2D.Double(eye - 11, 319, 22, 24));
        g.setColor(Color.BLACK);
        g.fill(new Ellipse2D.Double(eye - 5, 325, 10, 12));
      }
      g.setColor(skin.darker());
      g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.drawLine(300, 350, 290, 410);
      g.drawArc(280, 400, 40, 20, 180, 180);
      g.setColor(new Color(140, 60, 60));
      g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.drawArc(255, 425, 90, 35, 200, 140);
    } finally {
      g.dispose();
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int noise = (int) Math.round(random.nextGaussian() * 6);
        int r = clamp((rgb >> 16 & 0xff) + noise);
        int gr = clamp((rgb >> 8 & 0xff) + noise);
        int b = clamp((rgb & 0xff) + noise);
        image.setRGB(x, y, r << 16 | gr << 8 | b);
      }
    }
    return image;
  }

  /** {@link #draw} as a file in {@code format}, {@code "png"} or {@code "jpeg"}. */
  public static Bytes file(long seed, int width, int height, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(draw(seed, width, height), format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Bytes.of(out.toByteArray());
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }
}
