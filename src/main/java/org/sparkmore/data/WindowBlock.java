package org.sparkmore.data;

import java.io.Serializable;

/**
 * One partition's training windows as the training loop reads them, by index: window w is a context of
 * {@link #width} ids (the blockSize symbols before the target, then the language's embedding row when the model is
 * conditioned, as {@link org.sparkmore.model.ContextLayout} lays them out), the symbol that follows, and the name's
 * language. A block is cached once per partition for a whole
 * run, so its layout sets the memory a table needs ({@link #bytes}).
 */
public interface WindowBlock extends Serializable {

    /** Ids per context. */
    int width();

    /** Windows in the block. */
    int size();

    /** Whether the windows carry their language. */
    boolean hasLanguages();

    /** Copies window w's context into contexts[at, at + width) and returns its target, the next symbol's id. */
    int window(int w, int[] contexts, int at);

    /** Window w's language index; only when the block {@link #hasLanguages}. */
    int language(int w);

    /** Bytes the block's arrays hold: what caching it costs, apart from a few object headers. */
    long bytes();
}
