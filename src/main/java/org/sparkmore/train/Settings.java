package org.sparkmore.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparkmore.data.DataConfig;
import org.sparkmore.io.RegistryConfig;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.sample.SampleConfig;

/**
 * The run's configuration as flat keys ({@code model.blockSize}, {@code optim.learningRate}, ...) resolved with the
 * precedence defaults &lt; conf file &lt; flags, then turned once into the typed {@link RunConfig} ({@link #toConfig}).
 * The defaults are the DEFAULTS constants of the config records, so they live in one place; a key that no record has
 * is an error. The command line and the Spark ML estimator both resolve their configuration here; the flat keys, as
 * given, are what a saved model stores.
 */
public final class Settings {

    /** Record components that the job fills in from the data; they keep their default here and cannot be set. */
    private static final java.util.Set<String> DERIVED = java.util.Set.of("model.vocabSize", "model.languages");

    private final Map<String, Record> defaults = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Every section of {@link RunConfig} with its defaults. */
    public static Settings defaults() {
        return new Settings();
    }

    private Settings() {
        for (RecordComponent section : RunConfig.class.getRecordComponents())
            defaults.put(section.getName(), (Record) read(section, RunConfig.DEFAULTS));
        defaults.forEach((prefix, record) -> {
            for (RecordComponent rc : record.getClass().getRecordComponents())
                if (!DERIVED.contains(prefix + "." + rc.getName()))
                    values.put(prefix + "." + rc.getName(), format(read(rc, record)));
        });
    }

    /** Sets one key; unknown keys fail with the list of known ones. */
    public Settings set(String key, String value) {
        if (DERIVED.contains(key))
            throw new IllegalArgumentException(key + " is set from the data, not by config");
        if (!values.containsKey(key))
            throw new IllegalArgumentException("unknown config key '" + key + "'; known keys: "
                    + String.join(", ", values.keySet()));
        values.put(key, value.trim());
        return this;
    }

    /** Applies a conf file of {@code key = value} lines ('#' comments), read through Hadoop's FileSystem. */
    public Settings load(String file, Configuration hadoop) throws IOException {
        Path path = new Path(file);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                path.getFileSystem(hadoop).open(path), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                int eq = t.indexOf('=');
                if (eq < 0) throw new IllegalArgumentException(file + ":" + n + ": expected key = value, got: " + t);
                try {
                    set(t.substring(0, eq).strip(), t.substring(eq + 1));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        }
        return this;
    }

    /** Applies {@code key=value} pairs, as given to --set. */
    public Settings apply(List<String> pairs) {
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("--set expects key=value, got: " + pair);
            set(pair.substring(0, eq).strip(), pair.substring(eq + 1));
        }
        return this;
    }

    /** Builds one section's record from the resolved values; the record's constructor validates them. */
    private <R extends Record> R get(String prefix, Class<R> type) {
        RecordComponent[] rcs = type.getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            String key = prefix + "." + rcs[i].getName();
            types[i] = rcs[i].getType();
            if (DERIVED.contains(key)) {
                args[i] = read(rcs[i], defaults.get(prefix));
                continue;
            }
            try {
                args[i] = parse(values.get(key), types[i]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + " must be " + expected(types[i]) + ", got '"
                        + values.get(key) + "'", e);
            }
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The typed configuration: every section's record, built here, once, so that an invalid value fails with its key
     * before any work starts.
     */
    public RunConfig toConfig() {
        return new RunConfig(get("data", DataConfig.class), get("model", ModelConfig.class),
                get("optim", OptimConfig.class), get("train", TrainConfig.class), get("barrier", BarrierConfig.class),
                get("registry", RegistryConfig.class), get("sample", SampleConfig.class));
    }

    /** Prints the resolved configuration, one line per section. */
    public void print(java.io.PrintStream out) {
        for (String prefix : defaults.keySet()) {
            StringBuilder line = new StringBuilder("config " + prefix + ":");
            values.forEach((k, v) -> {
                if (k.startsWith(prefix + "."))
                    line.append(' ').append(k.substring(prefix.length() + 1)).append('=').append(v);
            });
            out.println(line);
        }
    }

    /** The resolved keys and values, in declaration order. */
    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    private static Object read(RecordComponent rc, Record r) {
        try {
            return rc.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String format(Object v) {
        if (v instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(v);
    }

    private static Object parse(String s, Class<?> t) {
        if (t == int.class) return Integer.parseInt(s.replace("_", ""));
        if (t == long.class) return Long.parseLong(s.replace("_", ""));
        if (t == double.class) return Double.parseDouble(s);
        if (t == boolean.class) {
            if (!s.equals("true") && !s.equals("false")) throw new IllegalArgumentException("not true/false");
            return Boolean.parseBoolean(s);
        }
        if (t == String.class) return s;
        if (t.isEnum()) {
            // An enum value is spelt as its toString, as the saved model's config holds it
            for (Object constant : t.getEnumConstants()) if (constant.toString().equals(s)) return constant;
            throw new IllegalArgumentException("not one of " + expected(t));
        }
        if (t == List.class) {
            List<Integer> out = new ArrayList<>();
            for (String part : Arrays.asList(s.split(",")))
                if (!part.isBlank()) out.add(Integer.parseInt(part.strip()));
            return out;
        }
        throw new IllegalStateException("unsupported config type " + t);
    }

    /** What a value of type t looks like, for the message when one does not parse. */
    private static String expected(Class<?> t) {
        if (t.isEnum()) return "one of " + String.join(", ", Arrays.stream(t.getEnumConstants()).map(String::valueOf)
                .toList());
        if (t == int.class || t == long.class) return "a whole number";
        if (t == double.class) return "a number";
        if (t == boolean.class) return "true or false";
        if (t == List.class) return "whole numbers separated by commas";
        return "a " + t.getSimpleName();
    }
}
