package org.haven.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.NameCodes;
import org.haven.storage.RocksResources;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One organisation's vault: the personal data of the children it registered, in a RocksDB database
 * of its own that is never shared with other members.
 *
 * <p>Each {@link #put} draws a fresh AES-256 data key, seals the child's salt and canonical data
 * under it with AES-GCM, and wraps the data key under the {@link MasterKey}. The child number is in
 * the associated data of both ({@code "haven/vault/data/v1\n"} or {@code "haven/vault/dek/v1\n"}
 * followed by its canonical 11 digits), so a record copied to another child's number fails
 * authentication. The layout of a record is in {@link VaultRecord}.
 *
 * <p>A correction is a put for a child the vault holds: the earlier data is kept as a version
 * ({@link #versions}), and the new data is sealed under the same data key with a fresh nonce. One
 * key per child, not per version, is what makes erasure whole: destroying the one wrapped key in
 * the record makes every version unreadable at once, and a rotation re-wraps one key per child.
 *
 * <p>{@link #erase} is crypto-shredding: the record, wrapped key and all, is replaced by a
 * tombstone, and the old versions are then flushed and compacted away so that they leave the WAL
 * and SST files too. WAL files are neither recycled nor archived for this reason. The vault cannot
 * scrub disk blocks the file system has freed; full-disk encryption covers those.
 *
 * <p>The vault records the master key's {@link MasterKey#id()} when it is created and refuses to
 * open under another key, so a misconfigured key is reported at start-up, not as a failed read.
 * {@link #rotateMasterKey} re-wraps every data key under a new master key, online and resumably:
 * the new key's id is recorded first, each batch of re-wrapped records is written together with how
 * far the rotation got, and a vault opened in the middle of a rotation needs both keys and finishes
 * it.
 *
 * <p>Every write is synced before it returns, so an acknowledged put or erase survives {@code kill
 * -9} or a power cut. Reads are thread-safe; writes are serialised.
 *
 * <p>Reads are not audited here. The ledger records who read which child and why: the caller
 * submits a {@code RECORD_ACCESS} transaction ({@link org.haven.core.tx.RecordAccess}), so the
 * audit is shared and tamper-evident, which a node-local log could not be.
 *
 * <p>Column families: {@code records} maps the child number, its canonical digits in ASCII, to its
 * {@link VaultRecord}; {@code versions} maps the child number followed by a {@code u32} sequence
 * number (0 for the first data stored) to the sealed data of each earlier version; {@code meta}
 * holds the master key id and, during a rotation, the next key's id and the last child number
 * re-wrapped.
 */
public final class Vault implements AutoCloseable {
  private static final String DATA_AAD = "haven/vault/data/v1\n";
  private static final String DEK_AAD = "haven/vault/dek/v1\n";
  private static final byte[] MASTER_KEY_ID = "master-key-id".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEXT_MASTER_KEY_ID =
      "next-master-key-id".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ROTATION_CURSOR =
      "rotation-cursor".getBytes(StandardCharsets.US_ASCII);
  private static final String SEARCH_KEY_AAD = "haven/vault/search-key/v1\n";
  private static final byte[] SEARCH_KEY = "search-key".getBytes(StandardCharsets.US_ASCII);

  /** Written once every record is in the search index; its value is the index's version. */
  private static final byte[] SEARCH_INDEX = "search-index".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] SEARCH_INDEX_VERSION = {1};

  /** Records indexed per write when a vault made before search is indexed at open. */
  private static final int INDEX_BATCH = 1000;

  /**
   * Records re-wrapped per synced write during a rotation: small enough that puts wait little for
   * the vault's lock, large enough that the syncs do not dominate.
   */
  private static final int ROTATION_BATCH = 32;

  /** Told how far a rotation got: records done out of the records the vault holds. */
  @FunctionalInterface
  public interface Progress {
    void update(long done, long total);
  }

  /**
   * The master keys in use: {@code current} wraps the records not re-wrapped yet; {@code next},
   * during a rotation, wraps the others and every new record.
   */
  private record Keys(MasterKey current, Optional<MasterKey> next) {
    MasterKey wrapping() {
      return next.orElse(current);
    }

    List<MasterKey> unwrapping() {
      return next.map(key -> List.of(key, current)).orElse(List.of(current));
    }
  }

  /** The column families, named in lower case; RocksDB requires the default one. */
  private enum Family {
    DEFAULT,
    RECORDS,
    META,
    VERSIONS,
    /** The search index: token || child number, no value. */
    SEARCH,
    /** Each child's search tokens, concatenated, so that a put or an erasure removes them. */
    SEARCH_TOKENS
  }

  private final Path dir;
  private volatile Keys keys;
  private volatile SearchIndex index;
  private final SecureRandom random = new SecureRandom();
  private final RocksResources.Database<Family> database;
  private final ReadOptions reads;
  private final WriteOptions syncWrites;

  /** Every native object this vault owns, the database included. */
  private final RocksResources resources;

  private volatile boolean closed;

  /** What this organisation keeps about alerts and sightings, sealed under the same master key. */
  private AlertNotes notes;

  /** The directory of {@link #notes}, inside the vault's. */
  static final String NOTES_DIR = "alert-notes";

  private Vault(Path dir, RocksResources.Database<Family> database, RocksResources resources) {
    this.dir = dir;
    this.database = database;
    this.resources = resources;
    this.reads = resources.own(new ReadOptions().setVerifyChecksums(true));
    this.syncWrites = resources.own(new WriteOptions().setSync(true));
  }

  /**
   * Opens the vault in {@code dir}, creating it, readable by its owner only, if it does not exist.
   *
   * @throws VaultException if the directory or database cannot be created or opened, or if the
   *     vault was created under a different master key
   */
  public static Vault open(Path dir, MasterKey masterKey) {
    return open(dir, List.of(Objects.requireNonNull(masterKey, "masterKey")));
  }

  /**
   * Opens the vault in {@code dir} with whichever of {@code candidates} it was created under, and,
   * if a rotation of its master key was interrupted, the key it was rotating to; {@link
   * #rotating()} then says so and {@link #finishRotation} finishes it. A new vault is created under
   * the first candidate.
   *
   * @throws VaultException as {@link #open(Path, MasterKey)}, or if a rotation is under way and its
   *     new key is not among the candidates
   */
  public static Vault open(Path dir, Collection<MasterKey> candidates) {
    List<MasterKey> keys = List.copyOf(candidates);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no master key given");
    }
    createDirectory(dir);
    try {
      return RocksResources.build(
          resources -> {
            Vault vault = new Vault(dir, openErasable(resources, dir, Family.class), resources);
            vault.keys = vault.chooseKeys(keys);
            vault.notes =
                AlertNotes.open(
                    dir.resolve(NOTES_DIR), vault.keys.wrapping(), vault.keys.unwrapping());
            vault.index = vault.openSearchIndex();
            return vault;
          });
    } catch (RocksDBException e) {
      throw failure("open the vault at " + dir, e);
    }
  }

  /**
   * Opens a database of sealed entries whose erasure must leave the disk: the vault's, and its
   * alert notes'.
   */
  static <F extends Enum<F>> RocksResources.Database<F> openErasable(
      RocksResources resources, Path dir, Class<F> families) throws RocksDBException {
    // Erasure relies on these WAL defaults: an old WAL is deleted, not kept or reused.
    DBOptions options =
        resources.own(
            RocksResources.newDbOptions()
                .setRecycleLogFileNum(0)
                .setWalTtlSeconds(0)
                .setWalSizeLimitMB(0));
    // Ciphertext does not compress.
    ColumnFamilyOptions family =
        resources.own(new ColumnFamilyOptions().setCompressionType(CompressionType.NO_COMPRESSION));
    return resources.open(options, dir, families, f -> family, false);
  }

  static void createDirectory(Path dir) {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir);
      if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new VaultException("Failed to create the vault directory " + dir + ": " + e, e);
    }
  }

  private Keys chooseKeys(List<MasterKey> candidates) throws RocksDBException {
    byte[] recorded = meta(MASTER_KEY_ID);
    if (recorded == null) {
      MasterKey first = candidates.get(0);
      database
          .db()
          .put(
              database.handle(Family.META),
              syncWrites,
              MASTER_KEY_ID,
              first.id().getBytes(StandardCharsets.US_ASCII));
      return new Keys(first, Optional.empty());
    }
    String currentId = new String(recorded, StandardCharsets.US_ASCII);
    MasterKey current =
        withId(candidates, currentId)
            .orElseThrow(
                () ->
                    new VaultException(
                        "The vault at "
                            + dir
                            + " was created under the master key "
                            + currentId
                            + ", not the given key "
                            + ids(candidates)
                            + ": configure the key it was created with"));
    byte[] next = meta(NEXT_MASTER_KEY_ID);
    if (next == null) {
      return new Keys(current, Optional.empty());
    }
    String nextId = new String(next, StandardCharsets.US_ASCII);
    return new Keys(
        current,
        Optional.of(
            withId(candidates, nextId)
                .orElseThrow(
                    () ->
                        new VaultException(
                            "The master key of the vault at "
                                + dir
                                + " is being rotated from "
                                + currentId
                                + " to "
                                + nextId
                                + ", but only "
                                + ids(candidates)
                                + " was given: configure both keys so that the rotation can"
                                + " finish"))));
  }

  private static Optional<MasterKey> withId(List<MasterKey> keys, String id) {
    return keys.stream().filter(key -> key.id().equals(id)).findFirst();
  }

  private static String ids(List<MasterKey> keys) {
    return String.join(", ", keys.stream().map(MasterKey::id).toList());
  }

  private byte[] meta(byte[] key) throws RocksDBException {
    return database.db().get(database.handle(Family.META), reads, key);
  }

  /**
   * Stores {@code data} and the {@code salt} of its ledger commitment for {@code childNumber} and
   * syncs the write, keeping the child's {@link DeclarationFile}. If the vault held data for the
   * child, that data is kept as the child's latest earlier version, in the same write, and the new
   * data is sealed under the child's data key.
   *
   * @param salt {@value Commitment#SALT_SIZE} bytes
   * @throws IllegalArgumentException if {@code salt} is malformed
   * @throws VaultException if the child was erased, whose data is never stored again, or if the
   *     write fails; the vault then holds what it held before
   */
  public synchronized void put(ChildNumber childNumber, PersonalData data, Bytes salt) {
    DeclarationFile file =
        read(childNumber) instanceof ReadResult.Found found ? found.file() : DeclarationFile.EMPTY;
    seal(childNumber, data, salt, file, true);
  }

  /**
   * Stores {@code data}, the {@code salt} of its ledger commitment and the declaration's {@code
   * file} for {@code childNumber}, as {@link #put(ChildNumber, PersonalData, Bytes)} does.
   *
   * @throws IllegalArgumentException if {@code salt} is malformed
   * @throws VaultException as {@link #put(ChildNumber, PersonalData, Bytes)}
   */
  public synchronized void put(
      ChildNumber childNumber, PersonalData data, Bytes salt, DeclarationFile file) {
    seal(childNumber, data, salt, file, true);
  }

  /**
   * Changes the declaration's file of {@code childNumber}, keeping its data and salt, and syncs the
   * write. The data did not change, so no earlier version is kept. Changes are serialised with
   * every other write, so two answers never lose one.
   *
   * @param change the new file from the one held; its {@link IllegalArgumentException} is thrown as
   *     it is, and nothing is written
   * @return the file now held
   * @throws VaultException if the vault holds no data for the child (never stored, or erased), or
   *     if the write fails
   */
  public synchronized DeclarationFile changeFile(
      ChildNumber childNumber, UnaryOperator<DeclarationFile> change) {
    if (!(read(childNumber) instanceof ReadResult.Found found)) {
      throw new VaultException(
          "The vault at " + dir + " holds no data for child " + childNumber + " to file beside");
    }
    DeclarationFile changed = change.apply(found.file());
    seal(childNumber, found.data(), found.salt(), changed, false);
    return changed;
  }

  /**
   * Seals the child's data, salt and file under its data key (a new one for a child the vault never
   * held) and writes them; with {@code newVersion}, the data held before is kept as the latest
   * earlier version in the same write.
   */
  private void seal(
      ChildNumber childNumber,
      PersonalData data,
      Bytes salt,
      DeclarationFile file,
      boolean newVersion) {
    byte[] key = recordKey(childNumber);
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(file, "file");
    Commitment.requireSalt(salt);
    Optional<VaultRecord> held = lookup(childNumber, key);
    if (held.orElse(null) instanceof VaultRecord.Tombstone) {
      throw new VaultException(
          "Child "
              + childNumber
              + " was erased from the vault at "
              + dir
              + ", and an erased child's data is never stored again");
    }
    CanonicalWriter sealed = new CanonicalWriter().fixed(salt).bytes(data.encode());
    if (!file.isEmpty()) {
      sealed.bytes(file.encode());
    }
    byte[] plaintext = sealed.toByteArray();
    byte[] dataKey = null;
    try (WriteBatch batch = new WriteBatch()) {
      Bytes wrappedKey;
      if (held.isPresent()) {
        VaultRecord.Sealed earlier = (VaultRecord.Sealed) held.get();
        dataKey = unwrap(childNumber, earlier, keys.unwrapping());
        wrappedKey = earlier.wrappedKey();
        if (newVersion) {
          batch.put(
              database.handle(Family.VERSIONS),
              versionKey(key, versionCount(childNumber, key)),
              earlier.data().toArray());
        }
      } else {
        dataKey = new byte[Aead.KEY_SIZE];
        random.nextBytes(dataKey);
        wrappedKey =
            Bytes.of(
                Aead.seal(
                    keys.wrapping().secretKey(),
                    dataKey,
                    associatedData(DEK_AAD, childNumber),
                    random));
      }
      VaultRecord record =
          new VaultRecord.Sealed(
              wrappedKey,
              Bytes.of(
                  Aead.seal(
                      new SecretKeySpec(dataKey, "AES"),
                      plaintext,
                      associatedData(DATA_AAD, childNumber),
                      random)));
      batch.put(database.handle(Family.RECORDS), key, record.encode().toArray());
      reindex(batch, key, index.tokensOf(data));
      db().write(syncWrites, batch);
    } catch (RocksDBException e) {
      throw failure("store child " + childNumber + " in " + dir, e);
    } finally {
      if (dataKey != null) {
        Arrays.fill(dataKey, (byte) 0);
      }
    }
  }

  /**
   * Replaces in {@code batch} the search tokens of the child under {@code key} with {@code tokens}
   * (none: the child leaves the index).
   */
  private void reindex(WriteBatch batch, byte[] key, List<byte[]> tokens) throws RocksDBException {
    byte[] old = db().get(database.handle(Family.SEARCH_TOKENS), reads, key);
    if (old != null) {
      for (int at = 0; at + SearchIndex.TOKEN_SIZE <= old.length; at += SearchIndex.TOKEN_SIZE) {
        batch.delete(
            database.handle(Family.SEARCH),
            entry(Arrays.copyOfRange(old, at, at + SearchIndex.TOKEN_SIZE), key));
      }
    }
    if (tokens.isEmpty()) {
      batch.delete(database.handle(Family.SEARCH_TOKENS), key);
      return;
    }
    byte[] all = new byte[tokens.size() * SearchIndex.TOKEN_SIZE];
    for (int i = 0; i < tokens.size(); i++) {
      System.arraycopy(tokens.get(i), 0, all, i * SearchIndex.TOKEN_SIZE, SearchIndex.TOKEN_SIZE);
      batch.put(database.handle(Family.SEARCH), entry(tokens.get(i), key), new byte[0]);
    }
    batch.put(database.handle(Family.SEARCH_TOKENS), key, all);
  }

  private static byte[] entry(byte[] token, byte[] key) {
    byte[] entry = Arrays.copyOf(token, token.length + key.length);
    System.arraycopy(key, 0, entry, token.length, key.length);
    return entry;
  }

  /**
   * The children whose names and date of birth match: every part of {@code names} of at least
   * {@value NameCodes#MIN_PART_LETTERS} letters matches a part of the child's given or family
   * names, as duplicate detection compares spellings ({@link NameCodes}), and the date of birth is
   * the same. In child-number order; erased children are never found. Decrypts nothing: the caller
   * reads, and audits, the records it shows.
   *
   * @throws IllegalArgumentException naming {@code names} if no part of it is long enough
   * @throws VaultException if the index cannot be read
   */
  public List<ChildNumber> search(String names, LocalDate dateOfBirth) {
    Objects.requireNonNull(dateOfBirth, "dateOfBirth");
    List<Set<String>> parts = NameCodes.searchable(Objects.requireNonNull(names, "names"));
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(
          "names: give at least one name of "
              + NameCodes.MIN_PART_LETTERS
              + " letters or more; initials alone would match too many children");
    }
    Set<String> found = null;
    for (List<byte[]> part : index.queryTokens(parts, dateOfBirth)) {
      Set<String> matching = new TreeSet<>();
      for (byte[] token : part) {
        matching.addAll(indexed(token));
      }
      if (found != null) {
        matching.retainAll(found);
      }
      found = matching;
      if (found.isEmpty()) {
        break;
      }
    }
    return found.stream()
        .map(digits -> childOf(digits.getBytes(StandardCharsets.US_ASCII)))
        .toList();
  }

  /** The canonical child numbers indexed under {@code token}. */
  private Set<String> indexed(byte[] token) {
    Set<String> children = new TreeSet<>();
    try (RocksIterator entries = db().newIterator(database.handle(Family.SEARCH), reads)) {
      for (entries.seek(token);
          entries.isValid()
              && Arrays.equals(
                  entries.key(), 0, SearchIndex.TOKEN_SIZE, token, 0, SearchIndex.TOKEN_SIZE);
          entries.next()) {
        byte[] entry = entries.key();
        children.add(
            new String(
                entry,
                SearchIndex.TOKEN_SIZE,
                entry.length - SearchIndex.TOKEN_SIZE,
                StandardCharsets.US_ASCII));
      }
      entries.status();
    } catch (RocksDBException e) {
      throw failure("search the index of " + dir, e);
    }
    return children;
  }

  /**
   * Unwraps the vault's search key, or creates one, and indexes every record if the vault was made
   * before search existed or its indexing was interrupted.
   */
  private SearchIndex openSearchIndex() throws RocksDBException {
    byte[] wrapped = meta(SEARCH_KEY);
    byte[] searchKey = new byte[Aead.KEY_SIZE];
    try {
      if (wrapped == null) {
        random.nextBytes(searchKey);
        db().put(
                database.handle(Family.META),
                syncWrites,
                SEARCH_KEY,
                Aead.seal(keys.wrapping().secretKey(), searchKey, searchKeyAad(), random));
      } else {
        searchKey = unwrapSearchKey(wrapped);
      }
      SearchIndex opened = new SearchIndex(searchKey);
      if (meta(SEARCH_INDEX) == null) {
        indexEveryRecord(opened);
      }
      return opened;
    } finally {
      Arrays.fill(searchKey, (byte) 0);
    }
  }

  private byte[] unwrapSearchKey(byte[] wrapped) {
    for (MasterKey key : keys.unwrapping()) {
      try {
        return Aead.open(key.secretKey(), wrapped, searchKeyAad());
      } catch (AEADBadTagException e) {
        // Wrapped under the other key during a rotation, or tampered: try the next one.
      }
    }
    throw new VaultException(
        "The search key of the vault at "
            + dir
            + " failed authentication: wrong master key or tampered data");
  }

  private static byte[] searchKeyAad() {
    return SEARCH_KEY_AAD.getBytes(StandardCharsets.US_ASCII);
  }

  private void indexEveryRecord(SearchIndex opened) throws RocksDBException {
    List<MasterKey> candidates = keys.unwrapping();
    WriteBatch batch = new WriteBatch();
    try (RocksIterator records = db().newIterator(database.handle(Family.RECORDS), reads)) {
      int pending = 0;
      for (records.seekToFirst(); records.isValid(); records.next()) {
        byte[] key = records.key();
        ChildNumber child = childOf(key);
        if (decodeRecord(child, records.value()) instanceof VaultRecord.Sealed sealed) {
          reindex(batch, key, opened.tokensOf(unseal(child, sealed, candidates).data()));
          if (++pending == INDEX_BATCH) {
            db().write(syncWrites, batch);
            batch.close();
            batch = new WriteBatch();
            pending = 0;
          }
        }
      }
      records.status();
      batch.put(database.handle(Family.META), SEARCH_INDEX, SEARCH_INDEX_VERSION);
      db().write(syncWrites, batch);
    } finally {
      batch.close();
    }
  }

  /**
   * Undoes the last {@link #put} for a child the vault held before it: the latest earlier version
   * becomes the child's data again and the data that put stored is dropped. For a correction the
   * ledger refused, so that the refused data never shows as a version.
   *
   * @throws VaultException if the vault holds no earlier version of the child, or the write fails
   */
  public synchronized void undoCorrection(ChildNumber childNumber) {
    byte[] key = recordKey(childNumber);
    int count = versionCount(childNumber, key);
    if (count == 0
        || !(lookup(childNumber, key).orElse(null) instanceof VaultRecord.Sealed current)) {
      throw new VaultException(
          "The vault at "
              + dir
              + " holds no earlier version of child "
              + childNumber
              + " to restore");
    }
    byte[] last = versionKey(key, count - 1);
    try (WriteBatch batch = new WriteBatch()) {
      byte[] earlier = db().get(database.handle(Family.VERSIONS), reads, last);
      VaultRecord.Sealed restored = new VaultRecord.Sealed(current.wrappedKey(), Bytes.of(earlier));
      batch.put(database.handle(Family.RECORDS), key, restored.encode().toArray());
      batch.delete(database.handle(Family.VERSIONS), last);
      reindex(batch, key, index.tokensOf(unseal(childNumber, restored, keys.unwrapping()).data()));
      db().write(syncWrites, batch);
    } catch (RocksDBException e) {
      throw failure("restore the earlier version of child " + childNumber + " in " + dir, e);
    }
  }

  /**
   * Every version of the child's data the vault holds, oldest first: each earlier version, then the
   * data {@link #read} answers. The order is the order of the puts; which ledger transaction
   * committed to each version is told by its commitment ({@link Commitment#commit}). Holds the
   * write lock, so that a put meanwhile neither adds nor hides a version.
   *
   * @throws VaultException as {@link #read}
   */
  public synchronized VersionsResult versions(ChildNumber childNumber) {
    byte[] key = recordKey(childNumber);
    List<MasterKey> candidates = keys.unwrapping();
    List<byte[]> earlier = earlierVersions(childNumber, key);
    Optional<VaultRecord> record = lookup(childNumber, key);
    if (record.isEmpty()) {
      return new VersionsResult.NotFound();
    }
    if (!(record.get() instanceof VaultRecord.Sealed sealed)) {
      return new VersionsResult.Erased();
    }
    List<ReadResult.Found> versions = new ArrayList<>();
    for (byte[] data : earlier) {
      versions.add(
          unseal(
              childNumber,
              new VaultRecord.Sealed(sealed.wrappedKey(), Bytes.of(data)),
              candidates));
    }
    versions.add(unseal(childNumber, sealed, candidates));
    return new VersionsResult.Versions(versions);
  }

  /** The sealed data of the child's earlier versions, oldest first. */
  private List<byte[]> earlierVersions(ChildNumber childNumber, byte[] key) {
    List<byte[]> found = new ArrayList<>();
    try (RocksIterator versions = db().newIterator(database.handle(Family.VERSIONS), reads)) {
      for (versions.seek(key);
          versions.isValid() && startsWith(versions.key(), key);
          versions.next()) {
        found.add(versions.value());
      }
      versions.status();
    } catch (RocksDBException e) {
      throw failure("read the versions of child " + childNumber + " from " + dir, e);
    }
    return found;
  }

  private int versionCount(ChildNumber childNumber, byte[] key) {
    return earlierVersions(childNumber, key).size();
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The key of a child's earlier version: its record key, then the sequence number. */
  private static byte[] versionKey(byte[] recordKey, int sequence) {
    return new CanonicalWriter().fixed(Bytes.of(recordKey)).u32(sequence).toByteArray();
  }

  /**
   * The first key after every version of the child whose record key is {@code recordKey}: the
   * record key with its last digit raised by one, which no child number's key starts with.
   */
  private static byte[] afterVersions(byte[] recordKey) {
    byte[] end = recordKey.clone();
    end[end.length - 1]++;
    return end;
  }

  /**
   * What the vault holds for {@code childNumber}.
   *
   * @throws VaultException if the record fails authentication (a wrong master key or tampered
   *     data), is corrupt, or cannot be read
   */
  public ReadResult read(ChildNumber childNumber) {
    byte[] key = recordKey(childNumber);
    // Taken before the record: a rotation that ends after this still left both keys in it.
    List<MasterKey> candidates = keys.unwrapping();
    Optional<VaultRecord> record = lookup(childNumber, key);
    if (record.isEmpty()) {
      return new ReadResult.NotFound();
    }
    return record.get() instanceof VaultRecord.Sealed sealed
        ? unseal(childNumber, sealed, candidates)
        : new ReadResult.Erased();
  }

  private ReadResult.Found unseal(
      ChildNumber childNumber, VaultRecord.Sealed record, List<MasterKey> candidates) {
    byte[] dataKey = null;
    try {
      dataKey = unwrap(childNumber, record, candidates);
      CanonicalReader plaintext =
          CanonicalReader.of(
              Aead.open(
                  new SecretKeySpec(dataKey, "AES"),
                  record.data().toArray(),
                  associatedData(DATA_AAD, childNumber)));
      Bytes salt = plaintext.fixed(Commitment.SALT_SIZE, "salt");
      PersonalData data = PersonalData.decode(plaintext.bytes("personal data"));
      // Records stored before declaration files existed, and those without one, end here.
      DeclarationFile file =
          plaintext.atEnd()
              ? DeclarationFile.EMPTY
              : DeclarationFile.decode(plaintext.bytes("declaration file"));
      plaintext.finish();
      return new ReadResult.Found(data, salt, file);
    } catch (AEADBadTagException e) {
      throw authenticationFailure(childNumber, e);
    } catch (DecodeException e) {
      throw corrupt(childNumber, e);
    } finally {
      if (dataKey != null) {
        Arrays.fill(dataKey, (byte) 0);
      }
    }
  }

  /**
   * Destroys the data of {@code childNumber} for good and leaves a tombstone, so that later reads
   * answer {@link ReadResult.Erased} and later puts are refused. The tombstone is written in one
   * synced write; the old record is then purged from the database files. Erasing a child the vault
   * never held, or erased before, still leaves a tombstone.
   *
   * @throws VaultException if the write fails, or if the purge fails after it: the child then
   *     already reads as erased, and erasing again retries the purge
   */
  public synchronized void erase(ChildNumber childNumber) {
    byte[] key = recordKey(childNumber);
    byte[] versionsEnd = afterVersions(key);
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(
          database.handle(Family.RECORDS), key, new VaultRecord.Tombstone().encode().toArray());
      batch.deleteRange(database.handle(Family.VERSIONS), key, versionsEnd);
      reindex(batch, key, List.of());
      db().write(syncWrites, batch);
    } catch (RocksDBException e) {
      throw failure("erase child " + childNumber + " in " + dir, e);
    }
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions compaction =
            new CompactRangeOptions()
                .setBottommostLevelCompaction(
                    CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      // The flush retires the WAL holding the old record; the compaction drops it from SST files,
      // and the child's search tokens with it.
      db().flush(flush, database.handles());
      db().compactRange(database.handle(Family.RECORDS), key, key, compaction);
      db().compactRange(database.handle(Family.VERSIONS), key, versionsEnd, compaction);
      db().compactRange(database.handle(Family.SEARCH_TOKENS), key, key, compaction);
      db().compactRange(database.handle(Family.SEARCH), null, null, compaction);
    } catch (RocksDBException e) {
      throw failure(
          "purge the erased record of child "
              + childNumber
              + " from "
              + dir
              + " (it reads as erased; erase it again to retry)",
          e);
    }
  }

  /**
   * Whether the vault holds sealed data for {@code childNumber}: neither erased nor never stored.
   * Decrypts nothing.
   *
   * @throws VaultException if the record is corrupt or cannot be read
   */
  public boolean holds(ChildNumber childNumber) {
    return lookup(childNumber, recordKey(childNumber)).orElse(null) instanceof VaultRecord.Sealed;
  }

  /**
   * The alert descriptions and photos and the sightings this organisation keeps, beside the
   * children's records: sealed under the vault's master key, re-sealed when it is rotated, copied
   * with the vault.
   */
  public AlertNotes notes() {
    return notes;
  }

  /**
   * Writes a consistent copy of the vault, records still sealed, to {@code target}, which must not
   * exist yet; table files are hard-linked where the file system allows. The master key is not in
   * it. A copy escapes {@link #erase}: whoever keeps it must apply later erasures to it again.
   *
   * @throws VaultException if the copy cannot be made
   */
  public void checkpointTo(Path target) {
    try (Checkpoint checkpoint = Checkpoint.create(db())) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw failure("copy the vault at " + dir + " to " + target, e);
    }
    notes.checkpointTo(target.resolve(NOTES_DIR));
  }

  /** The id of the master key that wraps the records, or of both keys during a rotation. */
  public String masterKeyId() {
    Keys now = keys;
    return now.next()
        .map(next -> now.current().id() + " -> " + next.id())
        .orElse(now.current().id());
  }

  /** Whether a rotation of the master key is under way: {@link #finishRotation} finishes it. */
  public boolean rotating() {
    return keys.next().isPresent();
  }

  /**
   * Re-wraps every child's data key under {@code next}, which from then on is the vault's master
   * key; the data itself is not re-encrypted. Online: reads, puts and erasures go on meanwhile,
   * each waiting at most for one batch. Crash-safe and resumable: {@code next}'s id is recorded
   * first, and each batch of re-wrapped records is written, synced, together with the last child
   * number it reached, so a vault opened after a crash holds every record under one key or the
   * other and {@link #finishRotation} goes on from there. Once every record is re-wrapped, the new
   * key is recorded as the vault's key and the records' old versions are compacted out of the
   * files: the old key then opens nothing in this directory and may be destroyed.
   *
   * @throws VaultException if another rotation is under way, {@code next} is already the key, a
   *     record fails authentication under both keys, or the database fails; what was re-wrapped
   *     stays re-wrapped, and calling {@link #finishRotation} again goes on
   */
  public void rotateMasterKey(MasterKey next, Progress progress) {
    Objects.requireNonNull(next, "next");
    synchronized (this) {
      Keys now = keys;
      if (now.next().isPresent() && !now.next().get().id().equals(next.id())) {
        throw new VaultException(
            "The master key of the vault at "
                + dir
                + " is already being rotated to "
                + now.next().get().id()
                + ": finish that rotation first");
      }
      if (now.current().id().equals(next.id())) {
        throw new VaultException(
            "The vault at " + dir + " is already under the master key " + next.id());
      }
      if (now.next().isEmpty()) {
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(
              database.handle(Family.META),
              NEXT_MASTER_KEY_ID,
              next.id().getBytes(StandardCharsets.US_ASCII));
          // The search key is re-wrapped at once: reads try the next key first from now on.
          byte[] searchKey = unwrapSearchKey(meta(SEARCH_KEY));
          try {
            batch.put(
                database.handle(Family.META),
                SEARCH_KEY,
                Aead.seal(next.secretKey(), searchKey, searchKeyAad(), random));
          } finally {
            Arrays.fill(searchKey, (byte) 0);
          }
          db().write(syncWrites, batch);
        } catch (RocksDBException e) {
          throw failure("record the next master key in " + dir, e);
        }
        keys = new Keys(now.current(), Optional.of(next));
      }
    }
    finishRotation(progress);
  }

  /**
   * Finishes an interrupted rotation of the master key (see {@link #rotateMasterKey}); does nothing
   * if none is under way.
   *
   * @throws VaultException as {@link #rotateMasterKey}
   */
  public void finishRotation(Progress progress) {
    if (!rotating()) {
      return;
    }
    long total = countRecords();
    long done = 0;
    byte[] cursor;
    try {
      cursor = meta(ROTATION_CURSOR);
    } catch (RocksDBException e) {
      throw failure("read how far the rotation in " + dir + " got", e);
    }
    if (cursor != null) {
      done = countRecordsUpTo(cursor);
    }
    progress.update(done, total);
    while (true) {
      Optional<byte[]> reached = rewrapBatch(cursor);
      if (reached.isEmpty()) {
        break;
      }
      cursor = reached.get();
      // Every batch but the last holds ROTATION_BATCH records; counting again would read them all.
      done = Math.min(total, done + ROTATION_BATCH);
      progress.update(done, total);
    }
    completeRotation();
    progress.update(total, total);
  }

  /**
   * Re-wraps up to {@link #ROTATION_BATCH} records after {@code cursor} (from the first if null) in
   * one synced write that also moves the cursor.
   *
   * @return the last child number reached, or empty if no record was left
   */
  private synchronized Optional<byte[]> rewrapBatch(byte[] cursor) {
    Keys now = keys;
    MasterKey next = now.next().orElseThrow();
    byte[] last = null;
    try (RocksIterator records = db().newIterator(database.handle(Family.RECORDS), reads);
        WriteBatch batch = new WriteBatch()) {
      if (cursor == null) {
        records.seekToFirst();
      } else {
        records.seek(cursor);
        if (records.isValid() && Arrays.equals(records.key(), cursor)) {
          records.next();
        }
      }
      for (int n = 0; n < ROTATION_BATCH && records.isValid(); n++, records.next()) {
        last = records.key();
        ChildNumber child = childOf(last);
        VaultRecord record = decodeRecord(child, records.value());
        if (record instanceof VaultRecord.Sealed sealed) {
          byte[] dataKey = unwrap(child, sealed, List.of(next, now.current()));
          try {
            byte[] wrapped =
                Aead.seal(next.secretKey(), dataKey, associatedData(DEK_AAD, child), random);
            batch.put(
                database.handle(Family.RECORDS),
                last,
                new VaultRecord.Sealed(Bytes.of(wrapped), sealed.data()).encode().toArray());
          } finally {
            Arrays.fill(dataKey, (byte) 0);
          }
        }
      }
      records.status();
      if (last == null) {
        return Optional.empty();
      }
      batch.put(database.handle(Family.META), ROTATION_CURSOR, last);
      db().write(syncWrites, batch);
      return Optional.of(last);
    } catch (RocksDBException e) {
      throw failure("re-wrap the data keys in " + dir + " under the master key " + next.id(), e);
    }
  }

  /** Records the new key as the vault's and compacts the records' old versions away. */
  private synchronized void completeRotation() {
    MasterKey next = keys.next().orElseThrow();
    try (WriteBatch batch = new WriteBatch();
        FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions compaction =
            new CompactRangeOptions()
                .setBottommostLevelCompaction(
                    CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      batch.put(
          database.handle(Family.META),
          MASTER_KEY_ID,
          next.id().getBytes(StandardCharsets.US_ASCII));
      batch.delete(database.handle(Family.META), NEXT_MASTER_KEY_ID);
      batch.delete(database.handle(Family.META), ROTATION_CURSOR);
      db().write(syncWrites, batch);
      keys = new Keys(next, Optional.empty());
      notes.resealUnder(next);
      // As for an erasure: the old wrapped keys leave the WAL and the table files.
      db().flush(flush, database.handles());
      db().compactRange(database.handle(Family.RECORDS), null, null, compaction);
      db().compactRange(database.handle(Family.META), null, null, compaction);
    } catch (RocksDBException e) {
      throw failure("finish the rotation of the master key of " + dir + " to " + next.id(), e);
    }
  }

  private long countRecords() {
    return countRecordsUpTo(null);
  }

  /** The records up to and including {@code last}, or all of them if it is null. */
  private long countRecordsUpTo(byte[] last) {
    long count = 0;
    try (RocksIterator records = db().newIterator(database.handle(Family.RECORDS), reads)) {
      for (records.seekToFirst(); records.isValid(); records.next()) {
        if (last != null && Arrays.compareUnsigned(records.key(), last) > 0) {
          break;
        }
        count++;
      }
      records.status();
    } catch (RocksDBException e) {
      throw failure("count the records in " + dir, e);
    }
    return count;
  }

  private ChildNumber childOf(byte[] key) {
    String digits = new String(key, StandardCharsets.US_ASCII);
    try {
      return ChildNumber.fromCanonical(digits);
    } catch (RuntimeException e) {
      throw new VaultException("The vault at " + dir + " holds a record under a malformed key", e);
    }
  }

  /**
   * The child's data key, unwrapped by the first of {@code candidates} that authenticates it.
   *
   * @throws VaultException if none does
   */
  private byte[] unwrap(ChildNumber child, VaultRecord.Sealed record, List<MasterKey> candidates) {
    for (MasterKey key : candidates) {
      try {
        return Aead.open(
            key.secretKey(), record.wrappedKey().toArray(), associatedData(DEK_AAD, child));
      } catch (AEADBadTagException e) {
        // Wrapped under the other key, or tampered: try the next one.
      }
    }
    throw authenticationFailure(child, null);
  }

  private VaultException authenticationFailure(ChildNumber child, Exception cause) {
    return new VaultException(
        "The vault record for child "
            + child
            + " in "
            + dir
            + " failed authentication: wrong master key or tampered data",
        cause);
  }

  /** Closes the database. Safe to call more than once; later calls on the vault throw. */
  @Override
  public synchronized void close() {
    closed = true;
    if (notes != null) {
      notes.close();
    }
    resources.close();
  }

  private Optional<VaultRecord> lookup(ChildNumber childNumber, byte[] key) {
    byte[] value;
    try {
      value = db().get(database.handle(Family.RECORDS), reads, key);
    } catch (RocksDBException e) {
      throw failure("read child " + childNumber + " from " + dir, e);
    }
    return value == null ? Optional.empty() : Optional.of(decodeRecord(childNumber, value));
  }

  private VaultRecord decodeRecord(ChildNumber childNumber, byte[] value) {
    try {
      return VaultRecord.decode(Bytes.of(value));
    } catch (DecodeException e) {
      throw corrupt(childNumber, e);
    }
  }

  private static byte[] recordKey(ChildNumber childNumber) {
    return Objects.requireNonNull(childNumber, "childNumber")
        .toString()
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] associatedData(String purpose, ChildNumber childNumber) {
    return (purpose + childNumber.toString()).getBytes(StandardCharsets.US_ASCII);
  }

  private VaultException corrupt(ChildNumber childNumber, DecodeException e) {
    return new VaultException(
        "The vault record for child "
            + childNumber
            + " in "
            + dir
            + " is corrupt: "
            + e.getMessage(),
        e);
  }

  private RocksDB db() {
    if (closed) {
      throw new IllegalStateException("The vault at " + dir + " is closed");
    }
    return database.db();
  }

  private static VaultException failure(String what, RocksDBException e) {
    return new VaultException("Failed to " + what + ": " + RocksResources.describe(e), e);
  }
}
