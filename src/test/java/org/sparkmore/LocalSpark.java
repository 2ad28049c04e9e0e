package org.sparkmore;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs on one local Spark session, which {@link SparkSessionExtension} starts before its
 * first test and stops after its last; the master is local[2] unless the class names another.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SparkSessionExtension.class)
public @interface LocalSpark {

    /** The master: local[8] for eight task slots, local[2,3] for task retries. */
    String value() default "local[2]";
}
