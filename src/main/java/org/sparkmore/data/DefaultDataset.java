package org.sparkmore.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The dataset used when no input is given: the first names, with their language, from the per-locale YAML files
 * inside the Datafaker 2.7.0 jar (Apache-2.0), read directly so a fresh clone trains with no download.
 *
 * <p>Datafaker's own lookup API is not used: it silently answers with the English list for keys a locale lacks. The
 * YAML files are read from a fixed list, checked against 2.7.0, of every locale file whose {@code faker.name} section
 * lists first names ({@code first_name}, {@code male_first_name}, {@code woman_first_name}, ...; ta.yml keeps its
 * names under {@code tamil_male_name}/{@code tamil_female_name}). English names live in {@code en/name.yml}, not in
 * en.yml. Left out are the country files named like {@code _MD.yml}, which carry no language, and locales without a
 * first-name list (en-US, en-GB, ...). The language is the locale's part before '-' or '_', except "by" (Belarus, a
 * copy of be.yml) which becomes "be" and Bokmål "nb" which becomes "no". Template entries such as
 * "#{female_first_name}" and junk such as "Mia+3" are skipped: a name must start with a letter and hold only letters,
 * combining marks, spaces, hyphens, apostrophes, the Catalan middle dot and zero-width (non-)joiners.
 */
public final class DefaultDataset {

    /** Locale files of Datafaker 2.7.0 that hold first names; each one must exist. */
    static final List<String> FILES = List.of(
            "ar", "be", "bg", "by", "ca", "cs", "cs-CZ", "da-DK", "de", "de-AT", "de-CH", "el-GR",
            "en-AU", "en-IE", "en-IN", "en-MD", "en-MS", "en-NEP", "en-NG", "en-NZ", "en-PAK", "en-PH", "en-PK",
            "en-SG", "en-ZA", "en-au-ocker", "en/name", "es", "es-AR", "es-MX", "es-PY", "et", "fa", "fi-FI",
            "fr", "fr-CA", "fr-CH", "he", "hr", "hu", "hy", "id", "id-ID", "it", "ja", "ka", "ko", "lv", "mk",
            "nb-NO", "nl", "no-NO", "pl", "pt", "pt-BR", "ro-MD", "ru", "ru-MD", "sk", "sq", "sv", "ta", "th",
            "tr", "uk", "uz", "vi", "zh-CN", "zh-TW");

    private static final Set<String> EXTRA_KEYS = Set.of("tamil_male_name", "tamil_female_name");
    private static final Map<String, String> LANGUAGE_ALIASES = Map.of("by", "be", "nb", "no");
    private static final String JOINERS = " -'\u2019\u2018\u02BC\u00B7\u200C\u200D";
    /** A class of the Datafaker jar; the YAML files are looked up next to it, not anywhere on the classpath. */
    private static final String ANCHOR = "net/datafaker/Faker.class";

    private static final Comparator<NameRow> ORDER =
            Comparator.comparing(NameRow::language).thenComparing(NameRow::name);

    /**
     * Parsed once per JVM, by the first caller of {@link #load} or by {@link #prefetch}'s thread; every other caller
     * waits for that parse, and gets its failure too.
     */
    private static final FutureTask<List<NameRow>> ROWS = new FutureTask<>(DefaultDataset::read);

    private DefaultDataset() {
    }

    /** All distinct (name, language) pairs, sorted by language, then name. */
    public static List<NameRow> load() {
        ROWS.run(); // returns at once when another thread runs or ran the parse
        try {
            return ROWS.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("cannot read the embedded dataset", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the embedded dataset", e);
        }
    }

    /**
     * Starts parsing the YAML on a background thread and returns at once, so that the parse (about 2-4 s, most of
     * it SnakeYAML composing 69 locale files) overlaps Spark's start-up; {@link #load} then waits for it, and
     * throws its failure, if any.
     */
    public static void prefetch() {
        Thread parse = new Thread(ROWS, "sparkmore-default-dataset");
        parse.setDaemon(true);
        parse.start();
    }

    static List<NameRow> read() {
        Yaml yaml = stringsOnlyYaml();
        TreeSet<NameRow> rows = new TreeSet<>(ORDER);
        for (String file : FILES) rows.addAll(rowsOf(yaml, file));
        return List.copyOf(rows);
    }

    /** The names one locale file lists, in file order, duplicates kept. */
    static List<NameRow> rowsOf(Yaml yaml, String file) {
        List<NameRow> rows = new ArrayList<>();
        for (Map.Entry<?, ?> locale : parse(yaml, file + ".yml").entrySet()) {
            String language = language(String.valueOf(locale.getKey()));
            for (String raw : firstNames(locale.getValue())) {
                String name = tidy(raw);
                if (isName(name)) rows.add(new NameRow(name, language));
            }
        }
        return rows;
    }

    /**
     * YAML 1.1 would read unquoted words such as No, On or 1e3 as booleans and numbers; with no implicit resolvers
     * every scalar stays the string that was written.
     */
    static Yaml stringsOnlyYaml() {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumper = new DumperOptions();
        Resolver strings = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
            }
        };
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, strings);
    }

    private static Map<?, ?> parse(Yaml yaml, String resource) {
        try (InputStream in = open(resource)) {
            Object doc = yaml.load(in);
            if (!(doc instanceof Map<?, ?> map))
                throw new IllegalStateException("Datafaker's " + resource + " is not a YAML mapping");
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Datafaker's " + resource, e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        URL anchor = DefaultDataset.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) throw new IllegalStateException("Datafaker is not on the classpath");
        String base = anchor.toString();
        URL url = new URL(base.substring(0, base.length() - ANCHOR.length()) + resource);
        try {
            return url.openStream();
        } catch (IOException e) {
            throw new IllegalStateException("Datafaker has no " + resource + "; the default dataset expects 2.7.0", e);
        }
    }

    private static String language(String locale) {
        String language = locale.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return LANGUAGE_ALIASES.getOrDefault(language, language);
    }

    /** The entries of every first-name list under {@code faker.name}. */
    private static List<String> firstNames(Object localeTree) {
        Object names = child(child(localeTree, "faker"), "name");
        if (!(names instanceof Map<?, ?> lists)) return List.of();
        return lists.entrySet().stream()
                .filter(e -> isFirstNameKey(String.valueOf(e.getKey())))
                .filter(e -> e.getValue() instanceof List<?>)
                .flatMap(e -> ((List<?>) e.getValue()).stream())
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList();
    }

    private static boolean isFirstNameKey(String key) {
        return key.endsWith("first_name") || EXTRA_KEYS.contains(key);
    }

    private static Object child(Object tree, String key) {
        return tree instanceof Map<?, ?> map ? map.get(key) : null;
    }

    /** Trimmed and in NFC, without the stray zero-width non-joiners some Persian entries end with. */
    private static String tidy(String raw) {
        String s = NameCleaner.clean(raw, false);
        int start = 0;
        int end = s.length();
        while (start < end && Character.getType(s.charAt(start)) == Character.FORMAT) start++;
        while (end > start && Character.getType(s.charAt(end - 1)) == Character.FORMAT) end--;
        return NameCleaner.clean(s.substring(start, end), false);
    }

    static boolean isName(String s) {
        if (s.isEmpty() || !Character.isLetter(s.codePointAt(0))) return false;
        return s.codePoints().allMatch(cp -> Character.isLetter(cp) || isMark(cp) || JOINERS.indexOf(cp) >= 0);
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
