package org.sparkmore.ml;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.sparkmore.io.ModelStore;
import scala.Option;

/**
 * How a {@link NameMlpModel} is saved: Spark ML's metadata (class, uid, params) under {@code path/metadata}, as every
 * Spark ML stage saves it, and the model itself under {@code path/data} in the command line's own format
 * ({@link ModelStore}: model.json, params.npy, checksums.sha256), so {@code sparkmore sample --model path/data} and
 * numpy read it too.
 */
final class ModelFiles {

    static final String DATA = "data";

    private ModelFiles() {
    }

    static final class Writer extends MLWriter {
        private final NameMlpModel model;

        Writer(NameMlpModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
            ModelStore.save(model.saved(), path + "/" + DATA, sparkSession().sparkContext().hadoopConfiguration());
        }
    }

    static final class Reader extends MLReader<NameMlpModel> {
        @Override
        public NameMlpModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    NameMlpModel.class.getName());
            NameMlpModel model = new NameMlpModel(metadata.uid(), ModelStore.load(path + "/" + DATA,
                    sparkSession().sparkContext().hadoopConfiguration()));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
