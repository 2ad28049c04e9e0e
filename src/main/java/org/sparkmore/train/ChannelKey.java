package org.sparkmore.train;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * The secret of one barrier stage attempt, which every connection of its channels proves it holds (HMAC-SHA256,
 * RFC 2104). Without spark.authenticate the key itself is random and reaches the tasks inside their closure. With
 * spark.authenticate the closure carries only a random salt and each end derives the key from Spark's own secret,
 * so reading the closure off an unencrypted network is not enough to join. A new key per attempt keeps the tasks
 * of a failed attempt out of the next.
 */
final class ChannelKey implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] material;     // the key, or with Spark's secret, the salt
    private final boolean sparkSecret;
    private transient byte[] key;

    private ChannelKey(byte[] material, boolean sparkSecret) {
        this.material = material;
        this.sparkSecret = sparkSecret;
    }

    /** A fresh key for a stage attempt of the application configured so. */
    static ChannelKey create(SparkConf conf) {
        return new ChannelKey(random(), conf.getBoolean("spark.authenticate", false));
    }

    /** A fresh random key, independent of Spark (tests of the channels alone). */
    static ChannelKey fresh() {
        return new ChannelKey(random(), false);
    }

    private static byte[] random() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Whether the key derives from Spark's spark.authenticate secret. */
    boolean fromSparkSecret() {
        return sparkSecret;
    }

    /** HMAC-SHA256 under this key of the label and parts. */
    byte[] mac(String label, byte[]... parts) {
        return mac(key(), label, parts);
    }

    static byte[] mac(byte[] key, String label, byte[]... parts) {
        Mac m = hmac(key);
        m.update(label.getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) m.update(p);
        return m.doFinal();
    }

    /** A fresh HMAC-SHA256 instance under the given key. */
    static Mac hmac(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** Compares two tags in time independent of where they differ. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private byte[] key() {
        if (key == null) key = sparkSecret ? mac(sparkSecretBytes(), "sparkmore-barrier", material) : material;
        return key;
    }

    private static byte[] sparkSecretBytes() {
        String secret = SparkEnv.get().securityManager().getSecretKey();
        if (secret == null || secret.isEmpty())
            throw new IllegalStateException("spark.authenticate is on but this JVM has no Spark secret");
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return sparkSecret ? "ChannelKey(derived from Spark's secret)" : "ChannelKey(random)";
    }
}
