package org.haven.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.CanonicalReader;
import org.haven.core.codec.CanonicalWriter;
import org.haven.core.codec.DecodeException;

/**
 * What the declaring organisation keeps about a declaration beside the child's personal data: the
 * witnesses of a late declaration, and the registrar's requests for information with the field
 * agent's answers. It is sealed in the child's vault record with the data, so erasing the child
 * erases it too, but it is not part of the ledger's commitment: an answer changes no record.
 *
 * @param witnesses at most {@value #MAX_WITNESSES}, in the order the declaration gave them
 * @param requests at most {@value #MAX_REQUESTS}, oldest first; only the newest may be open
 */
public record DeclarationFile(List<Witness> witnesses, List<InformationRequest> requests) {
  public static final int MAX_WITNESSES = 2;
  public static final int MAX_REQUESTS = 10;

  /** A declaration with no witnesses and no requests. */
  public static final DeclarationFile EMPTY = new DeclarationFile(List.of(), List.of());

  /** The first byte of the encoding; a new layout takes a new version. */
  static final int FORMAT_VERSION = 1;

  /**
   * @throws IllegalArgumentException if there are too many witnesses or requests, or a request
   *     other than the newest is still open
   */
  public DeclarationFile {
    witnesses = List.copyOf(witnesses);
    requests = List.copyOf(requests);
    if (witnesses.size() > MAX_WITNESSES) {
      throw new IllegalArgumentException("witnesses: at most " + MAX_WITNESSES);
    }
    if (requests.size() > MAX_REQUESTS) {
      throw new IllegalArgumentException(
          "requests: at most " + MAX_REQUESTS + " requests for information per declaration");
    }
    for (int i = 0; i < requests.size() - 1; i++) {
      if (requests.get(i).open()) {
        throw new IllegalArgumentException("requests: only the newest request may be open");
      }
    }
  }

  /** A declaration's file with its witnesses only. */
  public static DeclarationFile withWitnesses(List<Witness> witnesses) {
    return new DeclarationFile(witnesses, List.of());
  }

  public boolean isEmpty() {
    return witnesses.isEmpty() && requests.isEmpty();
  }

  /** The newest request if it waits for its answer. */
  public Optional<InformationRequest> openRequest() {
    return requests.isEmpty()
        ? Optional.empty()
        : Optional.of(requests.get(requests.size() - 1)).filter(InformationRequest::open);
  }

  /**
   * This file with {@code request} added as the newest.
   *
   * @throws IllegalArgumentException if a request is still open or the file holds the most
   */
  public DeclarationFile asking(InformationRequest request) {
    if (openRequest().isPresent()) {
      throw new IllegalArgumentException(
          "question: the last request for information has no answer yet; wait for it");
    }
    List<InformationRequest> more = new ArrayList<>(requests);
    more.add(request);
    return new DeclarationFile(witnesses, more);
  }

  /**
   * This file with the open request answered.
   *
   * @throws IllegalArgumentException if no request is open
   */
  public DeclarationFile answering(InformationRequest.Answer answer) {
    InformationRequest open =
        openRequest()
            .orElseThrow(
                () -> new IllegalArgumentException("answer: no request for information is open"));
    List<InformationRequest> answered = new ArrayList<>(requests);
    answered.set(answered.size() - 1, open.answered(answer));
    return new DeclarationFile(witnesses, answered);
  }

  /**
   * The canonical encoding:
   *
   * <pre>
   * u8 version(1) || list(witness) || list(request)
   * witness = string(names) || string(relationship) || string(documentNumber) || string(statement)
   * request = string(askedBy) || u64 askedAtMillis || string(question) || bool answered
   *           [|| string(answeredBy) || u64 answeredAtMillis || string(answer)
   *            || bool hasCorrection [|| string(field) || string(value)]
   *            || bool hasDocument [|| bytes(image)]]
   * </pre>
   */
  public Bytes encode() {
    return new CanonicalWriter()
        .u8(FORMAT_VERSION)
        .list(witnesses, (out, witness) -> witness.writeTo(out))
        .list(requests, (out, request) -> request.writeTo(out))
        .toBytes();
  }

  /**
   * Reads what {@link #encode()} wrote.
   *
   * @throws DecodeException naming the field, never quoting its value, if {@code encoded} is not
   *     exactly the canonical encoding of a valid file
   */
  public static DeclarationFile decode(Bytes encoded) throws DecodeException {
    CanonicalReader in = CanonicalReader.of(encoded);
    int version = in.u8("version");
    if (version != FORMAT_VERSION) {
      throw new DecodeException(0, "version: unsupported declaration file version " + version);
    }
    List<Witness> witnesses = in.list("witnesses", MAX_WITNESSES, Witness::readFrom);
    List<InformationRequest> requests =
        in.list("requests", MAX_REQUESTS, InformationRequest::readFrom);
    in.finish();
    DeclarationFile file;
    try {
      file = new DeclarationFile(witnesses, requests);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(0, e.getMessage());
    }
    if (!file.encode().equals(encoded)) {
      throw new DecodeException(0, "declaration file: not in canonical form");
    }
    return file;
  }

  /** Says only how many witnesses and requests there are: everything else is personal data. */
  @Override
  public String toString() {
    return "DeclarationFile[redacted, "
        + witnesses.size()
        + " witnesses, "
        + requests.size()
        + " requests]";
  }
}
