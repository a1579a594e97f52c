package org.haven.card.bundle;

import static org.haven.card.bundle.BundleFixtures.CREATED;
import static org.haven.card.bundle.BundleFixtures.SALT;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.haven.core.bytes.Bytes;
import org.haven.core.checkpoint.SignedNote;
import org.haven.core.crypto.Ed25519PrivateKey;
import org.haven.core.crypto.Ed25519PublicKey;
import org.haven.core.crypto.Hash;
import org.haven.core.identity.OrgId;
import org.haven.core.registry.AlertPriority;
import org.haven.core.registry.identity.ChildNumber;

/**
 * What a node puts in a bundle, as plain collections that tests can change at random and then
 * build. Everything random comes from the {@link Random} passed in, so a seed gives one model.
 */
final class BundleModel {
  private static final String[] ORGS = {"registry-a", "registry-b", "registry-c", "registry-d"};
  private static final String[] DESKS = {"Desk A +254 20 000", "Namanga CPU", "Busia hotline 116"};

  private final Map<Ed25519PublicKey, TrustEntry> trust = new LinkedHashMap<>();
  private final Map<OrgId, TreeSet<Long>> revoked = new HashMap<>();
  private final Map<ChildNumber, ActiveAlert> alerts = new LinkedHashMap<>();
  private final Map<Hash, LocalDate> consents = new LinkedHashMap<>();
  private final Map<Hash, CardMark> cards = new LinkedHashMap<>();

  /** A model with 1 to 3 issuers, a few revocations, alerts and consents. */
  static BundleModel random(Random random) {
    BundleModel model = new BundleModel();
    int issuers = 1 + random.nextInt(3);
    for (int i = 0; i < issuers; i++) {
      model.addKey(random, new OrgId(ORGS[i]));
    }
    for (int i = random.nextInt(40); i > 0; i--) {
      model.revokeOne(random);
    }
    for (int i = random.nextInt(20); i > 0; i--) {
      model.addAlert(random);
    }
    for (int i = random.nextInt(40); i > 0; i--) {
      model.addConsent(random);
    }
    for (int i = random.nextInt(20); i > 0; i--) {
      model.markCard(random);
    }
    return model;
  }

  BundleModel copy() {
    BundleModel copy = new BundleModel();
    copy.trust.putAll(trust);
    revoked.forEach((org, indexes) -> copy.revoked.put(org, new TreeSet<>(indexes)));
    copy.alerts.putAll(alerts);
    copy.consents.putAll(consents);
    copy.cards.putAll(cards);
    return copy;
  }

  /** Makes up to {@code maxChanges} random changes of every kind a delta carries. */
  BundleModel mutate(Random random, int maxChanges) {
    for (int i = random.nextInt(maxChanges + 1); i > 0; i--) {
      switch (random.nextInt(14)) {
        case 0 -> addKey(random, new OrgId(ORGS[random.nextInt(ORGS.length)]));
        case 1 -> removeKey(random);
        case 2 -> retireKey(random);
        case 3, 4 -> revokeOne(random);
        case 5 -> reinstateOne(random);
        case 6 -> addAlert(random);
        case 7 -> pick(random, alerts.keySet()).ifPresent(alerts::remove);
        case 8 -> pick(random, alerts.keySet()).ifPresent(c -> alerts.put(c, alert(random)));
        case 9 -> addConsent(random);
        case 11 -> compromiseKey(random);
        case 12 -> markCard(random);
        case 13 -> pick(random, cards.keySet()).ifPresent(cards::remove);
        default -> pick(random, consents.keySet()).ifPresent(consents::remove);
      }
    }
    return this;
  }

  void trust(OrgId org, Ed25519PublicKey key) {
    trust.put(key, new TrustEntry(org, key, BundleFixtures.ISSUER_FROM, Optional.empty()));
  }

  void revoke(OrgId org, long index) {
    revoked.computeIfAbsent(org, o -> new TreeSet<>()).add(index);
  }

  void addAlert(ChildNumber child, ActiveAlert alert) {
    alerts.put(child, alert);
  }

  void addConsent(Hash consentId, LocalDate validUntil) {
    consents.put(consentId, validUntil);
  }

  VerifierBundle build(long version, SignedNote checkpoint) {
    VerifierBundle.Builder builder =
        VerifierBundle.builder(SALT, version, CREATED.plus(Duration.ofHours(version)), checkpoint);
    trust.values().forEach(builder::issuer);
    revoked.forEach((org, indexes) -> indexes.forEach(index -> builder.revoked(org, index)));
    alerts.forEach(builder::alert);
    consents.forEach(builder::consent);
    cards.forEach(
        (hash, mark) -> {
          if (mark == CardMark.REVOKED) {
            builder.revokedCard(hash);
          } else {
            builder.recordedBeforeCompromise(hash);
          }
        });
    return builder.build();
  }

  private void addKey(Random random, OrgId org) {
    byte[] seed = new byte[Ed25519PrivateKey.SEED_SIZE];
    random.nextBytes(seed);
    Ed25519PublicKey key = Ed25519PrivateKey.fromSeed(Bytes.of(seed)).publicKey();
    trust.put(
        key,
        new TrustEntry(
            org,
            key,
            Instant.ofEpochSecond(1_600_000_000L + random.nextInt(1 << 20)),
            Optional.empty()));
  }

  private void removeKey(Random random) {
    pick(random, trust.keySet())
        .ifPresent(
            key -> {
              OrgId org = trust.remove(key).org();
              if (trust.values().stream().noneMatch(entry -> entry.org().equals(org))) {
                revoked.remove(org);
              }
            });
  }

  private void retireKey(Random random) {
    pick(random, trust.keySet())
        .ifPresent(
            key -> {
              TrustEntry entry = trust.get(key);
              Instant until = entry.validFrom().plus(Duration.ofDays(1 + random.nextInt(900)));
              trust.put(
                  key,
                  new TrustEntry(
                      entry.org(),
                      key,
                      entry.validFrom(),
                      Optional.of(until),
                      entry.compromised()));
            });
  }

  private void compromiseKey(Random random) {
    pick(random, trust.keySet())
        .ifPresent(
            key -> {
              TrustEntry entry = trust.get(key);
              trust.put(
                  key,
                  new TrustEntry(entry.org(), key, entry.validFrom(), entry.validUntil(), true));
            });
  }

  private void markCard(Random random) {
    byte[] hash = new byte[Hash.SIZE];
    random.nextBytes(hash);
    CardMark[] marks = CardMark.values();
    cards.put(Hash.of(hash), marks[random.nextInt(marks.length)]);
  }

  private void revokeOne(Random random) {
    List<OrgId> orgs = trust.values().stream().map(TrustEntry::org).distinct().toList();
    if (orgs.isEmpty()) {
      return;
    }
    long index =
        random.nextInt(8) == 0 ? random.nextInt(400_000) : random.nextInt(StatusList.BLOCK_BITS);
    revoke(orgs.get(random.nextInt(orgs.size())), index);
  }

  private void reinstateOne(Random random) {
    pick(random, revoked.keySet())
        .ifPresent(org -> pick(random, revoked.get(org)).ifPresent(revoked.get(org)::remove));
  }

  private void addAlert(Random random) {
    alerts.put(ChildNumber.generate(random), alert(random));
  }

  private static ActiveAlert alert(Random random) {
    AlertPriority[] priorities = AlertPriority.values();
    Optional<Hash> photo = Optional.empty();
    if (random.nextBoolean()) {
      byte[] digest = new byte[Hash.SIZE];
      random.nextBytes(digest);
      photo = Optional.of(Hash.of(digest));
    }
    return new ActiveAlert(
        priorities[random.nextInt(priorities.length)], DESKS[random.nextInt(DESKS.length)], photo);
  }

  private void addConsent(Random random) {
    byte[] id = new byte[Hash.SIZE];
    random.nextBytes(id);
    consents.put(Hash.of(id), LocalDate.ofEpochDay(20_000 + random.nextInt(800)));
  }

  private static <T> Optional<T> pick(Random random, Collection<T> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<T> list = new ArrayList<>(values);
    return Optional.of(list.get(random.nextInt(list.size())));
  }
}
