package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import java.util.Locale;

/** How features are scaled before training; a separate step after reading, fitted on the train rows only. */
public enum Scaling {
  /** {@code (x - min) / (max - min)} with the train rows' per-feature min and max (see {@link FeatureRange}). */
  MINMAX,
  /** {@code x / 255}: pixels 0..255 to 0..1. */
  DIVIDE255,
  /** The features as they are. */
  NONE;

  /** Scales both parts of a split; for {@link #MINMAX} the range is fitted on {@code split.train()}. */
  public Split apply(Split split) {
    switch (this) {
      case MINMAX:
        FeatureRange range = FeatureRange.fit(split.train());
        return new Split(range.apply(split.train()), range.apply(split.test()));
      case DIVIDE255:
        return new Split(
            split.train().withFrame(FeatureRange.mapFeatures(split.train().frame(), Scaling::divide255)),
            split.test().withFrame(FeatureRange.mapFeatures(split.test().frame(), Scaling::divide255)));
      default:
        return split;
    }
  }

  /** The scaling named in lower case ({@code minmax}, {@code divide255}, {@code none}). */
  public static Scaling parse(String name) {
    for (Scaling s : values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(name)) {
        return s;
      }
    }
    throw new BadInputException("unknown scaling '" + name + "', expected one of minmax, divide255, none");
  }

  private static double[] divide255(double[] x) {
    double[] y = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      y[j] = x[j] / 255.0;
    }
    return y;
  }
}
