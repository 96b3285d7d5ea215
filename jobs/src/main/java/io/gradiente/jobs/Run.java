package io.gradiente.jobs;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.Columns;
import io.gradiente.core.data.LabeledRows;
import io.gradiente.core.data.Precision;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.model.ModelKind;
import io.gradiente.core.stream.Exchanges;
import io.gradiente.core.train.TrainConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What one training run is: the model, how to train it, where it runs, the data it learns from and where its
 * report goes. Every part validates itself when it is made, so a bad option fails before Spark starts.
 */
public record Run(Model model, TrainConfig config, Execution execution, Data data, Target target) {
  /** Checks that no part is missing. */
  public Run {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(execution, "execution");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(target, "target");
  }

  /**
   * The model to train.
   *
   * @param kind linear, logistic or softmax regression
   * @param classes the number of classes; 0 infers it (softmax: largest training label + 1)
   * @param start where the parameters start
   * @param probabilityFloor the probability at which reported cross-entropies are clipped (0: exact)
   */
  public record Model(ModelKind kind, int classes, Start start, double probabilityFloor) {
    /** Checks the classes and the floor against the model kind. */
    public Model {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(start, "start");
      if (kind == ModelKind.LOGISTIC && classes != 0 && classes != 2) {
        throw new BadInputException("--classes must be 2 for logistic regression, got " + classes);
      }
      if (kind == ModelKind.SOFTMAX && classes != 0 && classes < 2) {
        throw new BadInputException("--classes must be at least 2, got " + classes);
      }
      if (!(probabilityFloor >= 0 && probabilityFloor < 0.5) || kind == ModelKind.LINEAR && probabilityFloor != 0) {
        throw new BadInputException("--prob-floor must be in [0, 0.5) and only applies to logistic and softmax, "
            + "got " + probabilityFloor);
      }
    }

    /** The classes of a run on {@code train}: 0 for regression, 2 for logistic, given or inferred for softmax. */
    int classes(LabeledRows train) {
      switch (kind) {
        case LINEAR:
          return 0;
        case LOGISTIC:
          return 2;
        default:
          if (classes != 0) {
            return classes;
          }
          Row max = train.frame().agg(functions.max(Columns.LABEL)).first();
          double largest = max.isNullAt(0) ? 0 : max.getDouble(0);
          if (largest != Math.rint(largest) || largest < 1 || largest > 100_000) {
            throw new BadInputException(train.source() + ": labels must be class numbers 0..K-1 for softmax; "
                + "the largest is " + largest);
          }
          return (int) largest + 1;
      }
    }
  }

  /**
   * Where the parameters start: drawn from the seed ({@link LinearModel.Init}) or given.
   *
   * @param init how to draw them, when not given
   * @param given the starting parameters, or null to draw them
   */
  public record Start(LinearModel.Init init, double[] given) {
    /** Parameters drawn from the seed. */
    public static Start draw(LinearModel.Init init) {
      return new Start(Objects.requireNonNull(init, "init"), null);
    }

    /** These parameters (copied). */
    public static Start given(double... params) {
      return new Start(null, params.clone());
    }

    /** The starting parameters of a model of {@code features x outputs} (a copy when given). */
    double[] params(int features, int outputs, long seed) {
      return given != null ? given.clone() : LinearModel.initial(features, outputs, init, seed).params();
    }

    /** {@code uniform}, {@code normal}, {@code zeros} or {@code given}. */
    String label() {
      return given != null ? "given" : init.name().toLowerCase(Locale.ROOT);
    }

    /** The label, with a hash of the given parameters (what a resumed run compares). */
    String identity() {
      return given != null ? "given " + Arrays.hashCode(given) : label();
    }
  }

  /**
   * Where and how the run executes.
   *
   * @param partitions partitions of the training data; 0 for Spark's default parallelism
   * @param precision how the cached blocks store values (double is what the lesson's numbers are checked in)
   * @param exchange how rounds reach the partitions ({@code --exchange})
   * @param exchangePort the stream exchange's port, 0 for any
   */
  public record Execution(int partitions, Precision precision, Exchanges.Mode exchange, int exchangePort) {
    /** The defaults: Spark's default parallelism, double precision, the exchange {@code auto} chooses, any port. */
    public static final Execution DEFAULT = new Execution(0, Precision.DOUBLE, Exchanges.Mode.AUTO, 0);

    /** Checks the partitions and the port. */
    public Execution {
      Objects.requireNonNull(precision, "precision");
      Objects.requireNonNull(exchange, "exchange");
      if (partitions < 0) {
        throw new BadInputException("--partitions must be positive, got " + partitions);
      }
      if (exchangePort < 0 || exchangePort > 65535) {
        throw new BadInputException("--exchange-port must be a port number (0 for any free one), got "
            + exchangePort);
      }
    }

    /** The same execution over {@code n} partitions (0: Spark's default parallelism). */
    public Execution withPartitions(int n) {
      return new Execution(n, precision, exchange, exchangePort);
    }

    /** The same execution storing the cached blocks in {@code p}. */
    public Execution withPrecision(Precision p) {
      return new Execution(partitions, p, exchange, exchangePort);
    }

    /** The partitions of a run over {@code rows} training rows: as given, else Spark's default parallelism. */
    int partitionsFor(SparkContext sc, long rows) {
      return partitions > 0 ? partitions : (int) Math.max(1, Math.min(sc.defaultParallelism(), rows));
    }
  }

  /**
   * What the data are, for the report and the checks of a resumed run.
   *
   * @param dataset the data set's name (the training source, or the lesson's description)
   * @param format the source format ({@code idx}, {@code csv}, ..., {@code synthetic}, {@code bundled})
   * @param scale the feature scaling applied
   * @param trainPath the training path, or null for generated or bundled data
   * @param testPath the test path, or null for generated or bundled data
   * @param featureNames names for the model table; empty for x0, x1, ...
   * @param targetNames class names for printed reports and plots; empty for the class numbers
   */
  public record Data(String dataset, String format, String scale, String trainPath, String testPath,
      List<String> featureNames, List<String> targetNames) {
    /** Copies the names. */
    public Data {
      featureNames = List.copyOf(featureNames);
      targetNames = List.copyOf(targetNames);
    }

    /** Data read from files. */
    public static Data files(String dataset, String format, String scale, String trainPath, String testPath) {
      return new Data(dataset, format, scale, trainPath, testPath, List.of(), List.of());
    }

    /** Generated or bundled data, without paths. */
    public static Data named(String dataset, String format, String scale) {
      return files(dataset, format, scale, null, null);
    }

    /** The same data with feature names. */
    public Data withFeatureNames(List<String> names) {
      return new Data(dataset, format, scale, trainPath, testPath, names, targetNames);
    }

    /** The same data with class names. */
    public Data withTargetNames(List<String> names) {
      return new Data(dataset, format, scale, trainPath, testPath, featureNames, names);
    }
  }

  /**
   * Where the report goes.
   *
   * @param output the folder that receives the run folder
   * @param runId the run folder's name
   * @param overwrite whether an existing run folder of the same name may be replaced
   */
  public record Target(String output, String runId, boolean overwrite) {}
}
