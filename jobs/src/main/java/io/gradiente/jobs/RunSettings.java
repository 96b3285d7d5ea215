package io.gradiente.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of a run, listed once: the {@code run} table's {@code config} JSON shows them all, and those that
 * change the numbers or the report form the identity a checkpoint keeps, which a resumed run must repeat exactly
 * ({@code Checkpoints.resume}). Keys and values are those of the first checkpoints and reports, so an old
 * checkpoint still resumes and notebooks read old and new reports alike.
 */
final class RunSettings {
  /**
   * One setting.
   *
   * @param value its value in the JSON (a string, number, boolean or null)
   * @param option its name in the identity, or null when a resumed run may change it
   * @param identity its text in the identity
   */
  private record Setting(Object value, String option, String identity) {}

  private static final String RESUMED_AT = "resumed_at_step";
  private static final String EXCHANGE = "exchange";

  private final Map<String, Setting> settings = new LinkedHashMap<>();

  /**
   * The settings of a run.
   *
   * @param classes the run's classes (0 for regression)
   * @param partitions the run's partitions
   * @param stepsPerEpoch steps of every epoch
   * @param exchange the exchange chosen
   */
  RunSettings(Run run, Resilience resilience, int classes, int partitions, int stepsPerEpoch,
      Exchanges.Choice exchange) {
    TrainConfig c = run.config();
    Run.Data data = run.data();
    fixed("model", "--model", run.model().kind().label());
    fixed("dataset", "dataset", data.dataset());
    fixed("format", "--format", data.format());
    fixed("train", "--train", data.trainPath());
    fixed("test", "--test", data.testPath());
    fixed("scale", "--scale", data.scale());
    fixed("batch_size", "--batch-size", c.batchSizeText());
    recorded("steps_per_epoch", stepsPerEpoch);
    fixed("lr", "--lr", c.learningRate());
    fixed("momentum", "--momentum", c.momentum());
    fixed("epochs", "--epochs", c.epochs());
    fixed("seed", "--seed", c.seed());
    settings.put("shuffle", new Setting(c.shuffle(), "--no-shuffle", Boolean.toString(!c.shuffle())));
    fixed("partitions", "--partitions", partitions);
    fixed("classes", "--classes", classes);
    fixed("probability_floor", "--prob-floor", run.model().probabilityFloor());
    fixed("precision", "--precision", run.execution().precision().lowerName());
    fixed("sync_every", "--sync-every", c.syncEvery());
    fixed("step_loss_every", "--step-loss-every", c.stepLossEvery());
    recorded(EXCHANGE, exchange.name());
    recorded("exchange_asked", run.execution().exchange().lowerName());
    recorded("exchange_fallback_reason", exchange.reason());
    Run.Start start = run.model().start();
    settings.put("init", new Setting(start.label(), "--init", start.identity()));
    settings.put("gradient", new Setting(c.gradient().description(), "gradient", c.gradient().identity()));
    fixed("clip_norm", "--clip-norm", c.clipNorm());
    fixed("train_loss_every", "--train-loss-every", c.trainLossEvery());
    fixed("aggregation_depth", "--aggregation-depth", c.aggregationDepth());
    fixed("on_bad_row", "--on-bad-row", resilience.onBadRow());
    recorded("checkpoint_every", resilience.checkpointEvery());
    recorded("checkpoint_every_steps", resilience.checkpointEverySteps());
    recorded(RESUMED_AT, null); // known once the checkpoint is read: json(resumedAt)
    recorded("output", run.target().output());
    recorded("run_id", run.target().runId());
  }

  /** A setting a resumed run must repeat, its identity text the value's. */
  private void fixed(String key, String option, Object value) {
    settings.put(key, new Setting(value, option, String.valueOf(value)));
  }

  /** A setting that is only recorded. */
  private void recorded(String key, Object value) {
    settings.put(key, new Setting(value, null, null));
  }

  /** The settings a resumed run must repeat, by name. */
  Map<String, String> identity() {
    Map<String, String> m = new LinkedHashMap<>();
    settings.values().stream().filter(s -> s.option() != null).forEach(s -> m.put(s.option(), s.identity()));
    return m;
  }

  /**
   * Every setting as the {@code run} table's {@code config} JSON.
   *
   * @param resumedAt the steps done when the run resumed, or null for a fresh run
   * @param exchanged the exchange the run used ({@code stream, then job} when the resident stage could not start
   *     again after a failure), or null for the one chosen
   */
  String json(Long resumedAt, String exchanged) {
    Map<String, Object> m = new LinkedHashMap<>();
    settings.forEach((key, s) -> m.put(key, s.value()));
    m.put(RESUMED_AT, resumedAt);
    if (exchanged != null) {
      m.put(EXCHANGE, exchanged);
    }
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
