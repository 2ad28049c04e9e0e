package org.sparkmore.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.sparkmore.io.LossCurves;
import org.sparkmore.io.ModelRegistry;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.PromotionGate;
import org.sparkmore.io.RegistryConfig;
import org.sparkmore.io.SavedModel;

/**
 * Where a finished run's model goes: a plain model directory, replaced whole ({@link ModelStore}), or with
 * {@code --versioned} a new version in a registry, promoted to LATEST only if it passes the gate
 * ({@link ModelRegistry}). Opened before training, so an unreachable, unwritable or misplaced output, or a locked
 * registry, fails the run at once rather than after it.
 */
final class ModelOutput {

    private final String dir;
    private final ModelRegistry registry; // null for a plain model directory
    private final RegistryConfig config;
    private final Configuration hadoop;

    private ModelOutput(String dir, ModelRegistry registry, RegistryConfig config, Configuration hadoop) {
        this.dir = dir;
        this.registry = registry;
        this.config = config;
        this.hadoop = hadoop;
    }

    static ModelOutput open(RunPlan plan, Configuration hadoop) {
        RegistryConfig config = plan.config().registry();
        if (!plan.versioned()) {
            ModelStore.checkWritable(plan.output(), hadoop);
            return new ModelOutput(plan.output(), null, config, hadoop);
        }
        ModelRegistry registry = ModelRegistry.open(plan.output(), hadoop);
        registry.checkUnlocked();
        System.out.println("registry: " + plan.output() + ", LATEST " + registry.latest().orElse("(none yet)")
                + ", " + registry.versions().size() + " version(s)");
        return new ModelOutput(plan.output(), registry, config, hadoop);
    }

    /**
     * Saves the model with its loss curves, and with a registry its metrics.json too; prints where it went and the
     * gate's decision.
     */
    void save(SavedModel model, LossCurves curves, byte[] metricsJson) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ModelStore.CURVES, ModelStore.curvesJson(curves));
        if (registry == null) {
            ModelStore.save(model, files, dir, hadoop);
            System.out.println("saved " + dir);
            return;
        }
        files.put(ModelRegistry.METRICS, metricsJson);
        ModelRegistry.Commit c = registry.commit(model, files, config);
        c.warnings().forEach(w -> System.out.println("warning: " + w));
        if (!c.cleaned().isEmpty())
            System.out.println("registry: deleted what crashed runs left: " + String.join(", ", c.cleaned()));
        PromotionGate.Decision d = c.decision();
        System.out.println("saved version " + c.version() + " in " + dir);
        System.out.println(d.promoted()
                ? "promotion: passed (" + d.reason() + "); LATEST -> " + c.version()
                : "promotion: failed (" + d.reason() + "); LATEST stays " + d.latest());
        if (!c.deleted().isEmpty())
            System.out.println("retention: kept the newest " + config.keep() + " version(s) and LATEST's; deleted "
                    + String.join(", ", c.deleted()));
    }
}
