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
import org.haven.node.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Children's ID cards. */
@Command(
    name = "card",
    mixinStandardHelpOptions = true,
    description = "Issue a registered child's ID card: the signed QR and a printable PDF.",
    subcommands = {CardCommand.Issue.class, CardCommand.Render.class})
final class CardCommand {
  private CardCommand() {}

  @Command(
      name = "issue",
      aliases = "pdf",
      mixinStandardHelpOptions = true,
      description = {
        "Issue the card of a registered child: writes NUMBER.qr.txt (the QR's text), NUMBER.png"
            + " (the QR), NUMBER.pdf (the ID-1 card to print) and NUMBER.sd-jwt (an SD-JWT VC).",
        "Reading the child's data for the card is recorded in the access log."
      })
  static final class Issue implements Callable<Integer> {
    @Mixin NodeOptions node;

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
      JsonNode card =
          node.client()
              .post(NodeClient.Route.of("children", number.strip(), "card"), Json.object());
      String child = card.get("childNumber").asText();
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
          });
      return 0;
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
