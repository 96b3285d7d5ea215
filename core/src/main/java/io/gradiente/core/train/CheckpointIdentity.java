package io.gradiente.core.train;

import io.gradiente.core.data.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a resumed run must repeat exactly: the settings its checkpoint records, by name, and the fingerprint of its
 * data. A checkpoint of any other configuration or data would continue a different run.
 */
final class CheckpointIdentity {
  private CheckpointIdentity() {}

  /**
   * Checks that {@code saved} was written by run {@code runId} with this configuration and data.
   *
   * @throws BadInputException naming every setting that differs, or both fingerprints
   */
  static void check(String runId, TrainState saved, Map<String, String> config, String dataFingerprint) {
    TreeSet<String> keys = new TreeSet<>(saved.config().keySet());
    keys.addAll(config.keySet());
    List<String> diffs = new ArrayList<>();
    for (String key : keys) {
      String was = saved.config().get(key);
      String now = config.get(key);
      if (!Objects.equals(was, now)) {
        diffs.add(key + " was " + was + ", now " + now);
      }
    }
    if (!diffs.isEmpty()) {
      throw new BadInputException("cannot resume run " + runId + ": the configuration differs from its checkpoint: "
          + String.join("; ", diffs));
    }
    if (!saved.dataFingerprint().equals(dataFingerprint)) {
      throw new BadInputException("cannot resume run " + runId + ": the data differ from its checkpoint: was "
          + saved.dataFingerprint() + ", now " + dataFingerprint);
    }
  }
}
