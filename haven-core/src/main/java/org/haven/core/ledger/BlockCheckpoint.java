package org.haven.core.ledger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;

/**
 * What a checkpoint after a block says: the block's height and hash, and the log's size and root.
 * Every member signs the same note text for the same block, so members' signatures over it can be
 * gathered on one note.
 */
public record BlockCheckpoint(long height, long treeSize, Hash root, Hash blockHash) {
  /**
   * @throws IllegalArgumentException if the height or tree size is negative
   */
  public BlockCheckpoint {
    if (height < 0 || treeSize < 0) {
      throw new IllegalArgumentException(
          "a checkpoint's height and tree size must not be negative, got "
              + height
              + " and "
              + treeSize);
    }
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(blockHash, "blockHash");
  }

  /** The checkpoint after {@code header}. */
  public static BlockCheckpoint of(BlockHeader header) {
    return new BlockCheckpoint(header.height(), header.treeSize(), header.logRoot(), header.hash());
  }

  /**
   * The tlog-checkpoint of this block under {@code origin}, with the extension line {@code
   * haven-block <height> <hex block hash>} that puts the whole block header under the signature.
   */
  public Checkpoint checkpoint(String origin) {
    return new Checkpoint(
        origin,
        treeSize,
        root,
        List.of(BlockHeader.CHECKPOINT_EXTENSION + " " + height + " " + blockHash.toHex()));
  }

  /**
   * Reads back what {@link #checkpoint} wrote; empty if {@code checkpoint} has not exactly one
   * well-formed {@code haven-block} extension line.
   */
  public static Optional<BlockCheckpoint> from(Checkpoint checkpoint) {
    if (checkpoint.extensions().size() != 1) {
      return Optional.empty();
    }
    String[] words = checkpoint.extensions().get(0).split(" ", -1);
    if (words.length != 3 || !words[0].equals(BlockHeader.CHECKPOINT_EXTENSION)) {
      return Optional.empty();
    }
    try {
      BlockCheckpoint parsed =
          new BlockCheckpoint(
              Long.parseLong(words[1]),
              checkpoint.treeSize(),
              checkpoint.rootHash(),
              Hash.fromHex(words[2]));
      // Only the canonical spelling, so that the text this gives back is the one that was signed.
      return parsed.checkpoint(checkpoint.origin()).equals(checkpoint)
          ? Optional.of(parsed)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public void encode(CanonicalWriter out) {
    out.u64(height).u64(treeSize).hash(root).hash(blockHash);
  }

  public static BlockCheckpoint decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    long height = in.u64("checkpoint height");
    long treeSize = in.u64("checkpoint tree size");
    Hash root = in.hash("checkpoint root");
    Hash blockHash = in.hash("checkpoint block hash");
    try {
      return new BlockCheckpoint(height, treeSize, root, blockHash);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(at, e.getMessage());
    }
  }

  /** The SHA-256 of the encoding: equal for the same checkpoint, different for any other. */
  public Hash id() {
    CanonicalWriter out = new CanonicalWriter();
    encode(out);
    return Hash.sha256(out.toByteArray());
  }

  @Override
  public String toString() {
    return "size " + treeSize + " root " + root.toBase64() + " (block " + height + ")";
  }
}
