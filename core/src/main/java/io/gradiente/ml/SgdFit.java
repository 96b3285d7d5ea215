package io.gradiente.ml;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fit of an estimator, the same wiring as {@code gradiente train} without the report: the label and feature
 * columns as {@link LabeledRows} (one job checks every value), cached {@link Blocks}, starting parameters drawn from
 * the seed, and {@link Training} through the exchange the params choose. Same rows, params and partitions give the
 * same weights bit for bit as the command line.
 */
final class SgdFit {
  private static final Logger LOG = LoggerFactory.getLogger(SgdFit.class);

  private SgdFit() {}

  /**
   * Trains a linear model of {@code loss} over {@code classes} classes (0 for regression).
   *
   * @param params the estimator (its training params)
   * @param featuresCol the vector (or numeric array) column of features
   * @param labelCol the numeric label column
   * @throws BadInputException naming the row and column of a bad value, or a batch too small for the partitions
   */
  static TrainResult train(Dataset<?> dataset, SgdParams<?> params, String featuresCol, String labelCol, Loss loss,
      int classes) {
    TrainConfig config = params.trainConfig();
    String source = params.uid() + " training data";
    Dataset<Row> frame = dataset.select(functions.col(featuresCol).as(Columns.FEATURES),
        functions.col(labelCol).as(Columns.LABEL));
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
      int outputs = loss.outputs(classes);
      double[] start = LinearModel.initial(blocks.features(), outputs, params.initValue(), config.seed()).params();
      Training training = new Training(config, loss);
      Exchanges.Choice choice = Exchanges.choose(params.exchangeValue(), sc, partitions);
      if (choice.reason() != null) {
        LOG.info("{}: exchange job (stream cannot run: {})", params.uid(), choice.reason());
      }
      try (RoundExchange exchange = Exchanges.open(choice, blocks, training.kernel(blocks, start.length),
          config.aggregationDepth(), params.getExchangePort(), line -> LOG.info("{}: {}", params.uid(), line))) {
        return training.train(exchange, start);
      }
    } finally {
      blocks.release();
    }
  }

  /** What a fit of a {@code kind} model over {@code classes} classes learned. */
  static ModelState state(ModelKind kind, double probabilityFloor, int classes, TrainResult result) {
    int outputs = kind.loss().outputs(classes);
    int features = result.params().length / outputs - 1;
    return new ModelState(kind, probabilityFloor, classes, features, result.params(),
        result.history().trainLosses());
  }
}
