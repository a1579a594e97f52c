package org.haven.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.haven.card.border.OfflineQueue;
import org.haven.card.border.SignedCrossing;
import org.haven.node.border.BorderRoutes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Uploads the checks a device made offline, each a ledger transaction its border officer signed on
 * the device. Whoever runs the sync, the node relays them unchanged, and a check already uploaded
 * (a sync cut short, or run twice) is one transaction, so it is not recorded again.
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

  /**
   * Uploads one check exactly as its officer signed it; the node relays it unchanged, so it stays
   * that officer's whoever runs the sync. A check already on the ledger is answered as such.
   */
  private static void upload(NodeClient client, SignedCrossing crossing) throws IOException {
    try {
      client.post(
          NodeClient.Route.of("crossings"),
          crossing.encode().toArray(),
          BorderRoutes.SIGNED_CROSSING_TYPE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading", e);
    }
  }
}
