package org.haven.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The RocksDB native objects behind one database (options, caches, filters, the database, its
 * column family handles, read and write options), closed together in the reverse order of {@link
 * #own}, so that nothing is closed before an object that depends on it.
 *
 * <p>Typical use: {@link #build} a database's owner, registering each native object with {@link
 * #own} as it is created and opening the database with {@link #open}, and call {@link #close()}
 * from the owner's own {@code close}. The RocksDB native library is loaded before the first build.
 *
 * <p>Not thread-safe: the owner serialises {@link #own}, {@link #open} and {@link #close()}.
 */
public final class RocksResources implements AutoCloseable {
  private static final long INFO_LOG_BYTES = 1L << 20;
  private static final long INFO_LOGS_KEPT = 5;

  static {
    RocksDB.loadLibrary();
  }

  /**
   * Builds the owner of a database, such as a store, from fresh {@link RocksResources}.
   *
   * @param <T> the owner's type
   */
  @FunctionalInterface
  public interface Builder<T> {
    /**
     * Creates the native objects, registering each with {@code resources} at once, and returns
     * their owner, which from then on is responsible for closing {@code resources}.
     */
    T build(RocksResources resources) throws RocksDBException;
  }

  /**
   * An open database whose column families are the constants of an enum, owned by the {@link
   * RocksResources} that opened it.
   *
   * @param <F> the enum of column families
   */
  public static final class Database<F extends Enum<F>> {
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;

    private Database(RocksDB db, List<ColumnFamilyHandle> handles) {
      this.db = db;
      this.handles = List.copyOf(handles);
    }

    /** The database, closed when its {@link RocksResources} are. */
    public RocksDB db() {
      return db;
    }

    /** The handle of every column family, in the order of the enum's constants. */
    public List<ColumnFamilyHandle> handles() {
      return handles;
    }

    /** The handle of {@code family}'s column family. */
    public ColumnFamilyHandle handle(F family) {
      return handles.get(family.ordinal());
    }
  }

  /** Most recently owned first: the order to close them in. */
  private final Deque<AbstractNativeReference> owned = new ArrayDeque<>();

  private RocksResources() {}

  /**
   * Runs {@code builder} with fresh resources and returns what it built. If it throws, anything (a
   * {@link RocksDBException}, an unchecked exception or an error), every object it had owned is
   * closed before the exception propagates, unchanged.
   *
   * @throws RocksDBException as thrown by {@code builder}
   */
  public static <T> T build(Builder<T> builder) throws RocksDBException {
    RocksResources resources = new RocksResources();
    boolean built = false;
    try {
      T owner = builder.build(resources);
      built = true;
      return owner;
    } finally {
      if (!built) {
        resources.close();
      }
    }
  }

  /**
   * New database options with the settings every Haven database shares, for the caller to add its
   * own to and {@link #own}: the database and any missing column family are created, paranoid
   * checks turn a corrupt file into an error, and the info log rolls at 1 MiB with five files kept.
   */
  public static DBOptions newDbOptions() {
    return new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setParanoidChecks(true)
        .setMaxLogFileSize(INFO_LOG_BYTES)
        .setKeepLogFileNum(INFO_LOGS_KEPT);
  }

  /**
   * Takes ownership of {@code resource}, which must not be owned already, so that {@link #close()}
   * closes it before everything owned earlier.
   *
   * @return {@code resource}, so that it can be owned where it is created
   * @throws NullPointerException if {@code resource} is null
   */
  public <T extends AbstractNativeReference> T own(T resource) {
    owned.push(Objects.requireNonNull(resource, "resource"));
    return resource;
  }

  /**
   * Opens the database in {@code dir}, and owns the database and then each column family handle.
   *
   * <p>The database has a column family per constant of {@code families}, named by the constant in
   * lower case, with the options {@code familyOptions} gives it. RocksDB requires its default
   * column family, so {@code families} must have a constant {@code DEFAULT}.
   *
   * @param options owned already, or else closed by the caller after these resources
   * @param familyOptions options owned already, or else closed by the caller after these resources
   * @param readOnly whether to open the existing database for reading only, instead of for reading
   *     and writing
   * @throws RocksDBException if RocksDB cannot open the database; nothing new is owned then
   */
  public <F extends Enum<F>> Database<F> open(
      DBOptions options,
      Path dir,
      Class<F> families,
      Function<? super F, ColumnFamilyOptions> familyOptions,
      boolean readOnly)
      throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors =
        Arrays.stream(families.getEnumConstants())
            .map(
                f ->
                    new ColumnFamilyDescriptor(
                        f.name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
                        familyOptions.apply(f)))
            .toList();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db =
        own(
            readOnly
                ? RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)
                : RocksDB.open(options, dir.toString(), descriptors, handles));
    handles.forEach(this::own);
    return new Database<>(db, handles);
  }

  /**
   * Closes everything owned, most recently owned first, and forgets it. Safe to call more than
   * once; objects owned after a close are closed by the next one.
   */
  @Override
  public void close() {
    while (!owned.isEmpty()) {
      owned.pop().close();
    }
  }

  /**
   * The reason RocksDB gave for {@code e}, led by its status code, which the exception's message
   * leaves out: {@code "Corruption: <message>"}, {@code "IOError: <message>"}. Just the message if
   * {@code e} carries no status.
   */
  public static String describe(RocksDBException e) {
    Status status = e.getStatus();
    return status == null ? e.getMessage() : status.getCode() + ": " + e.getMessage();
  }
}
