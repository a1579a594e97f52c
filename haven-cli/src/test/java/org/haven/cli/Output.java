package org.haven.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** What the client tests compare: printed text and JSON. */
final class Output {
  private Output() {}

  /** Printed text with Unix line ends, to compare with literals. */
  static String text(String printed) {
    return printed.replace(System.lineSeparator(), "\n");
  }

  static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }
}
