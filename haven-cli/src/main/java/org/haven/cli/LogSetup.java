package org.haven.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The haven command's log, set up in code (found by logback through {@code META-INF/services}): on
 * stderr, one line per event; Haven's own messages at INFO ({@code org.haven.http} is the line per
 * HTTP request), the libraries it embeds (Ratis, gRPC, Jetty) only at WARN. {@value
 * HavenCli#LOG_FORMAT_VARIABLE}{@code =json} writes each event as one JSON object ({@link
 * JsonLogLayout}). An operator's own {@code -Dlogback.configurationFile} replaces all of it.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %level %logger{0} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LayoutBase<ILoggingEvent> layout;
    if ("json".equals(System.getenv(HavenCli.LOG_FORMAT_VARIABLE))) {
      layout = new JsonLogLayout();
    } else {
      PatternLayout text = new PatternLayout();
      text.setPattern(TEXT_PATTERN);
      layout = text;
    }
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context.getLogger("org.haven").setLevel(Level.INFO);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
