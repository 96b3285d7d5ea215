package io.gradiente.datasets;

import io.gradiente.core.data.BadInputException;
import io.gradiente.core.data.LabeledRows;
import java.util.Objects;

/**
 * A data set cut into the rows a model learns from and the rows it is judged on. Each part indexes its rows from 0.
 *
 * @param train the training rows
 * @param test the held-out rows
 */
public record Split(LabeledRows train, LabeledRows test) {
  /** Checks that both parts are present and have the same number of features. */
  public Split {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.features() != test.features()) {
      throw new BadInputException(test.source() + ": " + test.features() + " features, but the training data "
          + train.source() + " has " + train.features());
    }
  }
}
