package io.gradiente.core.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Any table with a numeric label column turned into the canonical one ({@link Columns}): the features come from a
 * vector column {@code features} when there is one, else from an array column {@code features}, else from all other
 * numeric columns in schema order. Rows are indexed in the order Spark reads them (stable for the same files or the
 * same in-memory table). One validation job rejects null and non-finite values and ragged feature arrays.
 */
final class FrameRows {
  private FrameRows() {}

  /** See {@link LabeledRows#of(Dataset, String, String, int)}. */
  static LabeledRows read(Dataset<Row> df, String source, String label, int partitions) {
    StructType schema = df.schema();
    List<String> names = Arrays.asList(schema.fieldNames());
    if (!names.contains(label)) {
      throw new BadInputException(source + ": no label column '" + label + "' in columns " + names);
    }
    if (!(schema.apply(label).dataType() instanceof NumericType)) {
      throw new BadInputException(
          source + ": label column '" + label + "' is " + schema.apply(label).dataType().simpleString()
              + ", expected a number");
    }
    Extractor extractor = extractor(source, schema, label, names);
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col(label));
    for (String c : extractor.columns()) {
      cols.add(functions.col(c));
    }
    JavaPairRDD<Row, Long> indexed = df.select(cols.toArray(new Column[0])).javaRDD().zipWithIndex();

    Check check = indexed.aggregate(Check.EMPTY, (c, t) -> c.merge(extractor.check(t._1(), t._2())), Check::merge);
    if (check.badRow() >= 0) {
      throw new BadInputException(source + ": row " + check.badRow() + ": " + check.problem());
    }
    if (check.rows() == 0) {
      throw new BadInputException(source + ": no rows");
    }
    if (check.minWidth() != check.maxWidth()) {
      throw new BadInputException(
          source + ": column '" + Columns.FEATURES + "' has rows of different lengths: row " + check.minWidthRow()
              + " has " + check.minWidth() + " values, row " + check.maxWidthRow() + " has " + check.maxWidth());
    }
    JavaRDD<Row> rows = indexed.map(t -> RowFactory.create(t._2(), Vectors.dense(extractor.features(t._1())),
        extractor.label(t._1())));
    return new LabeledRows(source, df.sparkSession().createDataFrame(
        IndexRanges.layout(rows, check.rows(), partitions), Columns.SCHEMA), check.maxWidth(), check.rows());
  }

  private static Extractor extractor(String source, StructType schema, String label, List<String> names) {
    if (names.contains(Columns.FEATURES) && !Columns.FEATURES.equals(label)) {
      DataType t = schema.apply(Columns.FEATURES).dataType();
      if (t instanceof VectorUDT) {
        return new Extractor(label, Extractor.VECTOR, List.of(Columns.FEATURES));
      }
      if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
        return new Extractor(label, Extractor.ARRAY, List.of(Columns.FEATURES));
      }
      throw new BadInputException(
          source + ": column '" + Columns.FEATURES + "' is " + t.simpleString()
              + ", expected a vector or an array of numbers");
    }
    List<String> numeric = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!f.name().equals(label) && f.dataType() instanceof NumericType) {
        numeric.add(f.name());
      }
    }
    if (numeric.isEmpty()) {
      throw new BadInputException(source + ": no numeric feature columns besides the label '" + label + "' in " + names);
    }
    return new Extractor(label, Extractor.NUMERIC, numeric);
  }

  /**
   * Turns a selected row ({@code label, feature columns...}) into a label and a dense feature array.
   *
   * @param kind {@link #VECTOR}, {@link #ARRAY} or {@link #NUMERIC}
   * @param columns the feature columns, one for a vector or an array
   */
  private record Extractor(String labelName, int kind, List<String> columns) implements Serializable {
    static final int VECTOR = 0;
    static final int ARRAY = 1;
    static final int NUMERIC = 2;

    double label(Row r) {
      return ((Number) r.get(0)).doubleValue();
    }

    double[] features(Row r) {
      switch (kind) {
        case VECTOR:
          return ((Vector) r.get(1)).toArray();
        case ARRAY:
          List<Object> list = r.getList(1);
          double[] a = new double[list.size()];
          for (int j = 0; j < a.length; j++) {
            Object o = list.get(j);
            a[j] = o == null ? Double.NaN : ((Number) o).doubleValue();
          }
          return a;
        default:
          double[] x = new double[columns.size()];
          for (int j = 0; j < x.length; j++) {
            x[j] = r.isNullAt(j + 1) ? Double.NaN : ((Number) r.get(j + 1)).doubleValue();
          }
          return x;
      }
    }

    /** One row's verdict: its width, or the first null or non-finite value. */
    Check check(Row r, long index) {
      if (r.isNullAt(0)) {
        return Check.bad(index, "column '" + labelName + "' is null");
      }
      double y = label(r);
      if (!Double.isFinite(y)) {
        return Check.bad(index, "column '" + labelName + "' is " + y);
      }
      if (kind != NUMERIC && r.isNullAt(1)) {
        return Check.bad(index, "column '" + columns.get(0) + "' is null");
      }
      if (kind == ARRAY) {
        List<Object> list = r.getList(1);
        for (int j = 0; j < list.size(); j++) {
          if (list.get(j) == null) {
            return Check.bad(index, "column '" + columns.get(0) + "' [" + j + "] is null");
          }
        }
      }
      if (kind == NUMERIC) {
        for (int j = 0; j < columns.size(); j++) {
          if (r.isNullAt(j + 1)) {
            return Check.bad(index, "column '" + columns.get(j) + "' is null");
          }
        }
      }
      double[] x = features(r);
      for (int j = 0; j < x.length; j++) {
        if (!Double.isFinite(x[j])) {
          String where = kind == NUMERIC ? "'" + columns.get(j) + "'" : "'" + columns.get(0) + "' [" + j + "]";
          return Check.bad(index, "column " + where + " is " + x[j]);
        }
      }
      return new Check(1, x.length, index, x.length, index, -1, null);
    }
  }

  /**
   * What the validation job learns: the row count, the narrowest and widest feature arrays (with a row having each)
   * and the first bad row ({@code -1} when none) with its problem.
   */
  private record Check(
      long rows, int minWidth, long minWidthRow, int maxWidth, long maxWidthRow, long badRow, String problem)
      implements Serializable {
    static final Check EMPTY = new Check(0, Integer.MAX_VALUE, -1, 0, -1, -1, null);

    static Check bad(long row, String problem) {
      return new Check(1, Integer.MAX_VALUE, -1, 0, -1, row, problem);
    }

    Check merge(Check o) {
      boolean mine = o.badRow < 0 || (badRow >= 0 && badRow < o.badRow);
      boolean narrow = minWidth < o.minWidth || (minWidth == o.minWidth && minWidthRow >= 0
          && (o.minWidthRow < 0 || minWidthRow < o.minWidthRow));
      boolean wide = maxWidth > o.maxWidth || (maxWidth == o.maxWidth && maxWidthRow >= 0
          && (o.maxWidthRow < 0 || maxWidthRow < o.maxWidthRow));
      return new Check(
          rows + o.rows,
          narrow ? minWidth : o.minWidth,
          narrow ? minWidthRow : o.minWidthRow,
          wide ? maxWidth : o.maxWidth,
          wide ? maxWidthRow : o.maxWidthRow,
          mine ? badRow : o.badRow,
          mine ? problem : o.problem);
    }
  }
}
