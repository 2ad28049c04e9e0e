package org.sparkmore.io;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The promotion gate of a model registry: whether a newly trained version may become LATEST. It passes when the new
 * dev loss is at most LATEST's times (1 + maxDevLossIncreasePercent / 100) and both were measured on the same dev
 * split, that is with the same {@link #SPLIT_KEYS}; a first version always passes. When the split keys differ the
 * losses do not compare, and the gate fails rather than guess: a scheduled run must not promote a model it could
 * not judge. A deliberate change of split is promoted by hand, by writing the version's name into LATEST.
 */
public final class PromotionGate {

    /** The config keys that decide which names are in the dev split (the hash's seed and shares, or the table). */
    public static final List<String> SPLIT_KEYS = List.of("data.splitSeed", "data.devPercent", "data.testPercent",
            "data.dev");

    /**
     * The gate's decision, as printed and written to the version's promotion.json.
     *
     * @param promoted      whether the version passed and becomes LATEST
     * @param reason        why, in words
     * @param devLoss       the new version's dev loss
     * @param latest        the version LATEST named when the gate ran; null for the first version
     * @param latestDevLoss that version's dev loss; null when there was none or it could not be read
     * @param maxDevLossIncreasePercent the allowed increase the gate applied
     */
    public record Decision(boolean promoted, String reason, double devLoss, String latest, Double latestDevLoss,
                           double maxDevLossIncreasePercent) {
    }

    private PromotionGate() {
    }

    /**
     * Decides on a candidate against the current LATEST.
     *
     * @param latestVersion the name LATEST holds, or null when the registry has none yet
     * @param latest        that version's model, or null when it could not be read
     * @param unreadable    why it could not be read, when latest is null
     */
    public static Decision decide(SavedModel candidate, String latestVersion, SavedModel latest, String unreadable,
                                  double maxDevLossIncreasePercent) {
        double dev = devLoss(candidate);
        if (latestVersion == null)
            return new Decision(true, "the registry's first version", dev, null, null, maxDevLossIncreasePercent);
        if (latest == null)
            return new Decision(true, "LATEST names " + latestVersion + ", which cannot be read (" + unreadable
                    + "); a readable model replaces it", dev, latestVersion, null, maxDevLossIncreasePercent);
        double old = devLoss(latest);
        if (latest.metrics().containsKey("devLoss") && !Double.isFinite(old) && Double.isFinite(dev))
            return new Decision(true, "LATEST names " + latestVersion + ", whose dev loss is " + old
                    + " (a diverged run saved before models were checked); a finite one replaces it", dev,
                    latestVersion, null, maxDevLossIncreasePercent);
        String differs = splitDifference(latest, candidate);
        String reason;
        boolean pass = false;
        if (differs != null) {
            reason = "the dev split differs from " + latestVersion + "'s (" + differs + "), so the dev losses do not "
                    + "compare; to promote it anyway, write its name into LATEST";
        } else if (Double.isNaN(dev) || Double.isNaN(old)) {
            reason = "no dev loss to compare (" + format(dev) + " vs " + format(old) + "): is the dev split empty?";
        } else {
            double limit = old * (1 + maxDevLossIncreasePercent / 100);
            pass = dev <= limit;
            reason = String.format(Locale.ROOT, "dev loss %s %s %s, %s's %s %+.2f%%", format(dev),
                    pass ? "<=" : ">", format(limit), latestVersion, format(old), maxDevLossIncreasePercent);
        }
        return new Decision(pass, reason, dev, latestVersion, Double.isNaN(old) ? null : old,
                maxDevLossIncreasePercent);
    }

    /** The split keys whose values differ, as "key old vs new, ..."; null when they all agree. */
    static String splitDifference(SavedModel older, SavedModel newer) {
        StringBuilder diff = new StringBuilder();
        for (String key : SPLIT_KEYS) {
            String a = String.valueOf(older.config().get(key));
            String b = String.valueOf(newer.config().get(key));
            if (!Objects.equals(a, b)) diff.append(diff.length() == 0 ? "" : ", ").append(key).append(' ').append(a)
                    .append(" vs ").append(b);
        }
        return diff.length() == 0 ? null : diff.toString();
    }

    private static double devLoss(SavedModel m) {
        Double dev = m.metrics().get("devLoss");
        return dev == null ? Double.NaN : dev;
    }

    /** A loss to 4 places; "none" for a model without one (its dev split was empty). */
    private static String format(double loss) {
        return Double.isNaN(loss) ? "none" : String.format(Locale.ROOT, "%.4f", loss);
    }
}
