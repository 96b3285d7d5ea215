package io.gradiente.ml;

import java.util.function.BiFunction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * How a fitted model is saved, the way Spark ML saves its own: {@code metadata/} is the params' JSON by Spark's
 * {@code DefaultParamsWriter} (class, uid, Spark version, every param set and defaulted; a {@code Pipeline} reads
 * it to find the stage's class), {@code data/} the {@link ModelState} as Parquet.
 */
final class ModelStore {
  private static final String DATA = "data";

  private ModelStore() {}

  /** The writer of {@code model}, whose learned state is {@code state}. */
  static MLWriter writer(Params model, ModelState state) {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
        state.write(sparkSession(), new Path(path, DATA).toString());
      }
    };
  }

  /** The reader of models of class {@code type}, made by {@code make} from a uid and a state. */
  static <M extends Params> MLReader<M> reader(Class<M> type, BiFunction<String, ModelState, M> make) {
    return new MLReader<>() {
      @Override
      public M load(String path) {
        DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(), type.getName());
        M model = make.apply(metadata.uid(), ModelState.read(sparkSession(), new Path(path, DATA).toString()));
        metadata.getAndSetParams(model, Option.empty());
        return model;
      }
    };
  }
}
