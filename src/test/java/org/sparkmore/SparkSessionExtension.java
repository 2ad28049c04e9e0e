package org.sparkmore;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link LocalSpark}: one {@link SparkTestSession} per test class, started before its
 * {@code @BeforeAll} methods and stopped after its {@code @AfterAll} ones. The session goes into the class's static
 * {@code SparkSession} fields, which its static helpers use, and to any {@code SparkSession} parameter of a test,
 * constructor or lifecycle method.
 */
public final class SparkSessionExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SparkSessionExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        String master = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LocalSpark.class)
                .map(LocalSpark::value).orElse("local[2]");
        SparkSession spark = SparkTestSession.start(master);
        context.getStore(NAMESPACE).put(SparkSession.class, spark);
        inject(context.getRequiredTestClass(), spark);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IllegalAccessException {
        SparkSession spark = context.getStore(NAMESPACE).remove(SparkSession.class, SparkSession.class);
        if (spark != null) spark.stop();
        // a stopped session left in a static field would only fail later, and far from here
        inject(context.getRequiredTestClass(), null);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SparkSession.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(SparkSession.class, SparkSession.class);
    }

    private static void inject(Class<?> testClass, SparkSession spark) throws IllegalAccessException {
        for (Field f : ReflectionSupport.findFields(testClass, f -> Modifier.isStatic(f.getModifiers())
                && f.getType() == SparkSession.class, HierarchyTraversalMode.TOP_DOWN)) {
            f.setAccessible(true);
            f.set(null, spark);
        }
    }
}
