package io.gradiente.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * The messages one of Spark's log4j loggers writes while the capture is open, at {@code level} and above (the
 * logger's level is lowered to it meanwhile and restored on close). Spark's own log is how some of its behaviour
 * shows, e.g. every job-group cancellation it is asked for.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level saved;
  private final AbstractAppender appender;
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private LogCapture(String name, Level level) {
    logger = (Logger) LogManager.getLogger(name);
    saved = logger.getLevel();
    appender = new AbstractAppender("capture-" + name, null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        messages.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    logger.addAppender(appender);
    Configurator.setLevel(name, level);
  }

  /** Starts capturing what logger {@code name} (the root logger: {@code ""}) writes at {@code level} and above. */
  public static LogCapture of(String name, Level level) {
    return new LogCapture(name, level);
  }

  /** The messages so far, each prefixed with its level, e.g. {@code "WARN Truncated the string..."}. */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  /** The messages so far that contain {@code text}. */
  public List<String> containing(String text) {
    return messages.stream().filter(m -> m.contains(text)).toList();
  }

  @Override
  public void close() {
    Configurator.setLevel(logger.getName(), saved);
    logger.removeAppender(appender);
    appender.stop();
  }
}
