package org.haven.node.registry;

import java.util.function.Supplier;
import org.haven.core.bytes.Bytes;
import org.haven.core.registry.identity.ChildNumber;
import org.haven.core.state.LedgerState;
import org.haven.core.state.StateReader;
import org.haven.node.api.ApiProblem;
import org.haven.vault.DeclarationFile;
import org.haven.vault.PersonalData;
import org.haven.vault.Vault;

/**
 * Seals a new child's personal data in the vault, then commits the declaration that commits to it:
 * the data must be stored before the ledger names the child, and a declaration the ledger refuses
 * (a race with another member) must leave nothing behind, so its data is crypto-shredded.
 */
final class NewChildData {
  private NewChildData() {}

  /**
   * Stores {@code data}, {@code salt} and the declaration's {@code file} for {@code number}, then
   * runs {@code commit}; if the ledger refuses, and the child is not on the committed ledger,
   * erases what was stored.
   *
   * @throws ApiProblem the ledger's refusal, after the vault is put back
   */
  static <T> T sealThenCommit(
      Vault vault,
      StateReader committed,
      ChildNumber number,
      PersonalData data,
      Bytes salt,
      DeclarationFile file,
      Supplier<T> commit) {
    vault.put(number, data, salt, file);
    try {
      return commit.get();
    } catch (ApiProblem refused) {
      // A declaration whose outcome is unknown may still commit; its retry (same key) finds it.
      if (!refused.outcomeIsUnknown()
          && LedgerState.readOnly(committed).registry().child(number).isEmpty()) {
        vault.erase(number);
      }
      throw refused;
    }
  }
}
