package io.gradiente.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads a report table (a folder of Parquet files) with parquet-hadoop directly: no Spark session, so checking
 * three reports costs milliseconds instead of a session's start-up and a Spark job per query.
 */
final class ReportTables {
  private ReportTables() {}

  /** Every row of every part file of the table folder, in file-name order. */
  static List<Group> rows(Path table) throws IOException {
    List<Group> rows = new ArrayList<>();
    List<Path> parts;
    try (Stream<Path> files = Files.list(table)) {
      parts = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    if (parts.isEmpty()) {
      throw new IOException("no Parquet files in " + table);
    }
    for (Path part : parts) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(part.toUri())).withConf(new Configuration()).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          rows.add(g);
        }
      }
    }
    return rows;
  }

  /**
   * Every row as one line of text, doubles as their exact 64-bit patterns (so equal lines are bit-identical rows),
   * sorted by the given integer columns.
   */
  static List<String> exactRows(Path table, String... orderBy) throws IOException {
    Comparator<Group> order = Comparator.comparingInt(g -> 0);
    for (String column : orderBy) {
      order = order.thenComparingInt(g -> g.getInteger(column, 0));
    }
    List<String> out = new ArrayList<>();
    for (Group g : rows(table).stream().sorted(order).toList()) {
      GroupType type = g.getType();
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < type.getFieldCount(); i++) {
        s.append(type.getFieldName(i)).append('=');
        if (g.getFieldRepetitionCount(i) == 0) {
          s.append("null");
        } else if (type.getType(i).isPrimitive()
            && type.getType(i).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE) {
          s.append(Long.toHexString(Double.doubleToRawLongBits(g.getDouble(i, 0))));
        } else {
          s.append(g.getValueToString(i, 0));
        }
        s.append(' ');
      }
      out.add(s.toString());
    }
    return out;
  }
}
