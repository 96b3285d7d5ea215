package io.gradiente.core.spark;

import scala.collection.JavaConverters;

/**
 * Iterators across the Java/Scala boundary of Spark's Scala API, for Scala 2.12 (the Spark 3 line):
 * {@code scala.collection.JavaConverters}. The Spark 4 build has the same class for Scala 2.13.
 */
public final class ScalaIterators {
  private ScalaIterators() {}

  /** A Java view of a Scala iterator. */
  public static <A> java.util.Iterator<A> asJava(scala.collection.Iterator<A> elements) {
    return JavaConverters.asJavaIterator(elements);
  }

  /** A Scala view of a Java iterator. */
  public static <A> scala.collection.Iterator<A> asScala(java.util.Iterator<A> elements) {
    return JavaConverters.asScalaIterator(elements);
  }
}
