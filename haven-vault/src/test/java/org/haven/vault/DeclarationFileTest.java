package org.haven.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.haven.vault.TestChildren.aChild;
import static org.haven.vault.TestChildren.aChildNumber;
import static org.haven.vault.TestChildren.jpeg;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.haven.core.bytes.Bytes;
import org.haven.core.codec.DecodeException;
import org.haven.core.identity.OfficerId;
import org.haven.core.registry.identity.ChildNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclarationFileTest {
  private static final ChildNumber IMANI = aChildNumber(7);
  private static final OfficerId REGISTRAR = new OfficerId("ke.registrar.otieno");
  private static final OfficerId AGENT = new OfficerId("ke.agent.wanjiku");

  @TempDir Path temp;

  private final SecureRandom random = new SecureRandom();

  static List<Witness> twoWitnesses() {
    return List.of(
        new Witness("Grace Chebet", "neighbour", "30117742", "I saw Imani born at home in 2014."),
        new Witness("Joseph Kirui", "village elder", "30554128", "The family lives in Kapsabet."));
  }

  private static DeclarationFile answered() {
    return DeclarationFile.withWitnesses(twoWitnesses())
        .asking(InformationRequest.asked(REGISTRAR, 1_000, "Which clinic did the mother attend?"))
        .answering(
            new InformationRequest.Answer(
                AGENT,
                2_000,
                "None; the birth was at home.",
                Optional.of(new InformationRequest.Correction("placeOfBirth", "Kapsabet")),
                Optional.of(new Photo(jpeg(2048)))));
  }

  @Test
  void encode_thenDecode_givesTheSameFile() throws Exception {
    for (DeclarationFile file :
        List.of(
            DeclarationFile.EMPTY,
            answered(),
            answered().asking(InformationRequest.asked(REGISTRAR, 3_000, "And the father?")))) {
      assertThat(DeclarationFile.decode(file.encode())).isEqualTo(file);
    }
  }

  @Test
  void everyTruncationOfTheEncoding_isADecodeError() {
    Bytes encoded = answered().encode();
    for (int length = 0; length < encoded.size(); length++) {
      Bytes cut = Bytes.of(java.util.Arrays.copyOf(encoded.toArray(), length));
      assertThatThrownBy(() -> DeclarationFile.decode(cut))
          .as("cut at %d", length)
          .isInstanceOf(DecodeException.class);
    }
  }

  @Test
  void aSecondQuestion_whileOneIsOpen_isRefused_andAnAnswerWithoutAQuestionToo() {
    DeclarationFile open =
        DeclarationFile.EMPTY.asking(InformationRequest.asked(REGISTRAR, 1, "Mother's name?"));
    InformationRequest.Answer answer =
        new InformationRequest.Answer(AGENT, 2, "Zawadi", Optional.empty(), Optional.empty());

    assertThatThrownBy(() -> open.asking(InformationRequest.asked(REGISTRAR, 3, "Again?")))
        .hasMessageStartingWith("question: ");
    assertThatThrownBy(() -> DeclarationFile.EMPTY.answering(answer))
        .hasMessageStartingWith("answer: no request for information is open");
    assertThat(open.openRequest()).isPresent();
    assertThat(open.answering(answer).openRequest()).isEmpty();
  }

  @Test
  void aWitnessWithABlankStatement_orACorrectionOfAnotherField_namesTheField() {
    assertThatThrownBy(() -> new Witness("Grace Chebet", "neighbour", "30117742", " \n "))
        .hasMessage("statement: must not be blank");
    assertThatThrownBy(() -> new InformationRequest.Correction("guardians", "Zawadi"))
        .hasMessageStartingWith("correction.field: must be one of");
  }

  @Test
  void toString_revealsNoText() {
    String shown = answered().toString() + answered().requests() + answered().witnesses();

    assertThat(shown).doesNotContain("Grace", "30117742", "clinic", "home", "Kapsabet");
  }

  @Test
  void theFile_isKeptByACorrection_changedAlone_andErasedWithTheChild() {
    MasterKey masterKey = MasterKey.generate(random);
    Bytes salt = Commitment.newSalt(random);
    PersonalData imani = aChild().named("Imani", "Kiprotich").build();
    PersonalData corrected = aChild().named("Imani", "Kiprotich Chebet").build();
    try (Vault vault = Vault.open(temp.resolve("vault"), masterKey)) {
      vault.put(IMANI, imani, salt, DeclarationFile.withWitnesses(twoWitnesses()));
      DeclarationFile asked =
          vault.changeFile(
              IMANI, file -> file.asking(InformationRequest.asked(REGISTRAR, 5, "Which clinic?")));
      Bytes newSalt = Commitment.newSalt(random);
      vault.put(IMANI, corrected, newSalt);

      assertThat(vault.read(IMANI)).isEqualTo(new ReadResult.Found(corrected, newSalt, asked));
      assertThat(asked.witnesses()).isEqualTo(twoWitnesses());
      assertThatThrownBy(() -> vault.changeFile(IMANI, file -> file.answering(null)))
          .isInstanceOf(NullPointerException.class);
      assertThat(vault.read(IMANI)).isEqualTo(new ReadResult.Found(corrected, newSalt, asked));

      vault.erase(IMANI);

      assertThat(vault.read(IMANI)).isEqualTo(new ReadResult.Erased());
      assertThatThrownBy(() -> vault.changeFile(IMANI, file -> file))
          .isInstanceOf(VaultException.class);
    }
  }
}
