package org.haven.card.testing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * CBOR written straight through Jackson's generator, beside {@link
 * org.haven.card.codec.CborWriter}: tests build by hand what the writer would refuse or never write
 * (claims out of order or twice, wrong types, wrong tags), and check the writer's output against an
 * encoding it did not make.
 */
public final class RawCbor {
  private static final CBORFactory FACTORY = new CBORFactory();

  private RawCbor() {}

  /** Something that writes one CBOR data item. */
  @FunctionalInterface
  public interface Writer {
    void write(CBORGenerator generator) throws IOException;
  }

  /** Runs {@code writer} on a fresh generator and returns what it wrote. */
  public static byte[] encode(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator generator = FACTORY.createGenerator(out)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      writer.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
