package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.haven.card.CredentialCodec;
import org.haven.card.qr.QrCodes;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.InvalidChildNumberException;
import org.haven.node.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Children's ID cards. */
@Command(
    name = "card",
    mixinStandardHelpOptions = true,
    description =
        "Issue a registered child's ID card (the signed QR and a printable PDF), list the cards"
            + " the ledger recorded for a child, or revoke one card.",
    subcommands = {
      CardCommand.Issue.class,
      CardCommand.ListCards.class,
      CardCommand.Revoke.class,
      CardCommand.Render.class
    })
final class CardCommand {
  private CardCommand() {}

  @Command(
      name = "issue",
      aliases = "pdf",
      mixinStandardHelpOptions = true,
      description = {
        "Issue the card of a registered child: writes NUMBER.qr.txt (the QR's text), NUMBER.png"
            + " (the QR), NUMBER.pdf (the ID-1 card to print) and NUMBER.sd-jwt (an SD-JWT VC).",
        "Only a registrar of the child's jurisdiction at the organisation holding its data may."
            + " The card is recorded on the ledger by its hash, which is printed: keep it to revoke"
            + " the card if it is lost. Reading the child's data for the card is recorded in the"
            + " access log."
      })
  static final class Issue implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin IdempotencyKeyOption idempotencyKey;

    @Parameters(paramLabel = "NUMBER", description = "The child number.")
    String number;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = ".",
        description = "Where to write the files (default: the current directory).")
    Path out;

    @Override
    public Integer call() throws InterruptedException, IOException {
      ChildNumber requested = childNumber(number);
      JsonNode card =
          idempotencyKey
              .applyTo(node.client())
              .post(NodeClient.Route.of("children", requested.toString(), "card"), Json.object());
      String child = answeredChild(card, requested).toString();
      Files.createDirectories(out);
      Base64.Decoder base64 = Base64.getDecoder();
      Path qr = Files.writeString(out.resolve(child + ".qr.txt"), card.get("qr").asText() + "\n");
      Path png =
          Files.write(out.resolve(child + ".png"), base64.decode(card.get("qrPng").asText()));
      Path pdf = Files.write(out.resolve(child + ".pdf"), base64.decode(card.get("pdf").asText()));
      Path sdJwt = Files.writeString(out.resolve(child + ".sd-jwt"), card.get("sdJwt").asText());
      node.print(
          card,
          text -> {
            PrintWriter printed = text;
            printed.println("Card issued for child " + child + ":");
            printed.println("  " + qr);
            printed.println("  " + png);
            printed.println("  " + pdf);
            printed.println("  " + sdJwt + " (the same card as an SD-JWT VC, for wallets)");
            printed.println("Recorded on the ledger as card " + card.get("cardHash").asText());
          });
      return 0;
    }

    /**
     * The child number the node answered, used in file names only once it is a valid child number
     * (11 digits with a good Verhoeff check digit) and the one asked for: a node's answer must not
     * choose where files go.
     */
    private static ChildNumber answeredChild(JsonNode card, ChildNumber requested) {
      String answered = card.path("childNumber").asText("");
      ChildNumber child;
      try {
        child = ChildNumber.parse(answered);
      } catch (InvalidChildNumberException e) {
        throw new NodeException(
            "The node answered a card for '"
                + answered
                + "', which is not a child number; no file was written.");
      }
      if (!child.equals(requested)) {
        throw new NodeException(
            "The node answered a card for child "
                + child
                + " when "
                + requested
                + " was asked for; no file was written.");
      }
      return child;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the cards the ledger recorded for a child, by hash, and whether each is revoked."
              + " For a registrar of the child's jurisdiction at the organisation holding its data.")
  static final class ListCards implements Callable<Integer> {
    @Mixin NodeOptions node;

    @Parameters(paramLabel = "NUMBER", description = "The child number.")
    String number;

    @Override
    public Integer call() throws InterruptedException {
      JsonNode cards =
          node.client()
              .get(NodeClient.Route.of("children", childNumber(number).toString(), "cards"));
      node.print(
          cards,
          text -> {
            if (cards.get("items").isEmpty()) {
              text.println("No card was recorded for child " + cards.get("childNumber").asText());
            }
            cards
                .get("items")
                .forEach(
                    card ->
                        text.println(
                            card.get("cardHash").asText()
                                + (card.get("revoked").asBoolean() ? "  REVOKED" : "  in force")));
          });
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke one card of a child, for example reported lost or stolen. The child's record stays"
            + " in force and a new card can be issued; verifier bundles list the revoked card and"
            + " border checks send it to secondary inspection.",
        "Name the card by its hash (see 'haven card list') or by its QR text file."
      })
  static final class Revoke implements Callable<Integer> {
    @Mixin NodeOptions node;
    @Mixin IdempotencyKeyOption idempotencyKey;

    @Parameters(paramLabel = "NUMBER", description = "The child number.")
    String number;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Card card;

    static final class Card {
      @Option(names = "--card-hash", paramLabel = "HEX", description = "The card's hash.")
      String hash;

      @Option(
          names = "--qr",
          paramLabel = "FILE",
          description = "A file holding the card's QR text.")
      Path qr;
    }

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why, for example 'reported lost by the mother'.")
    String reason;

    @Override
    public Integer call() throws InterruptedException, IOException {
      ChildNumber child = childNumber(number);
      String hash = card.hash != null ? card.hash.strip() : hashOf(card.qr);
      JsonNode answer =
          idempotencyKey
              .applyTo(node.client())
              .post(
                  NodeClient.Route.of("children", child.toString(), "cards", hash, "revocation"),
                  Json.object().put("reason", reason));
      node.print(
          answer,
          text ->
              text.println(
                  "Card "
                      + answer.get("cardHash").asText()
                      + " of child "
                      + answer.get("childNumber").asText()
                      + " is revoked."));
      return 0;
    }

    private static String hashOf(Path qr) throws IOException {
      try {
        return CredentialCodec.signedHash(Files.readString(qr).strip()).toHex();
      } catch (IllegalArgumentException e) {
        throw new ConfigException(qr + " does not hold a card's QR text: " + e.getMessage());
      }
    }
  }

  /**
   * @throws ConfigException naming what is wrong with the number, before anything is sent
   */
  static ChildNumber childNumber(String number) {
    try {
      return ChildNumber.parse(number);
    } catch (InvalidChildNumberException e) {
      throw new ConfigException("NUMBER: " + e.getMessage());
    }
  }

  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      description =
          "Render a credential's QR text (a card's or a consent's, HV1:...) as a PNG, offline.")
  static final class Render implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--qr",
        required = true,
        paramLabel = "FILE",
        description = "A file holding the QR text.")
    Path qr;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The PNG to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      String text = Files.readString(qr).strip();
      if (!text.startsWith(CredentialCodec.PREFIX)) {
        throw new ConfigException(
            qr
                + " does not hold a Haven credential (it must start with "
                + CredentialCodec.PREFIX
                + ")");
      }
      Files.write(out, QrCodes.png(text));
      spec.commandLine().getOut().println("Wrote " + out);
      return 0;
    }
  }
}
