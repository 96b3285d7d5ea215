package io.gradiente.jobs;

import io.gradiente.core.train.TrainConfig;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;

/** Option converters and defaults shared by the commands. */
final class Options {
  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private Options() {}

  /** A run id that sorts by start time and is unique: {@code 20261127T114501Z-softmax-3f9a}. */
  static String newRunId(String what) {
    return RUN_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + what + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** {@code full} or a positive number of rows. */
  static final class BatchSize implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      if ("full".equalsIgnoreCase(value)) {
        return TrainConfig.FULL_BATCH;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a number of rows or 'full'");
      }
    }
  }
}
