package org.haven.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The log as JSON, one object per line ({@code HAVEN_LOG_FORMAT=json}, see {@link LogSetup}):
 * {@code time} (ISO 8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message}, the
 * logging context's entries (such as {@code request}, an HTTP request's id) and {@code error}, a
 * stack trace, when there is one. A newline inside a message or a stack trace is escaped, so every
 * event stays on its line.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String doLayout(ILoggingEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    line.put("message", event.getFormattedMessage());
    event.getMDCPropertyMap().forEach(line::put);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.put("error", ThrowableProxyUtil.asString(thrown));
    }
    return line + System.lineSeparator();
  }
}
