package org.sparkmore.data;

import java.util.Collections;
import java.util.List;
import org.sparkmore.model.ContextLayout;

/**
 * The symbols a model knows, by Unicode code point. Id 0 is the boundary token, used both as the start padding
 * of a context and as the end marker (makemore's '.'); ids 1..n are the kept code points in ascending order; id n+1
 * is the unknown-symbol token when some code points fell below the minimum count. Pure Java, so the sampler and the
 * model files can use it without Spark.
 *
 * @param codePoints the kept code points, ascending
 * @param hasUnknown whether an unknown-symbol token follows them
 */
public record Vocabulary(List<Integer> codePoints, boolean hasUnknown) implements java.io.Serializable {

    /** The boundary token's id: the one the context layout pads with and ends names with. */
    public static final int BOUNDARY = ContextLayout.BOUNDARY;
    /** How the boundary token prints; as in makemore. */
    public static final String BOUNDARY_TEXT = ".";
    /** How the unknown-symbol token prints: U+FFFD REPLACEMENT CHARACTER. */
    public static final String UNKNOWN_TEXT = "\uFFFD";

    public Vocabulary {
        codePoints = List.copyOf(codePoints);
        for (int i = 1; i < codePoints.size(); i++)
            if (codePoints.get(i - 1) >= codePoints.get(i))
                throw new IllegalArgumentException("vocabulary code points must be strictly ascending");
    }

    public int size() {
        return codePoints.size() + 1 + (hasUnknown ? 1 : 0);
    }

    /** Id of the unknown token, or -1 when there is none. */
    public int unknownId() {
        return hasUnknown ? codePoints.size() + 1 : -1;
    }

    /** Id of a code point; unknown ones map to the unknown token, or fail when there is none. */
    public int id(int codePoint) {
        int at = Collections.binarySearch(codePoints, codePoint);
        if (at >= 0) return at + 1;
        if (hasUnknown) return unknownId();
        throw new IllegalArgumentException("symbol U+" + Integer.toHexString(codePoint).toUpperCase()
                + " is not in the vocabulary, which has no unknown-symbol token");
    }

    /** The name's symbol ids, one per code point, without boundary tokens. */
    public int[] encode(String name) {
        return name.codePoints().map(this::id).toArray();
    }

    /** Text of one id. */
    public String symbol(int id) {
        if (id == BOUNDARY) return BOUNDARY_TEXT;
        if (hasUnknown && id == unknownId()) return UNKNOWN_TEXT;
        if (id < 1 || id > codePoints.size()) throw new IllegalArgumentException("no symbol with id " + id);
        return new String(Character.toChars(codePoints.get(id - 1)));
    }

    /** Text of ids, boundary tokens left out. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) if (id != BOUNDARY) sb.append(symbol(id));
        return sb.toString();
    }
}
