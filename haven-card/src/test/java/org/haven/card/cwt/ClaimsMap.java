package org.haven.card.cwt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.haven.card.testing.RawCbor;
import org.haven.card.testing.TestCards;

/**
 * A claims map written by hand from the keys in docs/card-format.md, without {@link CwtWriter}, so
 * that tests can leave out, repeat or change any claim.
 */
final class ClaimsMap {
  /** 2030-03-01T08:30:00Z and 2025-03-01T08:30:00Z, as in {@link TestCards}. */
  static final long EXP = 1_898_584_200L;

  static final long IAT = 1_740_817_800L;

  /** 2019-03-14 in days since 1970-01-01. */
  static final long DOB_DAYS = 17_969;

  private final List<Map.Entry<Long, RawCbor.Writer>> entries = new ArrayList<>();

  private ClaimsMap() {}

  /** A card without face or guardians: every claim a card requires and no other. */
  static ClaimsMap card() {
    return new ClaimsMap()
        .put(1, g -> g.writeString("ke-civil-registry"))
        .put(4, g -> g.writeNumber(EXP))
        .put(6, g -> g.writeNumber(IAT))
        .put(-65537, g -> g.writeString("card"))
        .put(-65538, g -> g.writeString(TestCards.CHILD.toString()))
        .put(-65539, g -> g.writeString("Amani Wanjiru"))
        .put(-65540, g -> g.writeString("Otieno"))
        .put(
            -65541,
            g -> {
              g.writeTag(100);
              g.writeNumber(DOB_DAYS);
            })
        .put(-65542, g -> g.writeNumber(2))
        .put(
            -65544,
            g -> {
              g.writeStartArray(null, 0);
              g.writeEndArray();
            })
        .put(-65545, g -> g.writeNumber(1_234_567))
        .put(-65546, g -> g.writeBinary(TestCards.salt(1).toArray()));
  }

  ClaimsMap put(long key, RawCbor.Writer value) {
    entries.add(Map.entry(key, value));
    return this;
  }

  ClaimsMap replace(long key, RawCbor.Writer value) {
    return remove(key).put(key, value);
  }

  ClaimsMap remove(long key) {
    entries.removeIf(e -> e.getKey() == key);
    return this;
  }

  byte[] encode() {
    return RawCbor.encode(
        g -> {
          g.writeStartObject(null, entries.size());
          for (Map.Entry<Long, RawCbor.Writer> entry : entries) {
            g.writeFieldId(entry.getKey());
            entry.getValue().write(g);
          }
          g.writeEndObject();
        });
  }
}
