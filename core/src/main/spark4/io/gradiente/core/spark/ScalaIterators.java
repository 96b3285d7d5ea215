package io.gradiente.core.spark;

import scala.jdk.javaapi.CollectionConverters;

/**
 * Iterators across the Java/Scala boundary of Spark's Scala API, for Scala 2.13 (the Spark 4 line):
 * {@code scala.jdk.javaapi.CollectionConverters}, which replaced the deprecated {@code JavaConverters}. The Spark 3
 * build has the same class for Scala 2.12.
 */
public final class ScalaIterators {
  private ScalaIterators() {}

  /** A Java view of a Scala iterator. */
  public static <A> java.util.Iterator<A> asJava(scala.collection.Iterator<A> elements) {
    return CollectionConverters.asJava(elements);
  }

  /** A Scala view of a Java iterator. */
  public static <A> scala.collection.Iterator<A> asScala(java.util.Iterator<A> elements) {
    return CollectionConverters.asScala(elements);
  }
}
