package io.gradiente.ml;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.CheckpointPolicy;
import io.gradiente.core.train.Checkpoints;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.TrainState;
import io.gradiente.core.train.Training;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fit of an estimator, the same wiring as {@code gradiente train} without the report: the label and feature
 * columns as {@link LabeledRows} (one job checks every value), cached {@link Blocks}, starting parameters drawn from
 * the seed (or the newest checkpoint of the same fit), and {@link Training} through the exchange the params choose.
 * Same rows, params and partitions give the same weights bit for bit as the command line.
 */
final class SgdFit {
  private static final Logger LOG = LoggerFactory.getLogger(SgdFit.class);

  private SgdFit() {}

  /**
   * Trains a {@code kind} model over {@code classes} classes (0 for regression).
   *
   * @param params the estimator (its training params)
   * @param featuresCol the vector column of features
   * @param labelCol the numeric label column
   * @param probabilityFloor the reported cross-entropy's probability floor (0 for linear)
   * @throws BadInputException naming the row and column of a bad value, or a batch too small for the partitions
   */
  static ModelState fit(Dataset<?> dataset, SgdParams<?> params, String featuresCol, String labelCol, ModelKind kind,
      double probabilityFloor, int classes) {
    TrainConfig config = params.trainConfig();
    Consumer<String> log = line -> LOG.info("{}: {}", params.uid(), line);
    Dataset<Row> frame = dataset.select(functions.col(featuresCol).as(Columns.FEATURES),
        functions.col(labelCol).as(Columns.LABEL));
    String source = params.uid() + " training data (featuresCol '" + featuresCol + "', labelCol '" + labelCol + "')";
    LabeledRows rows = LabeledRows.of(frame, source, Columns.LABEL, params.getPartitions());
    SparkContext sc = dataset.sparkSession().sparkContext();
    int partitions = params.getPartitions() > 0 ? params.getPartitions()
        : (int) Math.max(1, Math.min(sc.defaultParallelism(), rows.rows()));
    if (config.batchSize() < partitions && config.batchSize() < rows.rows()) {
      throw new BadInputException(params.uid() + ": batchSize " + config.batchSize() + " is smaller than the "
          + partitions + " partitions: each step's rows are shared among them; set batchSize to at least "
          + partitions + " or fewer partitions");
    }
    Blocks blocks = Blocks.of(rows, partitions, classes, params.precisionValue());
    try {
      int outputs = kind.loss().outputs(classes);
      double[] start = LinearModel.initial(blocks.features(), outputs, params.initValue(), config.seed()).params();
      Training training = new Training(config, kind.loss(probabilityFloor));
      Exchanges.Choice choice = Exchanges.choose(params.exchangeValue(), sc, partitions);
      if (choice.reason() != null) {
        log.accept("exchange job (stream cannot run: " + choice.reason() + ")");
      }
      Checkpoints store = null;
      TrainState from = TrainState.start(start, config.seed(), Map.of(), "");
      CheckpointPolicy policy = CheckpointPolicy.NEVER;
      if (!params.getCheckpointDir().isEmpty()) {
        Map<String, String> identity = identity(params, kind, classes);
        String fingerprint = blocks.fingerprint();
        store = new Checkpoints(sc.hadoopConfiguration(), params.getCheckpointDir(),
            storeName(params.uid(), identity, fingerprint), params.getKeepCheckpoints());
        from = store.list().isEmpty() ? TrainState.start(start, config.seed(), identity, fingerprint)
            : store.resume(identity, fingerprint, log);
        policy = CheckpointPolicy.every(params.getCheckpointEvery(), params.getCheckpointEverySteps(),
            config.epochs(), store, log);
      }
      TrainResult result;
      try (RoundExchange exchange = Exchanges.open(choice, blocks, training.kernel(blocks, start.length),
          config.aggregationDepth(), params.getExchangePort(), log)) {
        result = training.train(exchange, from, policy);
      }
      if (store != null) {
        store.delete();
      }
      return new ModelState(kind, probabilityFloor, classes, blocks.features(), result.params(),
          result.history().trainLosses());
    } finally {
      blocks.release();
    }
  }

  /** What a resumed fit must repeat: the model, the classes and every param but where checkpoints go. */
  private static Map<String, String> identity(SgdParams<?> params, ModelKind kind, int classes) {
    Map<String, String> identity = new TreeMap<>();
    identity.put("model", kind.label());
    identity.put("classes", Integer.toString(classes));
    for (ParamPair<?> pair : params.extractParamMap().toList()) {
      if (!TrainingParams.checkpointing(pair.param().name())) {
        identity.put(pair.param().name(), jsonOf(pair));
      }
    }
    return identity;
  }

  private static <T> String jsonOf(ParamPair<T> pair) {
    return pair.param().jsonEncode(pair.value());
  }

  /**
   * The checkpoint folder of one fit: the estimator's uid and a digest of its settings and data, so that fits of
   * the same estimator with other params or other rows (a cross-validation's folds, in parallel too) never share
   * one.
   */
  private static String storeName(String uid, Map<String, String> identity, String fingerprint) {
    byte[] key = (identity + "\n" + fingerprint).getBytes(StandardCharsets.UTF_8);
    return uid + "-" + UUID.nameUUIDFromBytes(key).toString().replace("-", "").substring(0, 16);
  }
}
