package io.gradiente.core.data;

/**
 * Input that cannot be used: a missing path, a malformed value, a label outside the classes, an invalid
 * hyperparameter. The message is one line that names what is wrong and where (file, row, field); the command
 * line prints it and exits with code 2.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its one-line message. */
  public BadInputException(String message) {
    super(message);
  }

  /** Creates the exception with its one-line message and the low-level cause. */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Finds a {@code BadInputException} in a throwable's cause chain, or in the text of a Spark task failure (on a
   * cluster the original exception only travels as text).
   *
   * @return the one-line message, or {@code null} when the failure is not about bad input
   */
  public static String findMessage(Throwable t) {
    String marker = BadInputException.class.getName() + ": ";
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BadInputException) {
        return c.getMessage();
      }
      String m = c.getMessage();
      int at = m == null ? -1 : m.indexOf(marker);
      if (at >= 0) {
        String rest = m.substring(at + marker.length());
        int eol = rest.indexOf('\n');
        return eol < 0 ? rest : rest.substring(0, eol);
      }
    }
    return null;
  }
}
