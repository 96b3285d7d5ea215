package io.gradiente.notebook;

/**
 * What one experiment of a note left behind.
 *
 * @param runId the run's id, the {@code run_id} column of its report tables
 * @param path the run's report folder, fully qualified
 * @param summary a few lines for a person: losses, accuracy or fit, and where the report is
 */
public record NoteRun(String runId, String path, String summary) {
  /** The id and the report folder (the summary is printed when the run ends). */
  @Override
  public String toString() {
    return "NoteRun(" + runId + ", " + path + ")";
  }
}
