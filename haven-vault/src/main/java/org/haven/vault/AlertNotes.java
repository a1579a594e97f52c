package org.haven.vault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.storage.RocksResources;
import org.rocksdb.Checkpoint;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The personal data an organisation keeps about its alerts and sightings, beside its {@link Vault}:
 * the description and photo its case workers give with a missing-child alert ({@link Notice}), and
 * the sightings its officers record ({@link Sighting}). None of it is on the ledger: the ledger
 * carries the alert's photo hash and a pseudonymous {@code SIGHTING} event, whose transaction id is
 * the pointer to the sighting's note here.
 *
 * <p>These are kept apart from the vault's records because the organisation that raises an alert or
 * sees a child is rarely the one holding the child's data: the vault's records are one per child it
 * registered, these belong to any child. Each entry is sealed with AES-256-GCM under the master
 * key, with its key in the associated data, so an entry copied to another child's key fails
 * authentication. {@link #erase} removes every entry of a child and compacts them out of the files,
 * as the vault does.
 *
 * <p>The {@link Vault} opens them in a directory inside its own, with its master keys, copies them
 * with its checkpoints, and seals them again under a new master key when its rotation finishes
 * ({@link #resealUnder}); until then, entries sealed under either key open.
 *
 * <p>Keys: the child's canonical 11 digits, then {@code 'N'} for the notice or {@code 'S'} and the
 * recording transaction's id for a sighting.
 */
public final class AlertNotes implements AutoCloseable {
  private static final String AAD = "haven/vault/alert-notes/v1\n";
  private static final byte NOTICE = 'N';
  private static final byte SIGHTING = 'S';
  private static final int CHILD_DIGITS = 11;

  /** The longest description or note, in characters. */
  public static final int MAX_TEXT = 2000;

  /**
   * What a case worker says helps recognise the child, and the photo they give: kept while the
   * alert is open, shown to a border officer whose check of the child is an ALERT.
   */
  public record Notice(String description, Optional<Photo> photo) {
    /**
     * @throws IllegalArgumentException naming {@code description} if it is blank or longer than
     *     {@value #MAX_TEXT} characters
     */
    public Notice {
      requireText("description", description);
      Objects.requireNonNull(photo, "photo");
    }

    /** SHA-256 of the photo's bytes: what the ledger and the verifier bundle carry. */
    public Optional<Hash> photoHash() {
      return photo.map(p -> Hash.sha256(p.image()));
    }
  }

  /**
   * A sighting as the officer who saw the child recorded it: where (free text, for example "bus
   * park, Namanga"), when, and what they noticed.
   *
   * @param transaction the {@code RECORD_EVENT} transaction that put the sighting on the ledger
   */
  public record Sighting(
      Hash transaction,
      OfficerId recordedBy,
      long recordedAtMillis,
      String place,
      long seenAtMillis,
      String note) {
    public Sighting {
      Objects.requireNonNull(transaction, "transaction");
      Objects.requireNonNull(recordedBy, "recordedBy");
      requireText("place", place);
      Objects.requireNonNull(note, "note");
      if (note.length() > MAX_TEXT) {
        throw new IllegalArgumentException("note: at most " + MAX_TEXT + " characters");
      }
    }
  }

  private static void requireText(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(field + ": 1 to " + MAX_TEXT + " characters");
    }
  }

  private enum Family {
    DEFAULT,
    NOTES
  }

  private final Path dir;
  private final List<MasterKey> candidates;
  private volatile MasterKey sealing;
  private final SecureRandom random = new SecureRandom();
  private final RocksResources.Database<Family> database;
  private final RocksResources resources;
  private final ReadOptions reads;
  private final WriteOptions syncWrites;

  private AlertNotes(
      Path dir,
      MasterKey sealing,
      List<MasterKey> candidates,
      RocksResources.Database<Family> database,
      RocksResources resources) {
    this.dir = dir;
    this.sealing = sealing;
    this.candidates = candidates;
    this.database = database;
    this.resources = resources;
    this.reads = resources.own(new ReadOptions().setVerifyChecksums(true));
    this.syncWrites = resources.own(new WriteOptions().setSync(true));
  }

  /**
   * Opens the notes in {@code dir}, creating them if needed; new entries are sealed under {@code
   * sealing}, and entries are opened under it or any of {@code others}.
   *
   * @throws VaultException if the database cannot be opened
   */
  public static AlertNotes open(Path dir, MasterKey sealing, Collection<MasterKey> others) {
    Objects.requireNonNull(sealing, "sealing");
    List<MasterKey> keys = new ArrayList<>(List.of(sealing));
    others.stream().filter(key -> !key.id().equals(sealing.id())).forEach(keys::add);
    Vault.createDirectory(dir);
    try {
      return RocksResources.build(
          resources ->
              new AlertNotes(
                  dir,
                  sealing,
                  List.copyOf(keys),
                  Vault.openErasable(resources, dir, Family.class),
                  resources));
    } catch (RocksDBException e) {
      throw failure("open the alert notes at " + dir, e);
    }
  }

  /** Keeps {@code notice} for the child's alert, replacing the one kept before. */
  public void putNotice(ChildNumber child, Notice notice) {
    CanonicalWriter out = new CanonicalWriter().string(notice.description());
    out.bool(notice.photo().isPresent());
    notice.photo().ifPresent(photo -> out.bytes(photo.image()));
    put(key(child, NOTICE, Bytes.of(new byte[0])), out.toByteArray());
  }

  /** The notice kept for the child's alert, if any. */
  public Optional<Notice> notice(ChildNumber child) {
    return get(key(child, NOTICE, Bytes.of(new byte[0])))
        .map(
            plain ->
                decode(
                    child,
                    plain,
                    in -> {
                      String description = in.string("description");
                      Optional<Photo> photo =
                          in.bool("has photo")
                              ? Optional.of(new Photo(in.bytes("photo")))
                              : Optional.empty();
                      return new Notice(description, photo);
                    }));
  }

  /** Removes the notice kept for the child's alert, if any: a raise refused by the ledger. */
  public void deleteNotice(ChildNumber child) {
    delete(key(child, NOTICE, Bytes.of(new byte[0])));
  }

  /** Keeps a sighting's note, under its transaction's id. */
  public void putSighting(ChildNumber child, Sighting sighting) {
    byte[] plain =
        new CanonicalWriter()
            .string(sighting.recordedBy().value())
            .u64(sighting.recordedAtMillis())
            .string(sighting.place())
            .u64(sighting.seenAtMillis())
            .string(sighting.note())
            .toByteArray();
    put(key(child, SIGHTING, sighting.transaction().toBytes()), plain);
  }

  /** Removes a sighting's note: its transaction was refused. */
  public void deleteSighting(ChildNumber child, Hash transaction) {
    delete(key(child, SIGHTING, transaction.toBytes()));
  }

  /** The sightings kept for the child, in the order of their transactions' ids. */
  public List<Sighting> sightings(ChildNumber child) {
    byte[] prefix = key(child, SIGHTING, Bytes.of(new byte[0]));
    List<Sighting> sightings = new ArrayList<>();
    try (RocksIterator entries = db().newIterator(database.handle(Family.NOTES), reads)) {
      for (entries.seek(prefix); entries.isValid(); entries.next()) {
        byte[] key = entries.key();
        if (!startsWith(key, prefix)) {
          break;
        }
        Hash transaction = Hash.of(Arrays.copyOfRange(key, prefix.length, key.length));
        sightings.add(
            decode(
                child,
                open(key, entries.value()),
                in ->
                    new Sighting(
                        transaction,
                        in.string("recorded by", OfficerId::new),
                        in.u64("recorded at"),
                        in.string("place"),
                        in.u64("seen at"),
                        in.string("note"))));
      }
      entries.status();
    } catch (RocksDBException e) {
      throw failure("read the sightings of child " + child + " from " + dir, e);
    }
    return sightings;
  }

  /** Whether any entry of the child is kept. */
  public boolean holdsAny(ChildNumber child) {
    byte[] prefix = childPrefix(child);
    try (RocksIterator entries = db().newIterator(database.handle(Family.NOTES), reads)) {
      entries.seek(prefix);
      boolean found = entries.isValid() && startsWith(entries.key(), prefix);
      entries.status();
      return found;
    } catch (RocksDBException e) {
      throw failure("look up the alert notes of child " + child + " in " + dir, e);
    }
  }

  /** Writes a consistent copy, still sealed, to {@code target}, which must not exist yet. */
  void checkpointTo(Path target) {
    try (Checkpoint checkpoint = Checkpoint.create(db())) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw failure("copy the alert notes at " + dir + " to " + target, e);
    }
  }

  /**
   * Destroys every entry of the child: the notice and the sightings. They are then flushed and
   * compacted out of the files, as the vault's erasure does.
   */
  public synchronized void erase(ChildNumber child) {
    byte[] from = childPrefix(child);
    byte[] to = childPrefix(child);
    to[to.length - 1]++;
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions compaction =
            new CompactRangeOptions()
                .setBottommostLevelCompaction(
                    CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      db().deleteRange(database.handle(Family.NOTES), syncWrites, from, to);
      db().flush(flush, database.handles());
      db().compactRange(database.handle(Family.NOTES), from, to, compaction);
    } catch (RocksDBException e) {
      throw failure("erase the alert notes of child " + child + " from " + dir, e);
    }
  }

  /**
   * Seals every entry again under {@code next}, which seals new entries from now on: after the
   * vault's master key was rotated to it. Entries already under it are left as they are.
   *
   * @throws VaultException if an entry opens under no known key, or the database fails
   */
  public synchronized void resealUnder(MasterKey next) {
    List<MasterKey> keys = new ArrayList<>(candidates);
    keys.add(0, next);
    try (RocksIterator entries = db().newIterator(database.handle(Family.NOTES), reads);
        WriteBatch batch = new WriteBatch()) {
      for (entries.seekToFirst(); entries.isValid(); entries.next()) {
        byte[] key = entries.key();
        if (opens(next, key, entries.value())) {
          continue;
        }
        byte[] plain = open(key, entries.value(), keys);
        batch.put(
            database.handle(Family.NOTES),
            key,
            Aead.seal(next.secretKey(), plain, aad(key), random));
      }
      entries.status();
      db().write(syncWrites, batch);
      sealing = next;
    } catch (RocksDBException e) {
      throw failure("seal the alert notes in " + dir + " under the master key " + next.id(), e);
    }
  }

  private boolean opens(MasterKey key, byte[] entryKey, byte[] sealed) {
    try {
      Aead.open(key.secretKey(), sealed, aad(entryKey));
      return true;
    } catch (AEADBadTagException e) {
      return false;
    }
  }

  private void put(byte[] key, byte[] plain) {
    try {
      db().put(
              database.handle(Family.NOTES),
              syncWrites,
              key,
              Aead.seal(sealing.secretKey(), plain, aad(key), random));
    } catch (RocksDBException e) {
      throw failure("write an alert note in " + dir, e);
    }
  }

  private void delete(byte[] key) {
    try {
      db().delete(database.handle(Family.NOTES), syncWrites, key);
    } catch (RocksDBException e) {
      throw failure("delete an alert note in " + dir, e);
    }
  }

  private Optional<byte[]> get(byte[] key) {
    try {
      byte[] sealed = db().get(database.handle(Family.NOTES), reads, key);
      return sealed == null ? Optional.empty() : Optional.of(open(key, sealed));
    } catch (RocksDBException e) {
      throw failure("read an alert note in " + dir, e);
    }
  }

  private byte[] open(byte[] key, byte[] sealed) {
    return open(key, sealed, candidates);
  }

  private byte[] open(byte[] key, byte[] sealed, List<MasterKey> keys) {
    for (MasterKey candidate : keys) {
      try {
        return Aead.open(candidate.secretKey(), sealed, aad(key));
      } catch (AEADBadTagException e) {
        // Sealed under another key, or tampered: try the next one.
      }
    }
    throw new VaultException(
        "An alert note in "
            + dir
            + " failed authentication: wrong master key or tampered data ("
            + new String(key, 0, CHILD_DIGITS, StandardCharsets.US_ASCII)
            + ")");
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode(CanonicalReader in) throws DecodeException;
  }

  private <T> T decode(ChildNumber child, byte[] plain, Decoder<T> decoder) {
    try {
      CanonicalReader in = CanonicalReader.of(plain);
      T value = decoder.decode(in);
      in.finish();
      return value;
    } catch (DecodeException | IllegalArgumentException e) {
      throw new VaultException(
          "An alert note of child " + child + " in " + dir + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] childPrefix(ChildNumber child) {
    return Objects.requireNonNull(child, "child").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] key(ChildNumber child, byte kind, Bytes id) {
    byte[] prefix = childPrefix(child);
    byte[] key = Arrays.copyOf(prefix, prefix.length + 1 + id.size());
    key[prefix.length] = kind;
    System.arraycopy(id.toArray(), 0, key, prefix.length + 1, id.size());
    return key;
  }

  private static byte[] aad(byte[] key) {
    byte[] label = AAD.getBytes(StandardCharsets.US_ASCII);
    byte[] aad = Arrays.copyOf(label, label.length + key.length);
    System.arraycopy(key, 0, aad, label.length, key.length);
    return aad;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private RocksDB db() {
    return database.db();
  }

  private static VaultException failure(String what, RocksDBException e) {
    return new VaultException("Failed to " + what + ": " + RocksResources.describe(e), e);
  }

  @Override
  public synchronized void close() {
    resources.close();
  }
}
