package org.haven.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.haven.card.CardClaims;
import org.haven.card.CardGuardian;
import org.haven.card.CredentialCodec;
import org.haven.card.DocumentDigest;
import org.haven.card.FaceImage;
import org.haven.card.border.BorderCheck;
import org.haven.card.border.BorderDecision;
import org.haven.card.border.BorderPost;
import org.haven.card.border.CompanionDocument;
import org.haven.card.border.Outcome;
import org.haven.card.border.Presentation;
import org.haven.card.bundle.VerifierBundle;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.Checkpoint;
import org.haven.core.checkpoint.NoteSigner;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.crypto.Signature;
import org.haven.core.identity.Jurisdiction;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.Relationship;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.registry.identity.Sex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Offline border checks per second on one core, beside Ed25519 verifications per second on one core
 * measured in the same run: each check reads a realistic card's QR text (Base45, inflate, COSE
 * signature, CWT claims) against a realistic bundle and decides.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Offline border checks per second on one core, with latency percentiles, beside Ed25519"
          + " verifications per second on one core measured in the same run.",
      "Each check reads a card's QR text (with a face and two guardians) against a bundle of"
          + " 100,000 children's status bits, alerts and consents, and decides."
    })
final class BenchVerifyCommand implements Callable<Integer> {
  private static final Jurisdiction KENYA = new Jurisdiction("KE");
  private static final Jurisdiction UGANDA = new Jurisdiction("UG");

  @Spec CommandSpec spec;

  @Option(
      names = "--rounds",
      defaultValue = "10",
      description =
          "Rounds of one second of verifications and one of checks, interleaved so that a"
              + " busy machine slows both alike (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--cards",
      defaultValue = "1000",
      description = "Distinct cards checked in turn (default: ${DEFAULT-VALUE}).")
  int cards;

  private record Sample(String qr, CompanionDocument companion) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Issuing %,d cards and building a bundle ...%n", cards);
    out.flush();
    Random random = new Random(20261129);
    Instant now = Instant.now();
    OrgId issuer = new OrgId("ke-civil-registry");
    Ed25519PrivateKey issuerKey = key(random);
    Bytes face = FaceImage.thumbnail(portrait(random));
    List<Sample> samples = new ArrayList<>();
    VerifierBundle.Builder bundle = bundle(random, now, issuer, issuerKey);
    for (int i = 0; i < cards; i++) {
      ChildNumber child = ChildNumber.generate(random);
      Bytes salt = bytes(random, CardClaims.SALT_SIZE);
      String mother = Long.toString(20_000_000L + random.nextInt(9_000_000));
      CardClaims card =
          new CardClaims(
              issuer,
              now.minus(Duration.ofDays(30)),
              CardClaims.latestExpiry(now.minus(Duration.ofDays(30))),
              child,
              "Amani Wanjiru",
              "Otieno",
              LocalDate.of(
                  2015 + random.nextInt(8), 1 + random.nextInt(12), 1 + random.nextInt(28)),
              random.nextBoolean() ? Sex.FEMALE : Sex.MALE,
              Optional.of(face),
              List.of(
                  new CardGuardian(
                      Relationship.MOTHER,
                      "Zawadi Wanjiru Otieno",
                      Optional.of(DocumentDigest.of(salt, "NATIONAL_ID", mother, "KE")),
                      true),
                  new CardGuardian(
                      Relationship.FATHER,
                      "Baraka Otieno",
                      Optional.of(DocumentDigest.of(salt, "NATIONAL_ID", mother + "7", "KE")),
                      false)),
              random.nextInt(100_000),
              salt);
      samples.add(
          new Sample(
              CredentialCodec.issueCard(card, issuerKey),
              new CompanionDocument("NATIONAL_ID", mother, KENYA)));
    }
    VerifierBundle built = bundle.build();
    BorderCheck check =
        new BorderCheck(
            built, new BorderPost("KE-NAMANGA", KENYA, ZoneOffset.UTC), Duration.ofDays(7));

    out.printf(
        "Measuring for %d rounds: each round, one second of Ed25519 verifications, then one of"
            + " border checks, on one thread ...%n",
        rounds);
    out.flush();
    Ed25519Loop baseline = new Ed25519Loop(random);
    baseline.run(WARM_UP);
    run(check, built, samples, WARM_UP, now);
    double[] verifications = new double[rounds];
    double[] checks = new double[rounds];
    double[] ratios = new double[rounds];
    long[] latencies = new long[0];
    for (int round = 0; round < rounds; round++) {
      verifications[round] = baseline.run(ROUND) / (ROUND.toNanos() / 1e9);
      long[] took = run(check, built, samples, ROUND, now);
      checks[round] = took.length / (ROUND.toNanos() / 1e9);
      ratios[round] = checks[round] / verifications[round];
      latencies = concat(latencies, took);
    }
    Arrays.sort(latencies);
    out.printf("%nhaven bench verify (one core, %,d distinct cards, %d rounds)%n", cards, rounds);
    out.printf("  border checks:   %,10.0f /s   (median of rounds)%n", median(checks));
    out.printf("  Ed25519 verify:  %,10.0f /s   (one core, same rounds)%n", median(verifications));
    out.printf(
        "  ratio:           %10.2f   (median of per-round ratios, range %.2f to %.2f; goal: at"
            + " least 0.80)%n",
        median(ratios),
        Arrays.stream(ratios).min().orElseThrow(),
        Arrays.stream(ratios).max().orElseThrow());
    out.printf(
        "  latency:         p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms   (goal: p99 under"
            + " 2 ms)%n",
        millis(latencies, 0.50),
        millis(latencies, 0.99),
        millis(latencies, 0.999),
        latencies[latencies.length - 1] / 1e6);
    return 0;
  }

  /** Checks the cards in turn for {@code time}; returns each check's nanoseconds. */
  private static long[] run(
      BorderCheck check, VerifierBundle bundle, List<Sample> samples, Duration time, Instant now) {
    long[] latencies = new long[1 << 16];
    int count = 0;
    long end = System.nanoTime() + time.toNanos();
    int next = 0;
    while (System.nanoTime() < end) {
      Sample sample = samples.get(next);
      next = (next + 1) % samples.size();
      long started = System.nanoTime();
      BorderDecision decision =
          check.decide(
              Presentation.exit(
                  CredentialCodec.readCard(sample.qr(), bundle, now), sample.companion(), UGANDA),
              now);
      long took = System.nanoTime() - started;
      if (decision.outcome() != Outcome.PASS) {
        throw new IllegalStateException("a genuine card with its mother did not pass: " + decision);
      }
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = took;
    }
    return Arrays.copyOf(latencies, count);
  }

  private static VerifierBundle.Builder bundle(
      Random random, Instant now, OrgId issuer, Ed25519PrivateKey issuerKey) {
    Ed25519PrivateKey nodeKey = key(random);
    NoteSigner signer = new NoteSigner("ke-civil-registry", nodeKey);
    VerifierBundle.Builder bundle =
        VerifierBundle.builder(
                bytes(random, VerifierBundle.SALT_SIZE),
                100_000,
                now.minus(Duration.ofHours(1)),
                signer.sign(
                    new Checkpoint("haven.example/bench", 100_000, Hash.sha256(new byte[] {1}))
                        .body()))
            .issuer(issuer, issuerKey.publicKey(), now.minus(Duration.ofDays(365)));
    for (int i = 0; i < 500; i++) {
      bundle.revoked(issuer, 100_000 + random.nextInt(100_000));
      bundle.revokedCard(Hash.of(bytes(random, Hash.SIZE).toArray()));
    }
    for (int i = 0; i < 50; i++) {
      bundle.alert(ChildNumber.generate(random), AlertPriority.HIGH, "Child Helpline 116");
    }
    for (int i = 0; i < 1000; i++) {
      bundle.consent(
          Hash.of(bytes(random, Hash.SIZE).toArray()),
          LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(30));
    }
    return bundle;
  }

  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final Duration ROUND = Duration.ofSeconds(1);

  /** Ed25519 verifications of pre-signed 200-byte messages under 256 keys, on this thread. */
  private static final class Ed25519Loop {
    private static final int KEYS = 256;
    private final Ed25519PublicKey[] keys = new Ed25519PublicKey[KEYS];
    private final byte[][] messages = new byte[KEYS][200];
    private final Signature[] signatures = new Signature[KEYS];

    Ed25519Loop(Random random) {
      for (int i = 0; i < KEYS; i++) {
        Ed25519PrivateKey key = key(random);
        random.nextBytes(messages[i]);
        keys[i] = key.publicKey();
        signatures[i] = key.sign(messages[i]);
      }
    }

    /** Verifies for {@code time}; returns how many verified. */
    long run(Duration time) {
      long verified = 0;
      long end = System.nanoTime() + time.toNanos();
      while (System.nanoTime() < end) {
        int i = (int) (verified % KEYS);
        if (!keys[i].verify(messages[i], signatures[i])) {
          throw new IllegalStateException("a valid signature failed to verify");
        }
        verified++;
      }
      return verified;
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long[] concat(long[] a, long[] b) {
    long[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  private static double millis(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }

  private static Ed25519PrivateKey key(Random random) {
    return Ed25519PrivateKey.fromSeed(bytes(random, Ed25519PrivateKey.SEED_SIZE));
  }

  private static Bytes bytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return Bytes.of(bytes);
  }

  /** A plain drawn portrait, so the face thumbnail is as large as a real one. */
  private static Bytes portrait(Random random) throws IOException {
    BufferedImage image = new BufferedImage(240, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(200, 180, 160));
    g.fillRect(0, 0, 240, 300);
    g.setColor(new Color(90, 60, 40));
    g.fillOval(50, 40, 140, 180);
    g.setColor(Color.BLACK);
    g.fillOval(85, 110, 20, 12);
    g.fillOval(135, 110, 20, 12);
    g.drawArc(95, 160, 50, 25, 200, 140);
    for (int i = 0; i < 400; i++) {
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
      g.fillRect(random.nextInt(240), 230 + random.nextInt(70), 3, 3);
    }
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.setUseCache(false);
    ImageIO.write(image, "png", png);
    return Bytes.of(png.toByteArray());
  }
}
