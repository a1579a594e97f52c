package org.haven.card.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;
import org.haven.card.CardClaims;
import org.haven.core.crypto.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineQueueTest {

  @TempDir Path directory;

  private static List<SignedCrossing> crossings(int count, long seed) {
    Random random = new Random(seed);
    return IntStream.range(0, count)
        .mapToObj(i -> CrossingRecordTest.randomSigned(random))
        .toList();
  }

  private static List<Hash> ids(List<SignedCrossing> crossings) {
    return crossings.stream().map(SignedCrossing::id).toList();
  }

  private Path queueFile() {
    return directory.resolve(OfflineQueue.QUEUE_FILE);
  }

  @Test
  void appended_recordsArePendingInOrder_afterReopening() throws IOException {
    List<SignedCrossing> crossings = crossings(5, 1);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      for (SignedCrossing crossing : crossings) {
        assertThat(queue.append(crossing)).isEqualTo(crossing.id());
      }
    }

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThat(queue.pending()).containsExactlyElementsOf(crossings);
      assertThat(queue.recoveries()).isEmpty();
      assertThat(queue.pending())
          .allMatch(
              c ->
                  c.transaction()
                      .signatureValid(
                          CrossingRecordTest.CHAIN,
                          c.transaction().endorsements().get(0),
                          CrossingRecordTest.OFFICER_KEY.publicKey()));
    }
  }

  @Test
  void append_theSameRecordTwice_keepsItOnce() throws IOException {
    SignedCrossing crossing = crossings(1, 2).get(0);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      queue.append(crossing);
      long size = Files.size(queueFile());
      queue.append(crossing);

      assertThat(queue.size()).isEqualTo(1);
      assertThat(Files.size(queueFile())).isEqualTo(size);
    }
  }

  @Test
  void markUploaded_removesRecordsFromPending_durably() throws IOException {
    List<SignedCrossing> crossings = crossings(4, 3);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      for (SignedCrossing crossing : crossings) {
        queue.append(crossing);
      }
      queue.markUploaded(List.of(crossings.get(0).id(), crossings.get(2).id(), Hash.EMPTY));
    }

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThat(queue.pending()).containsExactly(crossings.get(1), crossings.get(3));
      assertThat(queue.size()).isEqualTo(4);
    }
  }

  @Test
  void sync_uploadsInBatches_andResumesAfterAFailure() throws IOException {
    List<SignedCrossing> crossings = crossings(7, 4);
    Map<Hash, SignedCrossing> ledger = new HashMap<>();
    List<Integer> batches = new ArrayList<>();
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      for (SignedCrossing crossing : crossings) {
        queue.append(crossing);
      }
      OfflineQueue.Uploader failsOnTheSecondBatch =
          batch -> {
            if (batches.size() == 1) {
              batches.add(-1);
              throw new IOException("network down");
            }
            batches.add(batch.size());
            batch.forEach(c -> ledger.put(c.id(), c));
          };

      assertThatThrownBy(() -> queue.sync(failsOnTheSecondBatch, 3)).hasMessage("network down");
      assertThat(queue.pending()).containsExactlyElementsOf(crossings.subList(3, 7));
    }

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      int uploaded = queue.sync(batch -> batch.forEach(c -> ledger.put(c.id(), c)), 3);

      assertThat(uploaded).isEqualTo(4);
      assertThat(queue.pending()).isEmpty();
      assertThat(ledger.keySet()).containsExactlyInAnyOrderElementsOf(ids(crossings));
    }
  }

  @Test
  void uploadRepeatedAfterACrashBeforeMarking_countsEachRecordOnce() throws IOException {
    List<SignedCrossing> crossings = crossings(3, 5);
    Map<Hash, SignedCrossing> ledger = new HashMap<>();
    List<SignedCrossing> received = new ArrayList<>();
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      for (SignedCrossing crossing : crossings) {
        queue.append(crossing);
      }
      received.addAll(queue.pending());
      queue.pending().forEach(c -> ledger.put(c.id(), c));
    }

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      queue.sync(
          batch -> {
            received.addAll(batch);
            batch.forEach(c -> ledger.put(c.id(), c));
          },
          10);
    }

    assertThat(received).hasSize(6);
    assertThat(ledger).hasSize(3);
  }

  @Test
  void crashCuttingTheLastEntryAtAnyByte_dropsOnlyThatEntry() throws IOException {
    List<SignedCrossing> crossings = crossings(4, 6);
    long beforeLast;
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      for (SignedCrossing crossing : crossings.subList(0, 3)) {
        queue.append(crossing);
      }
      beforeLast = Files.size(queueFile());
      queue.append(crossings.get(3));
    }
    byte[] whole = Files.readAllBytes(queueFile());

    for (long cut = beforeLast; cut < whole.length; cut++) {
      Path crashed = Files.createDirectories(directory.resolve("crash-" + cut));
      Files.write(crashed.resolve(OfflineQueue.QUEUE_FILE), Arrays.copyOf(whole, (int) cut));

      try (OfflineQueue queue = OfflineQueue.open(crashed)) {
        assertThat(queue.pending())
            .as("cut at %d", cut)
            .containsExactlyElementsOf(crossings.subList(0, 3));
        if (cut > beforeLast) {
          assertThat(queue.recoveries())
              .as("cut at %d", cut)
              .containsExactly(
                  new OfflineQueue.Recovery(
                      OfflineQueue.QUEUE_FILE,
                      beforeLast,
                      cut - beforeLast,
                      Optional.of(
                          crashed.resolve(OfflineQueue.QUEUE_FILE + ".dropped-at-" + beforeLast))));
        } else {
          assertThat(queue.recoveries()).isEmpty();
        }
        queue.append(crossings.get(3));
      }
      try (OfflineQueue queue = OfflineQueue.open(crashed)) {
        assertThat(queue.pending()).as("cut at %d", cut).containsExactlyElementsOf(crossings);
        assertThat(queue.recoveries()).isEmpty();
      }
    }
  }

  @Test
  void crashLeavingZeroesAfterTheLastEntry_dropsThem() throws IOException {
    List<SignedCrossing> crossings = crossings(2, 7);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      crossings.forEach(c -> append(queue, c));
    }
    long size = Files.size(queueFile());
    Files.write(queueFile(), new byte[100], StandardOpenOption.APPEND);

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThat(queue.pending()).containsExactlyElementsOf(crossings);
      assertThat(queue.recoveries())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.keptBytes()).isEqualTo(size);
                assertThat(r.droppedBytes()).isEqualTo(100);
              });
    }
  }

  @Test
  void damageBeforeTheLastEntry_isRefused_andLeavesTheFileAlone() throws IOException {
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      crossings(3, 8).forEach(c -> append(queue, c));
    }
    byte[] whole = Files.readAllBytes(queueFile());
    whole[OfflineQueue.MAGIC.length + 10] ^= 1;
    Files.write(queueFile(), whole);

    assertThatThrownBy(() -> OfflineQueue.open(directory))
        .isInstanceOfSatisfying(
            QueueCorruptedException.class,
            e -> assertThat(e.offset()).isEqualTo(OfflineQueue.MAGIC.length))
        .hasMessageContaining("fails its checksum");
    assertThat(Files.readAllBytes(queueFile())).isEqualTo(whole);
  }

  @Test
  void anImpossibleLengthBeforeTheEnd_isRefused() throws IOException {
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      crossings(2, 9).forEach(c -> append(queue, c));
    }
    byte[] whole = Files.readAllBytes(queueFile());
    whole[OfflineQueue.MAGIC.length] = (byte) 0x7f;
    Files.write(queueFile(), whole);

    assertThatThrownBy(() -> OfflineQueue.open(directory))
        .isInstanceOf(QueueCorruptedException.class)
        .hasMessageContaining("impossible length");
  }

  @Test
  void aFileThatIsNotAQueue_isRefused() throws IOException {
    Files.writeString(queueFile(), "not a crossing queue at all");

    assertThatThrownBy(() -> OfflineQueue.open(directory))
        .isInstanceOf(QueueCorruptedException.class)
        .hasMessageContaining("not a crossing queue");
  }

  @Test
  void crashWhileCreatingTheFile_isRepaired() throws IOException {
    Files.write(queueFile(), Arrays.copyOf(OfflineQueue.MAGIC, 3));

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThat(queue.size()).isZero();
      queue.append(crossings(1, 10).get(0));
    }

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThat(queue.size()).isEqualTo(1);
    }
  }

  @Test
  void crashCuttingAnUploadedId_dropsThatIdOnly() throws IOException {
    List<SignedCrossing> crossings = crossings(3, 11);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      crossings.forEach(c -> append(queue, c));
      queue.markUploaded(ids(crossings.subList(0, 2)));
    }
    Path uploaded = directory.resolve(OfflineQueue.UPLOADED_FILE);
    try (FileChannel channel = FileChannel.open(uploaded, StandardOpenOption.WRITE)) {
      channel.truncate(Hash.SIZE + 7);
    }

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThat(queue.pending()).containsExactlyElementsOf(crossings.subList(1, 3));
      assertThat(queue.recoveries())
          .singleElement()
          .satisfies(r -> assertThat(r.file()).isEqualTo(OfflineQueue.UPLOADED_FILE));
    }
  }

  @Test
  void compact_dropsUploadedRecords_andKeepsPendingOnes() throws IOException {
    List<SignedCrossing> crossings = crossings(5, 12);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      crossings.forEach(c -> append(queue, c));
      queue.markUploaded(ids(crossings.subList(0, 3)));
      long before = Files.size(queueFile());

      queue.compact();

      assertThat(Files.size(queueFile())).isLessThan(before);
      assertThat(Files.size(directory.resolve(OfflineQueue.UPLOADED_FILE))).isZero();
      assertThat(queue.size()).isEqualTo(2);
      queue.append(crossings(1, 13).get(0));
    }

    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThat(queue.pending())
          .containsExactly(crossings.get(3), crossings.get(4), crossings(1, 13).get(0));
    }
  }

  @Test
  void queueFile_isMagicThenLengthPrefixedEntriesWithCrc32c() throws IOException {
    SignedCrossing crossing = crossings(1, 14).get(0);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      queue.append(crossing);
    }
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(queueFile()));
    byte[] magic = new byte[8];
    file.get(magic);
    int length = file.getInt();
    byte[] body = new byte[length];
    file.get(body);
    CRC32C crc = new CRC32C();
    crc.update(body);

    assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("HVCROSS2");
    assertThat(body).isEqualTo(crossing.encode().toArray());
    assertThat(file.getInt()).isEqualTo((int) crc.getValue());
    assertThat(file.hasRemaining()).isFalse();
  }

  @Test
  void sync_needsABatchOfAtLeastOne() throws IOException {
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      assertThatThrownBy(() -> queue.sync(batch -> {}, 0)).hasMessageContaining("batchSize");
    }
  }

  private static void append(OfflineQueue queue, SignedCrossing crossing) {
    try {
      queue.append(crossing);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void pending_holdsNoNamesOrDocumentNumbers() throws IOException {
    BorderDecision decision =
        BorderFixtures.check()
            .decide(
                Presentation.exit(
                        BorderFixtures.aCard().read(), BorderFixtures.UNCLE, BorderFixtures.UG)
                    .withConsent(BorderFixtures.aConsent().read()),
                BorderFixtures.NOW);
    try (OfflineQueue queue = OfflineQueue.open(directory)) {
      queue.append(
          SignedCrossing.sign(
              CrossingRecord.of(decision, Optional.empty(), Optional.of("HV1:the consent")),
              CrossingRecordTest.SIGNER,
              CrossingRecordTest.CHAIN));
    }
    String file = new String(Files.readAllBytes(queueFile()), StandardCharsets.ISO_8859_1);
    CardClaims card = BorderFixtures.aCard().claims();

    assertThat(file)
        .contains(card.child().toString())
        .doesNotContain(card.givenNames())
        .doesNotContain(card.familyNames())
        .doesNotContain(BorderFixtures.UNCLE.number())
        .doesNotContain("Wanjiku");
  }
}
