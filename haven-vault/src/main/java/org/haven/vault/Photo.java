package org.haven.vault;

import java.util.Arrays;
import java.util.Optional;
import org.haven.core.bytes.Bytes;

/**
 * A photo of the child: a JPEG or PNG image of at most {@value #MAX_BYTES} bytes. The format is
 * read from the image's magic bytes, so it cannot disagree with the image.
 */
public record Photo(Bytes image) {
  public static final int MAX_BYTES = 256 * 1024;
  private static final int KIB = 1024;

  /** An image format a photo may have, with its magic bytes and IANA media type. */
  public enum Format {
    /** JPEG (ISO/IEC 10918-1): SOI marker followed by the start of the next marker. */
    JPEG("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    /** PNG (RFC 2083 section 3.1): the eight-byte signature. */
    PNG("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});

    private final String mediaType;
    private final byte[] magic;

    Format(String mediaType, byte[] magic) {
      this.mediaType = mediaType;
      this.magic = magic;
    }

    public String mediaType() {
      return mediaType;
    }

    private static Optional<Format> of(Bytes image) {
      return Arrays.stream(values()).filter(f -> f.startsWith(image)).findFirst();
    }

    private boolean startsWith(Bytes image) {
      return image.size() >= magic.length
          && Arrays.equals(image.slice(0, magic.length).toArray(), magic);
    }
  }

  /**
   * @throws IllegalArgumentException naming the photo, if it is too large or not JPEG or PNG
   */
  public Photo {
    Fields.required("photo", image);
    if (image.size() > MAX_BYTES) {
      throw new IllegalArgumentException(
          "photo: " + ceilKib(image.size()) + " KiB, the limit is " + MAX_BYTES / KIB + " KiB");
    }
    if (Format.of(image).isEmpty()) {
      throw new IllegalArgumentException("photo: not a JPEG or PNG image");
    }
  }

  public Format format() {
    return Format.of(image)
        .orElseThrow(() -> new IllegalStateException("the constructor admits only JPEG and PNG"));
  }

  public String mediaType() {
    return format().mediaType();
  }

  private static long ceilKib(int bytes) {
    return (bytes + KIB - 1L) / KIB;
  }

  @Override
  public String toString() {
    return "Photo[" + mediaType() + ", " + ceilKib(image.size()) + " KiB]";
  }
}
