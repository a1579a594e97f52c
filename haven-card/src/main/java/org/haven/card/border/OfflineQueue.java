package org.haven.card.border;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;

/**
 * The device's queue of signed crossing records waiting to be uploaded. docs/border.md describes
 * the files.
 *
 * <p>{@value #QUEUE_FILE} is append-only: an 8-byte magic, then one entry per record, each a 4-byte
 * big-endian length, the {@link SignedCrossing} encoding and a CRC-32C of it, synced to disk before
 * {@link #append} returns. A crash can only cut the last entry short; opening the queue detects
 * that, keeps the dropped bytes in a side file, cuts the queue back to its last whole entry and
 * reports it as a {@link Recovery}. Damage anywhere else is refused with a {@link
 * QueueCorruptedException}. {@value #UPLOADED_FILE} lists the 32-byte ids of uploaded records, so
 * {@link #sync} resumes where it stopped; an upload repeated after a crash is harmless because the
 * ledger counts a record id once.
 *
 * <p>The queue holds child numbers, officer ids, checkpoint ids, times and outcomes, but no names
 * and no document numbers. The device must still protect it as personal data: keep it on an
 * encrypted volume readable only by the border application, and {@link #compact} it after each
 * sync.
 */
public final class OfflineQueue implements Closeable {
  public static final String QUEUE_FILE = "crossings.queue";
  public static final String UPLOADED_FILE = "crossings.uploaded";

  static final byte[] MAGIC = "HVCROSS2".getBytes(StandardCharsets.US_ASCII);
  static final int MAX_ENTRY_BYTES = 64 * 1024;

  private static final int LENGTH_SIZE = Integer.BYTES;
  private static final int CRC_SIZE = Integer.BYTES;
  private static final String COMPACT_SUFFIX = ".compact";
  private static final System.Logger LOG = System.getLogger(OfflineQueue.class.getName());

  /**
   * What opening the queue repaired: a file cut back after a crash.
   *
   * @param keptBytes the length the file was cut back to
   * @param droppedBytes how many bytes of a partial last entry were dropped
   * @param savedTo where the dropped bytes were kept, for inspection
   */
  public record Recovery(String file, long keptBytes, long droppedBytes, Optional<Path> savedTo) {}

  /** Sends a batch of records to the ledger; returns normally only if all were accepted. */
  @FunctionalInterface
  public interface Uploader {
    void upload(List<SignedCrossing> batch) throws IOException;
  }

  private final Path directory;
  private final Map<Hash, SignedCrossing> records = new LinkedHashMap<>();
  private final Set<Hash> uploaded = new HashSet<>();
  private final List<Recovery> recoveries = new ArrayList<>();
  private FileChannel queue;
  private long queueSize;
  private final FileChannel uploadedIds;
  private long uploadedSize;

  private OfflineQueue(Path directory, FileChannel queue, FileChannel uploadedIds) {
    this.directory = directory;
    this.queue = queue;
    this.uploadedIds = uploadedIds;
  }

  /**
   * Opens the queue in {@code directory}, creating it if needed, and repairs a crash-cut last
   * entry.
   *
   * @throws QueueCorruptedException if a file is damaged other than at its end
   * @throws IOException if the files cannot be read or written
   */
  public static OfflineQueue open(Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.deleteIfExists(directory.resolve(QUEUE_FILE + COMPACT_SUFFIX));
    FileChannel queue = openChannel(directory.resolve(QUEUE_FILE));
    FileChannel uploadedIds;
    try {
      uploadedIds = openChannel(directory.resolve(UPLOADED_FILE));
    } catch (IOException e) {
      queue.close();
      throw e;
    }
    syncDirectory(directory);
    OfflineQueue opened = new OfflineQueue(directory, queue, uploadedIds);
    try {
      opened.loadQueue();
      opened.loadUploaded();
    } catch (IOException e) {
      opened.close();
      throw e;
    }
    return opened;
  }

  /** What opening repaired, if anything; each repair was also logged as a warning. */
  public List<Recovery> recoveries() {
    return List.copyOf(recoveries);
  }

  /**
   * Appends {@code crossing} and syncs it to disk. A record already in the queue is not added
   * again.
   *
   * @return the record's id
   * @throws IOException if the entry cannot be written; the queue is cut back to its last entry
   */
  public synchronized Hash append(SignedCrossing crossing) throws IOException {
    Hash id = crossing.id();
    if (records.containsKey(id)) {
      return id;
    }
    ByteBuffer entry = entry(crossing);
    int length = entry.remaining();
    try {
      writeFully(queue, entry, queueSize);
      queue.force(true);
    } catch (IOException e) {
      try {
        queue.truncate(queueSize);
      } catch (IOException truncation) {
        e.addSuppressed(truncation);
      }
      throw e;
    }
    queueSize += length;
    records.put(id, crossing);
    return id;
  }

  /** The records not yet uploaded, oldest first. */
  public synchronized List<SignedCrossing> pending() {
    return records.entrySet().stream()
        .filter(entry -> !uploaded.contains(entry.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  /** How many records the queue holds, uploaded or not. */
  public synchronized int size() {
    return records.size();
  }

  /**
   * Notes that the records with {@code ids} reached the ledger, and syncs that to disk. Ids the
   * queue does not hold, or already marked, are ignored.
   */
  public synchronized void markUploaded(Collection<Hash> ids) throws IOException {
    Set<Hash> fresh = new LinkedHashSet<>(ids);
    fresh.retainAll(records.keySet());
    fresh.removeAll(uploaded);
    if (fresh.isEmpty()) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate(fresh.size() * Hash.SIZE);
    fresh.forEach(id -> buffer.put(id.toArray()));
    buffer.flip();
    writeFully(uploadedIds, buffer, uploadedSize);
    uploadedIds.force(true);
    uploadedSize += (long) fresh.size() * Hash.SIZE;
    uploaded.addAll(fresh);
  }

  /**
   * Uploads the pending records in batches, oldest first, marking each batch uploaded as soon as
   * the uploader accepts it. If the uploader fails, the batches before stay marked and the next
   * sync starts with the failed one.
   *
   * @return how many records were uploaded
   * @throws IOException the uploader's failure, or a failure to mark records uploaded
   */
  public synchronized int sync(Uploader uploader, int batchSize) throws IOException {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: must be at least 1");
    }
    List<SignedCrossing> pending = pending();
    int done = 0;
    for (int from = 0; from < pending.size(); from += batchSize) {
      List<SignedCrossing> batch =
          pending.subList(from, Math.min(from + batchSize, pending.size()));
      uploader.upload(batch);
      markUploaded(batch.stream().map(SignedCrossing::id).toList());
      done += batch.size();
    }
    return done;
  }

  /**
   * Rewrites the queue without the uploaded records, replacing the file atomically, then empties
   * the uploaded list. A crash in between leaves ids of records that are gone, which is harmless.
   */
  public synchronized void compact() throws IOException {
    List<SignedCrossing> keep = pending();
    Path queuePath = directory.resolve(QUEUE_FILE);
    Path temporary = directory.resolve(QUEUE_FILE + COMPACT_SUFFIX);
    long size = MAGIC.length;
    try (FileChannel out =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(out, ByteBuffer.wrap(MAGIC), 0);
      for (SignedCrossing crossing : keep) {
        ByteBuffer entry = entry(crossing);
        int length = entry.remaining();
        writeFully(out, entry, size);
        size += length;
      }
      out.force(true);
    }
    queue.close();
    Files.move(temporary, queuePath, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(directory);
    queue = openChannel(queuePath);
    queueSize = size;
    uploadedIds.truncate(0);
    uploadedIds.force(true);
    uploadedSize = 0;
    records.keySet().removeAll(uploaded);
    uploaded.clear();
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      queue.close();
    } finally {
      uploadedIds.close();
    }
  }

  private void loadQueue() throws IOException {
    byte[] content = readAll(queue, QUEUE_FILE);
    if (content.length < MAGIC.length) {
      if (!Arrays.equals(content, 0, content.length, MAGIC, 0, content.length)) {
        throw new QueueCorruptedException(QUEUE_FILE, 0, "it is not a crossing queue");
      }
      if (content.length > 0) {
        cutBack(queue, QUEUE_FILE, content, 0);
      }
      writeFully(queue, ByteBuffer.wrap(MAGIC), 0);
      queue.force(true);
      queueSize = MAGIC.length;
      return;
    }
    if (!Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new QueueCorruptedException(QUEUE_FILE, 0, "it is not a crossing queue");
    }
    int position = MAGIC.length;
    while (position < content.length) {
      int next = readEntry(content, position);
      if (next < 0) {
        cutBack(queue, QUEUE_FILE, content, position);
        break;
      }
      position = next;
    }
    queueSize = position;
  }

  /**
   * Reads the entry at {@code position} into {@link #records}.
   *
   * @return where the next entry starts, or -1 if this entry is the crash-cut end of the file
   * @throws QueueCorruptedException if the entry is damaged and not at the end of the file
   */
  private int readEntry(byte[] content, int position) throws QueueCorruptedException {
    int remaining = content.length - position;
    if (remaining < LENGTH_SIZE) {
      return -1;
    }
    int length = ByteBuffer.wrap(content, position, LENGTH_SIZE).getInt();
    if (length <= 0 || length > MAX_ENTRY_BYTES) {
      if (allZero(content, position)) {
        return -1;
      }
      throw new QueueCorruptedException(
          QUEUE_FILE, position, "an entry claims an impossible length of " + length + " bytes");
    }
    long end = (long) position + LENGTH_SIZE + length + CRC_SIZE;
    if (end > content.length) {
      return -1;
    }
    int bodyStart = position + LENGTH_SIZE;
    CRC32C crc = new CRC32C();
    crc.update(content, bodyStart, length);
    if (ByteBuffer.wrap(content, bodyStart + length, CRC_SIZE).getInt() != (int) crc.getValue()) {
      if (end == content.length) {
        return -1;
      }
      throw new QueueCorruptedException(QUEUE_FILE, position, "an entry fails its checksum");
    }
    try {
      SignedCrossing crossing = SignedCrossing.decode(Bytes.of(content, bodyStart, length));
      records.putIfAbsent(crossing.id(), crossing);
    } catch (DecodeException e) {
      throw new QueueCorruptedException(
          QUEUE_FILE, position, "an entry is not a signed crossing record: " + e.getMessage());
    }
    return (int) end;
  }

  private void loadUploaded() throws IOException {
    byte[] content = readAll(uploadedIds, UPLOADED_FILE);
    int whole = content.length - content.length % Hash.SIZE;
    if (whole != content.length) {
      cutBack(uploadedIds, UPLOADED_FILE, content, whole);
    }
    for (int position = 0; position < whole; position += Hash.SIZE) {
      uploaded.add(Hash.of(Arrays.copyOfRange(content, position, position + Hash.SIZE)));
    }
    uploadedSize = whole;
  }

  /** Keeps the bytes from {@code keep} on in a side file, then cuts the file back to them. */
  private void cutBack(FileChannel channel, String name, byte[] content, int keep)
      throws IOException {
    Path saved = directory.resolve(name + ".dropped-at-" + keep);
    Files.write(saved, Arrays.copyOfRange(content, keep, content.length));
    channel.truncate(keep);
    channel.force(true);
    long dropped = (long) content.length - keep;
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: dropped {1} bytes of a partial last write left by a crash, kept in {2}",
        name,
        dropped,
        saved.getFileName());
    recoveries.add(new Recovery(name, keep, dropped, Optional.of(saved)));
  }

  private static ByteBuffer entry(SignedCrossing crossing) {
    byte[] body = crossing.encode().toArray();
    if (body.length > MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException(
          "crossing: " + body.length + " bytes, more than an entry holds");
    }
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer entry = ByteBuffer.allocate(LENGTH_SIZE + body.length + CRC_SIZE);
    entry.putInt(body.length).put(body).putInt((int) crc.getValue());
    return entry.flip();
  }

  private static boolean allZero(byte[] content, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static FileChannel openChannel(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static byte[] readAll(FileChannel channel, String name) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("The crossing queue file " + name + " is too large to read.");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, buffer.position()) < 0) {
        break;
      }
    }
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }

  /** Makes a created or renamed file's directory entry durable, as POSIX requires. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
