package org.haven.core.tx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;
import org.haven.core.registry.AccessEntry;
import org.haven.core.registry.ChildRecord;
import org.haven.core.registry.ChildStatus;
import org.haven.core.registry.RegistryCodec;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.text.BoundedText;

/**
 * Records reads of children's personal data by the acting officer, with the purpose each read was
 * made for. A node batches its officers' reads into one transaction per officer, so that reads stay
 * fast and every one of them is on the ledger. The ledger refuses a read that the officer was not
 * allowed to make ({@code READ_PERSONAL_DATA}; {@code READ_ALERT_NOTICE} for an open alert's
 * description and photo, which a border officer may read only while the child's alert is open, that
 * is when their check of the child is an ALERT; or, for a declaration awaiting information, {@code
 * ANSWER_INFORMATION_REQUEST}), so a node cannot quietly record reads it should have refused.
 */
public record RecordAccess(List<Read> reads) implements Payload {
  /** The most reads one transaction records. */
  public static final int MAX_READS = 500;

  /** One read: which child, for what purpose. */
  public record Read(ChildNumber child, String purpose) {
    public Read {
      Objects.requireNonNull(child, "child");
      BoundedText.require("purpose", purpose);
    }
  }

  public RecordAccess {
    reads = List.copyOf(reads);
    if (reads.isEmpty() || reads.size() > MAX_READS) {
      throw new IllegalArgumentException("reads: 1 to " + MAX_READS + " per transaction");
    }
  }

  static RecordAccess decode(CanonicalReader in) throws DecodeException {
    int at = in.position();
    List<Read> reads =
        in.list(
            "reads",
            MAX_READS,
            r ->
                new Read(
                    RegistryCodec.readChildNumber(r, "child"),
                    BoundedText.read(r, "purpose", BoundedText.MAX_LENGTH)));
    if (reads.isEmpty()) {
      throw new DecodeException(at, "reads: at least one read");
    }
    return new RecordAccess(reads);
  }

  @Override
  public Kind kind() {
    return Kind.RECORD_ACCESS;
  }

  @Override
  public void encode(CanonicalWriter out) {
    out.list(
        reads,
        (w, read) -> {
          RegistryCodec.writeChildNumber(w, read.child());
          w.string(read.purpose());
        });
  }

  @Override
  public Validation check(TxContext context) {
    for (Read read : reads) {
      Optional<ChildRecord> record = RegistryRules.child(context, read.child());
      if (record.isEmpty()) {
        return RegistryRules.unknownChild(read.child());
      }
      Validation permitted = permitted(context, record.get());
      if (!permitted.isAccepted()) {
        return permitted;
      }
    }
    return Validation.accepted();
  }

  /**
   * {@code READ_PERSONAL_DATA}; or {@code READ_ALERT_NOTICE}: a border officer while the child's
   * alert is open; or, while the ledger says information is requested about the declaration, {@code
   * ANSWER_INFORMATION_REQUEST}: a field agent of the declaring organisation reads the registrar's
   * request (and their own answer). A field agent refused both is told why they may not answer, the
   * nearer rule.
   */
  private static Validation permitted(TxContext context, ChildRecord record) {
    Permissions.Subject subject = Permissions.Subject.child(record, context.state());
    Validation reading = context.permit(Permissions.Action.READ_PERSONAL_DATA, subject);
    if (reading.isAccepted()) {
      return reading;
    }
    Validation notice = context.permit(Permissions.Action.READ_ALERT_NOTICE, subject);
    if (notice.isAccepted()) {
      return notice;
    }
    if (record.status() != ChildStatus.INFO_REQUESTED) {
      // The refusal of the rule that names the officer's role says what they lack.
      return Permissions.Action.READ_PERSONAL_DATA.namesRole(context.actor().role())
          ? reading
          : notice;
    }
    Validation answering = context.permit(Permissions.Action.ANSWER_INFORMATION_REQUEST, subject);
    return answering instanceof Validation.Rejected refused
            && refused.reason() == RejectReason.ROLE_NOT_PERMITTED
        ? reading
        : answering;
  }

  @Override
  public void apply(TxContext context) {
    for (Read read : reads) {
      context
          .state()
          .registry()
          .appendAccess(
              read.child(),
              new AccessEntry(
                  context.actor().id(), read.purpose(), context.body().createdAtMillis()));
    }
  }
}
