package org.haven.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.storage.RocksResources;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * One organisation's vault: the personal data of the children it registered, in a RocksDB database
 * of its own that is never shared with other members.
 *
 * <p>Each {@link #put} draws a fresh AES-256 data key, seals the child's salt and canonical data
 * under it with AES-GCM, and wraps the data key under the {@link MasterKey}. The child number is in
 * the associated data of both ({@code "haven/vault/data/v1\n"} or {@code "haven/vault/dek/v1\n"}
 * followed by its canonical 11 digits), so a record copied to another child's number fails
 * authentication. A correction is a new put: a new key and nonce, and no read of the old record
 * first. The layout of a record is in {@link VaultRecord}.
 *
 * <p>{@link #erase} is crypto-shredding: the record, wrapped key and all, is replaced by a
 * tombstone, and the old versions are then flushed and compacted away so that they leave the WAL
 * and SST files too. WAL files are neither recycled nor archived for this reason. The vault cannot
 * scrub disk blocks the file system has freed; full-disk encryption covers those.
 *
 * <p>The vault records the master key's {@link MasterKey#id()} when it is created and refuses to
 * open under another key, so a misconfigured key is reported at start-up, not as a failed read.
 *
 * <p>Every write is synced before it returns, so an acknowledged put or erase survives {@code kill
 * -9} or a power cut. Reads are thread-safe; writes are serialised.
 *
 * <p>Reads are not audited here. The ledger records who read which child and why: the caller
 * submits a {@code RECORD_ACCESS} transaction ({@link org.haven.core.tx.RecordAccess}), so the
 * audit is shared and tamper-evident, which a node-local log could not be.
 *
 * <p>Column families: {@code records} maps the child number, its canonical digits in ASCII, to its
 * {@link VaultRecord}; {@code meta} holds the master key id.
 */
public final class Vault implements AutoCloseable {
  private static final String DATA_AAD = "haven/vault/data/v1\n";
  private static final String DEK_AAD = "haven/vault/dek/v1\n";
  private static final byte[] MASTER_KEY_ID = "master-key-id".getBytes(StandardCharsets.US_ASCII);

  /** The column families, named in lower case; RocksDB requires the default one. */
  private enum Family {
    DEFAULT,
    RECORDS,
    META
  }

  private final Path dir;
  private final MasterKey masterKey;
  private final SecureRandom random = new SecureRandom();
  private final RocksResources.Database<Family> database;
  private final ReadOptions reads;
  private final WriteOptions syncWrites;

  /** Every native object this vault owns, the database included. */
  private final RocksResources resources;

  private volatile boolean closed;

  private Vault(
      Path dir,
      MasterKey masterKey,
      RocksResources.Database<Family> database,
      RocksResources resources) {
    this.dir = dir;
    this.masterKey = masterKey;
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
    Objects.requireNonNull(masterKey, "masterKey");
    createDirectory(dir);
    try {
      return RocksResources.build(
          resources -> {
            // Erasure relies on these WAL defaults: an old WAL is deleted, not kept or reused.
            DBOptions options =
                resources.own(
                    RocksResources.newDbOptions()
                        .setRecycleLogFileNum(0)
                        .setWalTtlSeconds(0)
                        .setWalSizeLimitMB(0));
            // Ciphertext does not compress.
            ColumnFamilyOptions family =
                resources.own(
                    new ColumnFamilyOptions().setCompressionType(CompressionType.NO_COMPRESSION));
            Vault vault =
                new Vault(
                    dir,
                    masterKey,
                    resources.open(options, dir, Family.class, f -> family, false),
                    resources);
            vault.checkMasterKey();
            return vault;
          });
    } catch (RocksDBException e) {
      throw failure("open the vault at " + dir, e);
    }
  }

  private static void createDirectory(Path dir) {
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

  private void checkMasterKey() throws RocksDBException {
    byte[] given = masterKey.id().getBytes(StandardCharsets.US_ASCII);
    byte[] recorded = database.db().get(database.handle(Family.META), reads, MASTER_KEY_ID);
    if (recorded == null) {
      database.db().put(database.handle(Family.META), syncWrites, MASTER_KEY_ID, given);
    } else if (!Arrays.equals(recorded, given)) {
      throw new VaultException(
          "The vault at "
              + dir
              + " was created under the master key "
              + new String(recorded, StandardCharsets.US_ASCII)
              + ", not the given key "
              + masterKey.id()
              + ": configure the key it was created with");
    }
  }

  /**
   * Stores {@code data} and the {@code salt} of its ledger commitment for {@code childNumber},
   * replacing what the vault held for it, and syncs the write.
   *
   * @param salt {@value Commitment#SALT_SIZE} bytes
   * @throws IllegalArgumentException if {@code salt} is malformed
   * @throws VaultException if the child was erased, whose data is never stored again, or if the
   *     write fails; the vault then holds what it held before
   */
  public synchronized void put(ChildNumber childNumber, PersonalData data, Bytes salt) {
    byte[] key = recordKey(childNumber);
    Objects.requireNonNull(data, "data");
    Commitment.requireSalt(salt);
    if (lookup(childNumber, key).orElse(null) instanceof VaultRecord.Tombstone) {
      throw new VaultException(
          "Child "
              + childNumber
              + " was erased from the vault at "
              + dir
              + ", and an erased child's data is never stored again");
    }
    byte[] dataKey = new byte[Aead.KEY_SIZE];
    random.nextBytes(dataKey);
    try {
      byte[] plaintext = new CanonicalWriter().fixed(salt).bytes(data.encode()).toByteArray();
      VaultRecord record =
          new VaultRecord.Sealed(
              Bytes.of(
                  Aead.seal(
                      masterKey.secretKey(),
                      dataKey,
                      associatedData(DEK_AAD, childNumber),
                      random)),
              Bytes.of(
                  Aead.seal(
                      new SecretKeySpec(dataKey, "AES"),
                      plaintext,
                      associatedData(DATA_AAD, childNumber),
                      random)));
      write(key, record, "store child " + childNumber);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * What the vault holds for {@code childNumber}.
   *
   * @throws VaultException if the record fails authentication (a wrong master key or tampered
   *     data), is corrupt, or cannot be read
   */
  public ReadResult read(ChildNumber childNumber) {
    byte[] key = recordKey(childNumber);
    Optional<VaultRecord> record = lookup(childNumber, key);
    if (record.isEmpty()) {
      return new ReadResult.NotFound();
    }
    return record.get() instanceof VaultRecord.Sealed sealed
        ? unseal(childNumber, sealed)
        : new ReadResult.Erased();
  }

  private ReadResult.Found unseal(ChildNumber childNumber, VaultRecord.Sealed record) {
    byte[] dataKey = null;
    try {
      dataKey =
          Aead.open(
              masterKey.secretKey(),
              record.wrappedKey().toArray(),
              associatedData(DEK_AAD, childNumber));
      CanonicalReader plaintext =
          CanonicalReader.of(
              Aead.open(
                  new SecretKeySpec(dataKey, "AES"),
                  record.data().toArray(),
                  associatedData(DATA_AAD, childNumber)));
      Bytes salt = plaintext.fixed(Commitment.SALT_SIZE, "salt");
      PersonalData data = PersonalData.decode(plaintext.bytes("personal data"));
      plaintext.finish();
      return new ReadResult.Found(data, salt);
    } catch (AEADBadTagException e) {
      throw new VaultException(
          "The vault record for child "
              + childNumber
              + " in "
              + dir
              + " failed authentication: wrong master key or tampered data",
          e);
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
    write(key, new VaultRecord.Tombstone(), "erase child " + childNumber);
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        CompactRangeOptions compaction =
            new CompactRangeOptions()
                .setBottommostLevelCompaction(
                    CompactRangeOptions.BottommostLevelCompaction.kForce)) {
      // The flush retires the WAL holding the old record; the compaction drops it from SST files.
      db().flush(flush, database.handles());
      db().compactRange(database.handle(Family.RECORDS), key, key, compaction);
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

  /** Closes the database. Safe to call more than once; later calls on the vault throw. */
  @Override
  public synchronized void close() {
    closed = true;
    resources.close();
  }

  private Optional<VaultRecord> lookup(ChildNumber childNumber, byte[] key) {
    byte[] value;
    try {
      value = db().get(database.handle(Family.RECORDS), reads, key);
    } catch (RocksDBException e) {
      throw failure("read child " + childNumber + " from " + dir, e);
    }
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(VaultRecord.decode(Bytes.of(value)));
    } catch (DecodeException e) {
      throw corrupt(childNumber, e);
    }
  }

  private void write(byte[] key, VaultRecord record, String what) {
    try {
      db().put(database.handle(Family.RECORDS), syncWrites, key, record.encode().toArray());
    } catch (RocksDBException e) {
      throw failure(what + " in " + dir, e);
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
