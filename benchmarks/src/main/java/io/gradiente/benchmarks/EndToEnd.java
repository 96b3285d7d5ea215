package io.gradiente.benchmarks;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.data.Precision;
import io.gradiente.core.eval.Evaluator;
import io.gradiente.core.linalg.Blas;
import io.gradiente.core.loss.Loss;
import io.gradiente.core.loss.SoftmaxCrossEntropy;
import io.gradiente.core.model.LinearModel;
import io.gradiente.core.optim.BatchPlan;
import io.gradiente.core.optim.Momentum;
import io.gradiente.core.stream.StreamExchange;
import io.gradiente.core.train.JobExchange;
import io.gradiente.core.train.PartitionResults;
import io.gradiente.core.train.Round;
import io.gradiente.core.train.RoundExchange;
import io.gradiente.core.train.RoundKernel;
import io.gradiente.core.train.TrainConfig;
import io.gradiente.core.train.TrainResult;
import io.gradiente.core.train.Training;
import io.gradiente.datasets.Mnist;
import io.gradiente.datasets.Scaling;
import io.gradiente.datasets.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Everything the performance issue compares, in one JVM on the same cached data, so ratios are measured side by
 * side: Spark's empty-job floor, the ways of running one step's job, our synchronous trainer, local SGD at a few
 * H, the single-JVM loop over the same kernels without Spark, and MLlib's multinomial logistic regression.
 *
 * <p>Arguments are {@code --name value} pairs: {@code --data} (a folder with Fashion-MNIST's four IDX files),
 * {@code --master} (local[2]), {@code --partitions} (2), {@code --epochs} (100), {@code --jobs} (jobs per timing of
 * the floor and the step variants, 200), {@code --mllib-iterations} (100, 0 skips MLlib), {@code --sync-every}
 * (the H values of local SGD, 10,30,60), {@code --precision} (of the local SGD runs and the second single-JVM run,
 * float), {@code --train-loss-every} (of the synchronous and local SGD runs, 1: after every epoch; 0: after the
 * last only), {@code --exchanges} (job,stream: how the syncfloat, local and rounds sections reach the partitions),
 * {@code --rounds} (2000: rounds timed one by one per exchange), {@code --sections} (comma-separated subset of
 * floor,variants,sync,syncfloat,local,rounds,single,mllib; the sync run is one job per step in double, the exact
 * algorithm as first built).
 */
public final class EndToEnd {
  private final Map<String, String> args;
  private final List<String> table = new ArrayList<>();
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  private EndToEnd(Map<String, String> args) {
    this.args = args;
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] argv) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("data", "/usr/share/datasets/fashion-mnist");
    args.put("master", "local[2]");
    args.put("partitions", "2");
    args.put("epochs", "100");
    args.put("jobs", "200");
    args.put("mllib-iterations", "100");
    args.put("sync-every", "10,30,60");
    args.put("sections", "floor,variants,sync,local,single,mllib");
    args.put("precision", "float");
    args.put("train-loss-every", "1");
    args.put("exchanges", "job,stream");
    args.put("rounds", "2000");
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--") || !args.containsKey(argv[i].substring(2))) {
        throw new IllegalArgumentException("unknown argument " + argv[i] + "; known: " + args.keySet());
      }
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    new EndToEnd(args).run();
  }

  private boolean section(String name) {
    return Arrays.asList(args.get("sections").split(",")).contains(name);
  }

  private int intArg(String name) {
    return Integer.parseInt(args.get(name));
  }

  private void run() {
    SparkSession spark = SparkSession.builder().master(args.get("master")).appName("gradiente end-to-end")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = intArg("partitions");
    int epochs = intArg("epochs");
    System.out.printf(Locale.ROOT, "BLAS %s, OPENBLAS_NUM_THREADS=%s, master %s, %d partitions, %d epochs%n",
        Blas.implementation(), System.getenv("OPENBLAS_NUM_THREADS"), args.get("master"), partitions, epochs);
    Split data = Scaling.DIVIDE255.apply(Mnist.read(spark, args.get("data"), partitions));
    Blocks train = Blocks.of(data.train(), partitions, 10);
    Blocks test = Blocks.of(data.test(), partitions, 10);
    Loss loss = SoftmaxCrossEntropy.INSTANCE;
    int features = train.features();
    int size = LinearModel.size(features, 10);
    TrainConfig config = new TrainConfig(500, 0.01, 0.9, epochs, 42, true)
        .withTrainLossEvery(intArg("train-loss-every"));
    Training training = new Training(config, loss);
    BatchPlan plan = training.plan(train.rows());
    double[] init = LinearModel.initial(features, 10, LinearModel.Init.NORMAL, 42).params();
    int jobs = intArg("jobs");
    JavaRDD<InstanceBlock> rdd = train.rdd();

    if (section("floor") || section("variants")) {
      double kernel = kernelMillis(rdd, loss, plan, init);
      JobExchange g = new JobExchange(train, training.kernel(train, size), 1);
      int[] step = {0};
      Map<String, Runnable> jobsByName = new LinkedHashMap<>();
      jobsByName.put("Spark empty job: count() on the cached blocks", () -> rdd.count());
      jobsByName.put("Spark's cheapest job: runJob on the cached blocks, returning the partition index",
          () -> PartitionResults.collect(rdd, Integer.class, (partition, it) -> partition));
      jobsByName.put("job shipping the parameters in and a gradient out, no kernel",
          () -> StepVariants.shipOnly(rdd, init));
      if (section("variants")) {
        jobsByName.put("step: closure + mapPartitionsWithIndex().collect()",
            () -> StepVariants.closureCollect(rdd, loss, plan, step[0]++ % plan.stepsPerEpoch(), init));
        jobsByName.put("step: closure + runJob on the cached RDD",
            () -> StepVariants.closureRunJob(rdd, loss, plan, step[0]++ % plan.stepsPerEpoch(), init));
        jobsByName.put("step: broadcast per step + collect()",
            () -> StepVariants.broadcastCollect(sc, rdd, loss, plan, step[0]++ % plan.stepsPerEpoch(), init));
        jobsByName.put("step: JobExchange as built",
            () -> g.run(Round.steps(0, step[0]++ % plan.stepsPerEpoch(), 1, false), init));
      }
      // Interleaved rounds, best median of each: a noisy neighbour hurts every variant alike.
      Map<String, Double> best = new LinkedHashMap<>();
      for (int round = 0; round < 5; round++) {
        jobsByName.forEach((name, job) -> best.merge(name, timeJobs(jobs / 5, job), Math::min));
      }
      best.forEach((name, ms) -> row(name, ms, name.startsWith("step") ? "ms/step" : "ms/job"));
      // The floor is the cheaper of the two empty jobs: count() also pays Spark's closure cleaning (it reads
      // RDD.class with ASM on every job), runJob with a plain function object does not.
      double floor = Math.min(best.get("Spark empty job: count() on the cached blocks"),
          best.get("Spark's cheapest job: runJob on the cached blocks, returning the partition index"));
      seconds.put("floor", floor);
      row("kernel of one partition's share of a step (driver thread, no Spark)", kernel, "ms");
      if (section("variants")) {
        row("  JobExchange / (floor + kernel), target <= 1.15",
            best.get("step: JobExchange as built") / (floor + kernel), "x");
      }
    }

    if (section("sync")) {
      TrainResult r = training.train(train, init);
      result("synchronous momentum SGD (one job per step)", "sync", r.trainSeconds(), r.params(), test, loss,
          epochs * plan.stepsPerEpoch());
    }

    Precision precision = Precision.parse(args.get("precision"));
    Blocks trainP = precision == Precision.DOUBLE ? train : Blocks.of(data.train(), partitions, 10, precision);
    Blocks testP = precision == Precision.DOUBLE ? test : Blocks.of(data.test(), partitions, 10, precision);
    cachedSize(spark, train, "double");
    if (trainP != train) {
      cachedSize(spark, trainP, precision.lowerName());
    }
    RoundKernel kernelP = training.kernel(trainP, size);

    if (section("rounds")) {
      double kernel = kernelMillis(trainP.rdd(), loss, plan, init);
      row("kernel of one partition's share of a step, " + precision.lowerName() + " (driver thread)", kernel, "ms");
      for (String name : args.get("exchanges").split(",")) {
        try (RoundExchange ex = exchange(name, trainP, kernelP)) {
          long[] ns = new long[intArg("rounds")];
          for (int i = -ns.length / 5; i < ns.length; i++) {
            long t = System.nanoTime();
            ex.run(Round.steps(0, Math.floorMod(i, plan.stepsPerEpoch()), 1, false), init);
            if (i >= 0) {
              ns[i] = System.nanoTime() - t;
            }
          }
          double mean = Arrays.stream(ns).average().orElse(Double.NaN) / 1e6;
          Arrays.sort(ns);
          double median = ns[ns.length / 2] / 1e6;
          double p99 = ns[(int) Math.ceil(0.99 * ns.length) - 1] / 1e6;
          row("round through " + name + ", median (p90 " + millis(ns, 0.90) + ", p98 " + millis(ns, 0.98)
              + ", p99 " + millis(ns, 0.99) + " ms)", median, "ms/round");
          // A whole run pays the mean: a tail of slow rounds shows here and not in the median.
          row("  " + name + ": mean round", mean, "ms/round");
          row("  " + name + ": median beyond the kernel (p99 beyond the kernel "
              + String.format(Locale.ROOT, "%.0f", (p99 - kernel) * 1000) + " us)", (median - kernel) * 1000,
              "us/round");
        }
      }
    }

    for (String name : args.get("exchanges").split(",")) {
      if (section("syncfloat") && precision != Precision.DOUBLE) {
        TrainResult r;
        // The resident stage holds every task slot until it is closed: evaluate after.
        try (RoundExchange ex = exchange(name, trainP, kernelP)) {
          r = training.train(ex, init);
        }
        result("synchronous momentum SGD, " + precision.lowerName() + ", exchange " + name,
            "sync-" + precision.lowerName() + "-" + name, r.trainSeconds(), r.params(), testP, loss,
            epochs * plan.stepsPerEpoch());
      }
      if (section("local")) {
        for (String h : args.get("sync-every").split(",")) {
          int every = Integer.parseInt(h.trim());
          Training local = new Training(config.withSyncEvery(every), loss);
          TrainResult r;
          try (RoundExchange ex = exchange(name, trainP, local.kernel(trainP, size))) {
            r = local.train(ex, init);
          }
          result("local SGD, outer momentum, --sync-every " + every + ", " + precision.lowerName()
              + (config.trainLossEvery() == 1 ? "" : ", --train-loss-every " + config.trainLossEvery())
              + ", exchange " + name, "local-" + every + "-" + name, r.trainSeconds(), r.params(), testP, loss,
              epochs * plan.stepsPerEpoch());
        }
      }
    }

    if (section("single")) {
      for (Blocks b : precision == Precision.DOUBLE ? List.of(train) : List.of(train, trainP)) {
        String p = b.rdd().first().precision().lowerName();
        double[] out = init.clone();
        InstanceBlock all = concatenate(b.rdd());
        double s = singleJvm(all, loss, config, out, true);
        result("single JVM, no Spark, one thread (the machine's floor), " + p, "single-" + p, s, out, test, loss,
            epochs * plan.stepsPerEpoch());
        row("  single JVM " + p + " / " + partitions + " cores", s / partitions, "s");
        if (b == trainP && precision == Precision.FLOAT) {
          // As the numpy and PyTorch loops: no training loss over the whole set after each epoch.
          double[] bare = init.clone();
          double t = singleJvm(all, loss, config, bare, false);
          result("single JVM, float, without the per-epoch training loss", "single-float-bare", t, bare, test,
              loss, epochs * plan.stepsPerEpoch());
          row("  single JVM float without epoch losses / " + partitions + " cores", t / partitions, "s");
        }
      }
    }

    if (section("mllib") && intArg("mllib-iterations") > 0) {
      Dataset<Row> frame = data.train().frame().select(functions.col("features"), functions.col("label"))
          .repartition(partitions).persist(StorageLevel.MEMORY_ONLY());
      frame.count();
      LogisticRegression lr = new LogisticRegression().setFamily("multinomial")
          .setMaxIter(intArg("mllib-iterations")).setTol(0.0).setRegParam(0.0);
      long start = System.nanoTime();
      LogisticRegressionModel model = lr.fit(frame);
      double s = (System.nanoTime() - start) / 1e9;
      Dataset<Row> predicted = model.transform(data.test().frame());
      double accuracy = predicted.filter(functions.col("prediction").equalTo(functions.col("label"))).count()
          / (double) data.test().rows();
      row(String.format(Locale.ROOT, "MLlib LogisticRegression multinomial, %d L-BFGS iterations (test acc %.4f)",
          model.summary().totalIterations(), accuracy), s, "s");
      seconds.put("mllib", s);
      frame.unpersist();
    }

    System.out.println();
    System.out.println("=== results ===");
    table.forEach(System.out::println);
    System.out.println("=== ratios ===");
    seconds.forEach((k, v) -> {
      if (seconds.containsKey("sync") && !k.equals("sync") && !k.equals("floor")) {
        System.out.printf(Locale.ROOT, "%-14s / sync: %.3f%n", k, v / seconds.get("sync"));
      }
    });
    for (String single : List.of("single-double", "single-float")) {
      if (seconds.containsKey(single)) {
        double floor2 = seconds.get(single) / partitions;
        seconds.forEach((k, v) -> {
          if (!k.equals("floor")) {
            System.out.printf(Locale.ROOT, "%-14s / (%s / %d cores): %.3f%n", k, single, partitions, v / floor2);
          }
        });
      }
    }
    train.release();
    test.release();
    trainP.release();
    testP.release();
    spark.stop();
  }

  private static RoundExchange exchange(String name, Blocks blocks, RoundKernel kernel) {
    if (name.equals("stream")) {
      SparkConf conf = blocks.rdd().context().getConf();
      return new StreamExchange(blocks, kernel, 1, StreamExchange.Settings.of(conf, 0), System.err::println);
    }
    return new JobExchange(blocks, kernel, 1);
  }

  /** The cached size of the blocks against the raw size of their values. */
  private void cachedSize(SparkSession spark, Blocks blocks, String precision) {
    for (org.apache.spark.storage.RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      if (info.id() == blocks.rdd().id()) {
        double raw = blocks.rows() * (double) blocks.features() * (precision.equals("float") ? 4 : 8);
        row(String.format(Locale.ROOT, "cached training blocks, %s: %.1f MB for %.1f MB of values", precision,
            info.memSize() / 1e6, raw / 1e6), info.memSize() / raw, "x (target <= 1.1)");
      }
    }
  }

  private void result(String name, String key, double s, double[] params, Blocks test, Loss loss, int steps) {
    double accuracy = Evaluator.classify(test, loss, params, 10).confusion().accuracy();
    row(String.format(Locale.ROOT, "%s (test acc %.4f, %.3f ms/step)", name, accuracy, s * 1000 / steps), s, "s");
    seconds.put(key, s);
  }

  /** The {@code q} quantile of sorted nanoseconds, in milliseconds with three decimals. */
  private static String millis(long[] sorted, double q) {
    return String.format(Locale.ROOT, "%.3f", sorted[(int) Math.ceil(q * sorted.length) - 1] / 1e6);
  }

  private void row(String what, double value, String unit) {
    String line = String.format(Locale.ROOT, "%-95s %10.3f %s", what, value, unit);
    System.out.println(line);
    table.add(line);
  }

  /** Median milliseconds per call over {@code n} calls, after a tenth as many warm-up calls. */
  static double timeJobs(int n, Runnable job) {
    for (int i = 0; i < Math.max(5, n / 10); i++) {
      job.run();
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      job.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[n / 2];
  }

  /** Median time of one partition's share of a step through partition 0's block, on the driver thread. */
  private static double kernelMillis(JavaRDD<InstanceBlock> rdd, Loss loss, BatchPlan plan, double[] params) {
    InstanceBlock block = ((List<InstanceBlock>[]) rdd.collectPartitions(new int[] {0}))[0].get(0);
    int[] order = plan.order(0, 0, block.rows(), null);
    double[] grad = new double[params.length];
    int[] step = {0};
    return timeJobs(3 * plan.stepsPerEpoch(), () -> {
      int s = step[0]++ % plan.stepsPerEpoch();
      loss.addGradient(block, order, plan.from(s, block.rows()), plan.to(s, block.rows()), params, grad);
    });
  }

  /** All training rows in one block on the driver, in partition order. */
  private static InstanceBlock concatenate(JavaRDD<InstanceBlock> rdd) {
    List<InstanceBlock> blocks = rdd.collect();
    int rows = blocks.stream().mapToInt(InstanceBlock::rows).sum();
    int f = blocks.get(0).features();
    if (blocks.get(0).precision() == Precision.FLOAT) {
      float[] values = new float[rows * f];
      double[] labels = new double[rows];
      int at = 0;
      for (InstanceBlock b : blocks) {
        System.arraycopy(b.floatValues(), 0, values, at * f, b.rows() * f);
        System.arraycopy(b.labels(), 0, labels, at, b.rows());
        at += b.rows();
      }
      return new InstanceBlock(rows, f, values, labels);
    }
    double[] values = new double[rows * f];
    double[] labels = new double[rows];
    int at = 0;
    for (InstanceBlock b : blocks) {
      System.arraycopy(b.values(), 0, values, at * f, b.rows() * f);
      System.arraycopy(b.labels(), 0, labels, at, b.rows());
      at += b.rows();
    }
    return new InstanceBlock(rows, f, values, labels);
  }

  /**
   * The same algorithm with no Spark at all: one block, one thread, the same batch plan, kernel and optimizer; with
   * {@code epochLoss} the loss over all rows after each epoch is computed too, as the trainer does. Returns the
   * training seconds.
   */
  static double singleJvm(InstanceBlock all, Loss loss, TrainConfig config, double[] params, boolean epochLoss) {
    Training training = new Training(config, loss);
    BatchPlan plan = training.plan(all.rows());
    Momentum optimizer = training.optimizer(params.length);
    GradientSum sum = new GradientSum(params.length);
    double[] mean = new double[params.length];
    int[] order = null;
    long start = System.nanoTime();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      order = plan.order(epoch, 0, all.rows(), order);
      for (int step = 0; step < plan.stepsPerEpoch(); step++) {
        Arrays.fill(sum.gradient(), 0.0);
        int from = plan.from(step, all.rows());
        int to = plan.to(step, all.rows());
        double l = loss.addGradient(all, order, from, to, params, sum.gradient());
        GradientSum g = new GradientSum(sum.gradient(), l, to - from);
        g.meanGradient(mean);
        optimizer.step(params, mean);
      }
      if (epochLoss) {
        loss.loss(all, null, 0, all.rows(), params);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
