package io.gradiente.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradiente.core.data.Precision;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.Gradient;
import io.gradiente.core.train.TrainConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The settings of a run, listed once, give the checkpoint identity and the run table's JSON exactly as the reports
 * and checkpoints written before did (the expected texts were printed by that code), so old checkpoints resume.
 */
class RunSettingsTest {
  @Test
  void theLessonsSlopeRunKeepsItsIdentityAndJson() {
    TrainConfig config = new TrainConfig(TrainConfig.FULL_BATCH, 0.1, 0.0, 100, 42, false)
        .withGradient(Gradient.forwardDifference(1e-6, 0, 1));
    Run run = new Run(new Run.Model(ModelKind.LINEAR, 0, Run.Start.given(0.0, 5.0), 0.0), config,
        Run.Execution.DEFAULT.withPartitions(2),
        Run.Data.named("synthetic y = 3x + (u - 0.5)", "synthetic", "none").withFeatureNames(List.of("x")),
        new Run.Target("out", "p_02", false));
    RunSettings settings = new RunSettings(run, Resilience.NONE, 0, 2, 1, new Exchanges.Choice("job", "why"));
    assertEquals(identity("--model=linear, dataset=synthetic y = 3x + (u - 0.5), --format=synthetic, "
        + "--train=null, --test=null, --scale=none, --batch-size=full, --lr=0.1, --momentum=0.0, --epochs=100, "
        + "--seed=42, --no-shuffle=true, --clip-norm=0.0, --train-loss-every=1, --aggregation-depth=1, "
        + "--partitions=2, --classes=0, --init=given 1075053505, gradient=finite difference [0, 1], "
        + "--on-bad-row=fail, --precision=double, --sync-every=1, --step-loss-every=0, --prob-floor=0.0"),
        new TreeMap<>(settings.identity()));
    assertEquals("{\"model\":\"linear\",\"dataset\":\"synthetic y = 3x + (u - 0.5)\",\"format\":\"synthetic\","
        + "\"train\":null,\"test\":null,\"scale\":\"none\",\"batch_size\":\"full\",\"steps_per_epoch\":1,"
        + "\"lr\":0.1,\"momentum\":0.0,\"epochs\":100,\"seed\":42,\"shuffle\":false,\"partitions\":2,"
        + "\"classes\":0,\"probability_floor\":0.0,\"precision\":\"double\",\"sync_every\":1,"
        + "\"step_loss_every\":0,\"exchange\":\"job\",\"exchange_asked\":\"auto\","
        + "\"exchange_fallback_reason\":\"why\",\"init\":\"given\",\"gradient\":\"finite difference (delta "
        + "1.0E-6) of parameters [0, 1]\",\"clip_norm\":0.0,\"train_loss_every\":1,\"aggregation_depth\":1,"
        + "\"on_bad_row\":\"fail\",\"checkpoint_every\":0,\"checkpoint_every_steps\":0,\"resumed_at_step\":null,"
        + "\"output\":\"out\",\"run_id\":\"p_02\"}", settings.json(null, null));
  }

  @Test
  void aResumedCommandLineRunKeepsItsIdentityAndJson() {
    TrainConfig config = new TrainConfig(500, 0.01, 0.9, 20, 7, true).withClipNorm(1.5).withTrainLossEvery(2)
        .withAggregationDepth(3).withSyncEvery(4).withStepLossEvery(5);
    Run run = new Run(new Run.Model(ModelKind.SOFTMAX, 10, Run.Start.draw(LinearModel.Init.NORMAL), 1e-6), config,
        new Run.Execution(0, Precision.FLOAT, Exchanges.Mode.STREAM, 7077),
        Run.Data.files("data/train", "idx", "divide255", "data/train", "data/test"),
        new Run.Target("hdfs:///o", "run1", true));
    Resilience resilience = new Resilience(2, 100, 3, true, true, "skip");
    RunSettings settings = new RunSettings(run, resilience, 10, 4, 120, new Exchanges.Choice("stream", null));
    assertEquals(identity("--model=softmax, dataset=data/train, --format=idx, --train=data/train, "
        + "--test=data/test, --scale=divide255, --batch-size=500, --lr=0.01, --momentum=0.9, --epochs=20, "
        + "--seed=7, --no-shuffle=false, --clip-norm=1.5, --train-loss-every=2, --aggregation-depth=3, "
        + "--partitions=4, --classes=10, --init=normal, gradient=analytic, --on-bad-row=skip, --precision=float, "
        + "--sync-every=4, --step-loss-every=5, --prob-floor=1.0E-6"), new TreeMap<>(settings.identity()));
    assertEquals("{\"model\":\"softmax\",\"dataset\":\"data/train\",\"format\":\"idx\",\"train\":\"data/train\","
        + "\"test\":\"data/test\",\"scale\":\"divide255\",\"batch_size\":\"500\",\"steps_per_epoch\":120,"
        + "\"lr\":0.01,\"momentum\":0.9,\"epochs\":20,\"seed\":7,\"shuffle\":true,\"partitions\":4,\"classes\":10,"
        + "\"probability_floor\":1.0E-6,\"precision\":\"float\",\"sync_every\":4,\"step_loss_every\":5,"
        + "\"exchange\":\"stream, then job\",\"exchange_asked\":\"stream\",\"exchange_fallback_reason\":null,"
        + "\"init\":\"normal\",\"gradient\":\"analytic\",\"clip_norm\":1.5,\"train_loss_every\":2,"
        + "\"aggregation_depth\":3,\"on_bad_row\":\"skip\",\"checkpoint_every\":2,\"checkpoint_every_steps\":100,"
        + "\"resumed_at_step\":1234,\"output\":\"hdfs:///o\",\"run_id\":\"run1\"}",
        settings.json(1234L, "stream, then job"));
  }

  /** {@code key=value, ...} as a sorted map (values hold no comma followed by " --"). */
  private static Map<String, String> identity(String text) {
    Map<String, String> m = new TreeMap<>();
    for (String pair : text.split(", (?=-|dataset=|gradient=)")) {
      int eq = pair.indexOf('=');
      m.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return m;
  }
}
