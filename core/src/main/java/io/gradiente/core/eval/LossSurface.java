package io.gradiente.core.eval;

import io.gradiente.core.data.Blocks;
import io.gradiente.core.data.InstanceBlock;
import io.gradiente.core.loss.Loss;
import java.util.List;

/**
 * The mean loss of a one-feature, one-output model over a grid of (w, b), as a distributed job: each partition sums
 * its rows' loss at every grid point, and the driver adds the partitions in order. The lesson's MSE surface.
 */
public final class LossSurface {
  private LossSurface() {}

  /**
   * Mean loss at every {@code (ws[i], bs[j])}.
   *
   * @return {@code z[j][i]}: rows follow b, columns follow w
   */
  public static double[][] compute(Blocks blocks, Loss loss, double[] ws, double[] bs) {
    if (blocks.features() != 1) {
      throw new IllegalArgumentException("a (w, b) surface needs one feature, the data has " + blocks.features());
    }
    double[] w = ws.clone();
    double[] b = bs.clone();
    List<double[]> parts = blocks.rdd().map(block -> sums(block, loss, w, b)).collect();
    double[] total = new double[w.length * b.length];
    for (double[] part : parts) {
      for (int i = 0; i < total.length; i++) {
        total[i] += part[i];
      }
    }
    double[][] z = new double[b.length][w.length];
    for (int j = 0; j < b.length; j++) {
      for (int i = 0; i < w.length; i++) {
        z[j][i] = total[j * w.length + i] / blocks.rows();
      }
    }
    return z;
  }

  private static double[] sums(InstanceBlock block, Loss loss, double[] w, double[] b) {
    double[] out = new double[w.length * b.length];
    double[] p = new double[2];
    for (int j = 0; j < b.length; j++) {
      p[1] = b[j];
      for (int i = 0; i < w.length; i++) {
        p[0] = w[i];
        out[j * w.length + i] = loss.loss(block, null, 0, block.rows(), p);
      }
    }
    return out;
  }

  /**
   * {@code ceil((stop - start) / step)} values like numpy's {@code arange}: {@code start + i * delta} with
   * {@code delta = (start + step) - start}, so {@code arange(1, 5, 0.1)[2]} is 1.2000000000000002 as in the lesson.
   */
  public static double[] arange(double start, double stop, double step) {
    int n = (int) Math.ceil((stop - start) / step);
    double[] out = new double[Math.max(n, 0)];
    double delta = (start + step) - start;
    for (int i = 0; i < out.length; i++) {
      out[i] = start + i * delta;
    }
    return out;
  }
}
