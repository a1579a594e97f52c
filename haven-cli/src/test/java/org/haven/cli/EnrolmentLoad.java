package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.haven.core.tx.Transaction;

/**
 * Clients that submit prepared transactions to a node, one after another each, until the node stops
 * answering or none are left. Only a 200 is an acknowledgement; a 503 (busy, or stopping) is
 * allowed, and anything else is recorded as unexpected.
 */
final class EnrolmentLoad implements AutoCloseable {
  private final Queue<Transaction> prepared;
  private final Map<Transaction, Long> acknowledged = new ConcurrentHashMap<>();
  private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
  private final CountDownLatch first;
  private final ExecutorService clients;
  private final List<Future<?>> running = new ArrayList<>();

  /**
   * Starts {@code clients} clients submitting {@code prepared} to {@code http}.
   *
   * @param awaited how many acknowledgements {@link #awaitAcknowledged} waits for
   */
  EnrolmentLoad(NodeHttp http, Collection<Transaction> prepared, int clients, int awaited) {
    this.prepared = new ConcurrentLinkedQueue<>(prepared);
    this.first = new CountDownLatch(awaited);
    this.clients = Executors.newFixedThreadPool(clients);
    for (int i = 0; i < clients; i++) {
      running.add(this.clients.submit(() -> submitUntilTheNodeStops(http)));
    }
  }

  /** Waits for the number of acknowledgements given at the start; false if they did not come. */
  boolean awaitAcknowledged(Duration patience) throws InterruptedException {
    return first.await(patience.toSeconds(), TimeUnit.SECONDS);
  }

  /** Waits for every client to finish: the node stopped answering, or nothing is left to send. */
  void awaitEnd(Duration patience) throws Exception {
    for (Future<?> client : running) {
      client.get(patience.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Each acknowledged transaction's log index. */
  Map<Transaction, Long> acknowledged() {
    return acknowledged;
  }

  /** Answers that were neither an acknowledgement nor a 503. */
  Queue<String> unexpected() {
    return unexpected;
  }

  private void submitUntilTheNodeStops(NodeHttp http) {
    Transaction tx;
    while ((tx = prepared.poll()) != null) {
      HttpResponse<String> response;
      try {
        response = http.submit(tx);
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (response.statusCode() == 200) {
        try {
          JsonNode receipt = NodeHttp.json(response);
          if (!receipt.get("id").asText().equals(tx.id().toHex())) {
            unexpected.add("receipt for another transaction: " + response.body());
          }
          acknowledged.put(tx, receipt.get("logIndex").asLong());
          first.countDown();
        } catch (IOException e) {
          unexpected.add("unreadable receipt: " + response.body());
        }
      } else if (response.statusCode() != 503) {
        unexpected.add(response.statusCode() + " " + response.body());
      }
    }
  }

  @Override
  public void close() {
    clients.shutdownNow();
    try {
      clients.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
