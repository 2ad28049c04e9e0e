package org.sparkmore.data;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows of a names table kept, and rows dropped or cleaned for each reason, in all or for one language. Drop reasons
 * of the input start with "input: "; a row counts as cleaned when it is kept and lost characters beyond the white
 * space at its ends. The maps are sorted by reason.
 */
public record RowCounts(long kept, Map<String, Long> dropped, Map<String, Long> cleaned) {
    public RowCounts {
        dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
        cleaned = Collections.unmodifiableMap(new TreeMap<>(cleaned));
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public long cleanedTotal() {
        return cleaned.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for the job's output, e.g. "9 names kept; dropped 1 row(s): {...}; cleaned 2 row(s): {...}". */
    public String describe() {
        return String.format(Locale.ROOT, "%,d names kept; dropped %,d row(s): %s; cleaned %,d row(s): %s",
                kept, droppedTotal(), dropped, cleanedTotal(), cleaned);
    }
}
