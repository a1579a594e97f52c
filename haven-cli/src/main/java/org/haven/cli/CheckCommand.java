package org.haven.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.haven.card.CardClaims;
import org.haven.card.CredentialCodec;
import org.haven.card.CredentialProblem;
import org.haven.card.CredentialRead;
import org.haven.card.border.BorderCheck;
import org.haven.card.border.BorderDecision;
import org.haven.card.border.BorderPost;
import org.haven.card.border.ChildComparison;
import org.haven.card.border.CompanionDocument;
import org.haven.card.border.CrossingRecord;
import org.haven.card.border.Direction;
import org.haven.card.border.OfflineQueue;
import org.haven.card.border.Presentation;
import org.haven.card.border.SignedCrossing;
import org.haven.card.bundle.VerifierBundle;
import org.haven.card.qr.QrCodes;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.tx.TxSigner;
import org.haven.node.ConfigException;
import org.haven.node.auth.OfficerCredential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The border check, fully offline: reads the card (and a consent) against the device's bundle,
 * decides, shows the decision, and queues the check for {@code haven sync} as a ledger transaction
 * the officer signs here, on the device, so that it stays theirs whoever uploads it.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a child at the border, offline, with the device's verifier bundle.",
      "Shows PASS, SECONDARY_INSPECTION or ALERT with the reasons, and queues the check, signed"
          + " with your key, for 'haven sync'. Your password comes from $HAVEN_PASSWORD, else the"
          + " terminal."
    })
final class CheckCommand implements Callable<Integer> {
  @Mixin BundleCommand.DeviceOption device;

  @Option(
      names = "--qr",
      required = true,
      paramLabel = "FILE-OR-TEXT",
      description = "The card's QR: its text (HV1:...), a file holding it, or a photo or scan.")
  String qr;

  @Option(
      names = "--consent",
      paramLabel = "FILE-OR-TEXT",
      description = "A travel consent's QR, in the same forms as --qr.")
  String consent;

  @Option(
      names = "--companion",
      required = true,
      paramLabel = "TYPE:NUMBER:CC",
      description = "The accompanying adult's document, e.g. PASSPORT:AK0042117:UG.")
  String companion;

  @Option(
      names = "--direction",
      required = true,
      paramLabel = "DIRECTION",
      description = "EXIT or ENTRY.")
  Direction direction;

  @Option(
      names = "--destination",
      paramLabel = "CC",
      description = "For an exit: the country the child travels to.")
  String destination;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "ID",
      description = "This checkpoint's id, e.g. KE-NAMANGA.")
  String checkpoint;

  @Option(
      names = "--country",
      required = true,
      paramLabel = "CC",
      description = "The checkpoint's country.")
  String country;

  @Option(
      names = "--zone",
      defaultValue = "UTC",
      paramLabel = "ZONE",
      description = "The checkpoint's time zone, for consent dates (default: ${DEFAULT-VALUE}).")
  ZoneId zone;

  @Option(
      names = "--max-bundle-age",
      defaultValue = "P7D",
      paramLabel = "DURATION",
      description =
          "How old the bundle may be before a PASS becomes secondary inspection, ISO 8601"
              + " (default: ${DEFAULT-VALUE}).")
  Duration maxBundleAge;

  @Option(
      names = "--child-matches",
      paramLabel = "yes|no",
      description =
          "Whether the child matches the card's photo, names and age. Without it you are asked on"
              + " the terminal once the card is shown; with no terminal, a genuine card is not"
              + " checked until you say.")
  String childMatches;

  @Option(names = "--no-queue", description = "Decide only; record nothing (for training).")
  boolean noQueue;

  @Option(
      names = "--online",
      description =
          "Also put the check on the ledger at once, in your saved session; if the node cannot"
              + " be reached the check stays queued for 'haven sync'.")
  boolean online;

  @Mixin NodeOptions node;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "A file holding your password, to sign the check (default: $HAVEN_PASSWORD, else the"
              + " terminal).")
  Path passwordFile;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    BorderDevice border = new BorderDevice(device.dir);
    VerifierBundle bundle =
        BundleCommand.keep(() -> border.bundles().current())
            .orElseThrow(
                () ->
                    new ConfigException(
                        "No bundle on this device yet: run 'haven bundle export --dir "
                            + device.dir
                            + "' while online."));
    BorderPost post = new BorderPost(checkpoint, jurisdiction(country, "--country"), zone);
    Instant now = Instant.now();
    CredentialRead<CardClaims> card =
        scanned(qr)
            .map(text -> CredentialCodec.readCard(text, bundle, now))
            .orElseGet(() -> unreadable());
    CompanionDocument document = companion();
    Presentation presentation =
        direction == Direction.EXIT
            ? Presentation.exit(card, document, destination())
            : Presentation.entry(card, document);
    Optional<String> consentText = consent == null ? Optional.empty() : scanned(consent);
    if (consent != null) {
      presentation =
          presentation.withConsent(
              consentText
                  .map(text -> CredentialCodec.readConsent(text, bundle, now))
                  .orElseGet(CheckCommand::unreadable));
    }
    PrintWriter out = spec.commandLine().getOut();
    CardHolderText.print(
        out, card, presentation.consent(), document, LocalDate.ofInstant(now, zone));
    presentation = presentation.withComparison(comparison(card, out));
    BorderDecision decision = new BorderCheck(bundle, post, maxBundleAge).decide(presentation, now);
    print(decision);
    if (!noQueue) {
      queue(border, decision, consentText);
    }
    return 0;
  }

  /**
   * What the officer says of the child against a genuine card: from {@code --child-matches}, else
   * asked on the terminal. Nothing is decided or recorded before they say.
   */
  private ChildComparison comparison(CredentialRead<CardClaims> card, PrintWriter out) {
    if (childMatches != null) {
      return switch (childMatches.strip().toLowerCase(Locale.ROOT)) {
        case "yes" -> ChildComparison.MATCHES;
        case "no" -> ChildComparison.DOES_NOT_MATCH;
        default ->
            throw new ConfigException(
                "--child-matches must be yes or no, not '"
                    + childMatches
                    + "'; nothing was checked or recorded");
      };
    }
    if (!(card instanceof CredentialRead.Valid<CardClaims>)) {
      return ChildComparison.NOT_MADE;
    }
    Console console = System.console();
    if (console == null) {
      throw new ConfigException(
          "say whether the child matches the card shown above with --child-matches yes or"
              + " --child-matches no; nothing was checked or recorded");
    }
    out.flush();
    for (; ; ) {
      String answer = console.readLine("Does the child match the card? [yes/no] ");
      if (answer == null) {
        throw new ConfigException("no answer given; nothing was checked or recorded");
      }
      switch (answer.strip().toLowerCase(Locale.ROOT)) {
        case "yes", "y":
          return ChildComparison.MATCHES;
        case "no", "n":
          return ChildComparison.DOES_NOT_MATCH;
        default:
          out.println("Answer yes or no.");
          out.flush();
      }
    }
  }

  private void queue(BorderDevice border, BorderDecision decision, Optional<String> consentText)
      throws IOException {
    OfficerCredential credential = border.credential();
    Ed25519PrivateKey key = unlock(credential, passwordFile);
    PrintWriter out = spec.commandLine().getOut();
    try (OfflineQueue queue = border.queue()) {
      queue.append(
          SignedCrossing.sign(
              CrossingRecord.of(decision, Optional.empty(), consentText),
              new TxSigner(credential.officer(), key),
              border.chainId()));
      if (online) {
        try {
          SyncCommand.upload(node.client(), queue);
          out.println("Recorded on the ledger.");
        } catch (NodeException | ConfigException e) {
          out.println("Not recorded on the ledger yet (" + e.getMessage() + "); it stays queued.");
        }
      }
      out.printf("%d check(s) on this device await 'haven sync'.%n", queue.pending().size());
    }
  }

  private static Ed25519PrivateKey unlock(OfficerCredential credential, Path passwordFile) {
    char[] password =
        Passwords.existing(passwordFile, "HAVEN_PASSWORD", credential.officer().value())
            .toCharArray();
    try {
      return credential
          .unlock(password)
          .orElseThrow(() -> new ConfigException("wrong password; the check was not recorded"));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private void print(BorderDecision decision) {
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println("  " + decision.outcome().name().replace('_', ' '));
    out.println();
    out.println(decision.sentence());
    decision.contactPoint().ifPresent(contact -> out.println("Contact: " + contact));
    out.println(
        "Reasons: " + String.join(", ", decision.reasons().stream().map(Enum::name).toList()));
    out.printf(
        "Bundle version %d, %d hour(s) old.%n",
        decision.bundleVersion(), decision.bundleAge().toHours());
  }

  /** The text of a QR given as text, as a file holding the text, or as an image. */
  private static Optional<String> scanned(String given) {
    if (given.startsWith(CredentialCodec.PREFIX)) {
      return Optional.of(given.strip());
    }
    Path file = Path.of(given);
    if (!Files.isRegularFile(file)) {
      return Optional.of(given.strip());
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
        return QrCodes.read(bytes);
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
    }
  }

  private static <T> CredentialRead<T> unreadable() {
    return new CredentialRead.Invalid<>(
        CredentialProblem.UNREADABLE_IMAGE,
        "No QR code could be read from the image: scan again, closer and flatter.");
  }

  private CompanionDocument companion() {
    String[] parts = companion.split(":", 3);
    if (parts.length != 3) {
      throw new ConfigException(
          "--companion must be TYPE:NUMBER:COUNTRY, for example PASSPORT:AK0042117:UG");
    }
    try {
      return new CompanionDocument(
          parts[0].strip().toUpperCase(Locale.ROOT),
          parts[1].strip(),
          jurisdiction(parts[2].strip().toUpperCase(Locale.ROOT), "--companion"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--companion: " + e.getMessage());
    }
  }

  private Jurisdiction destination() {
    if (destination == null) {
      throw new ConfigException("an exit needs --destination, the country the child travels to");
    }
    return jurisdiction(destination.toUpperCase(Locale.ROOT), "--destination");
  }

  private static Jurisdiction jurisdiction(String code, String option) {
    try {
      return new Jurisdiction(code);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(option + ": " + e.getMessage());
    }
  }
}
