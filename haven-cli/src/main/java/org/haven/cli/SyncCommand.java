package org.haven.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.haven.card.border.CrossingRecord;
import org.haven.card.border.OfflineQueue;
import org.haven.card.border.SignedCrossing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Uploads the checks a device made offline. Each goes to the ledger under its record id, so a check
 * already uploaded (a sync cut short, or run twice) is not recorded again.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Upload the border checks queued on a device to the ledger, oldest first.",
      "Safe to repeat: a check already on the ledger counts once."
    })
final class SyncCommand implements Callable<Integer> {
  static final int BATCH = 20;

  @Mixin NodeOptions node;
  @Mixin BundleCommand.DeviceOption device;

  @Override
  public Integer call() throws IOException {
    NodeClient client = node.client();
    try (OfflineQueue queue = new BorderDevice(device.dir).queue()) {
      int waiting = queue.pending().size();
      int uploaded = upload(client, queue);
      node.out()
          .printf(
              "Uploaded %d of %d queued check(s); %d left.%n",
              uploaded, waiting, queue.pending().size());
    }
    return 0;
  }

  /** Uploads every check the queue holds, oldest first; returns how many went up. */
  static int upload(NodeClient client, OfflineQueue queue) throws IOException {
    int uploaded =
        queue.sync(
            batch -> {
              for (SignedCrossing crossing : batch) {
                upload(client, crossing);
              }
            },
            BATCH);
    queue.compact();
    return uploaded;
  }

  private static void upload(NodeClient client, SignedCrossing crossing) throws IOException {
    CrossingRecord record = crossing.record();
    ObjectNode body =
        Json.object()
            .put("recordId", crossing.id().toHex())
            .put("direction", record.direction().name())
            .put("checkpoint", record.checkpointId())
            .put("outcome", record.outcome().name())
            .put("checkedAt", record.checkedAt().toEpochMilli());
    record.child().ifPresent(child -> body.put("childNumber", child.toString()));
    record.consentId().ifPresent(id -> body.put("consentId", id.toHex()));
    record.reasons().forEach(reason -> body.withArray("reasons").add(reason.name()));
    try {
      client.post(NodeClient.Route.of("crossings"), body);
    } catch (NodeProblemException e) {
      if (!e.reason().filter("DUPLICATE_ID"::equals).isPresent()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading", e);
    }
  }
}
