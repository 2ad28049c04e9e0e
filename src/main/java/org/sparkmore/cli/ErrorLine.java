package org.sparkmore.cli;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.sparkmore.io.ModelFileException;

/**
 * The one {@code error:} line a user-caused failure gets instead of a stack trace: a bad flag or value, a model file
 * that fails its checks, a missing path, an unreachable file system, or a file that is not in the format it was read
 * as. Spark and Hadoop wrap these causes several layers deep (a task failure inside a job failure), so the whole
 * cause chain is searched. Anything else is a bug and keeps its stack trace.
 */
final class ErrorLine {

    /** Spark's error conditions for input a user can fix: a missing path, or a file Spark cannot read as asked. */
    private static final Set<String> INPUT_CONDITIONS = Set.of("PATH_NOT_FOUND", "FAILED_READ_FILE",
            "UNABLE_TO_INFER_SCHEMA", "MALFORMED_RECORD_IN_PARSING", "DATA_SOURCE_NOT_FOUND");

    private ErrorLine() {
    }

    /** The line to print, without the "error: " prefix; null when the failure is not the user's to fix. */
    static String of(Throwable failure) {
        // sparkmore checks flags, configs and tables on the driver, so only a top-level IllegalArgumentException is
        // the user's; one from inside a task is an invariant that broke, a bug that keeps its trace
        if (failure instanceof IllegalArgumentException) return failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModelFileException || t instanceof AnalysisException) return t.getMessage();
            if (t instanceof SparkThrowable s && isInput(s.getCondition())) return firstLine(t.getMessage()) + cause(t);
            if (!fromFileSystem(t)) continue; // a barrier connection or a lost shuffle file is no user error
            if (t instanceof FileNotFoundException || t instanceof AccessDeniedException) return t.getMessage();
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) return "cannot reach a file system: " + t.getMessage();
            if (t.getClass().getName().equals("org.apache.hadoop.security.AccessControlException"))
                return "permission denied: " + firstLine(t.getMessage());
        }
        return null;
    }

    /** Whether the exception came through Hadoop's file system client (local, hdfs://, s3a://, its RPC). */
    private static boolean fromFileSystem(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace())
            if (frame.getClassName().startsWith("org.apache.hadoop.")) return true;
        return false;
    }

    private static boolean isInput(String condition) {
        if (condition == null) return false;
        String main = condition.toUpperCase(Locale.ROOT).split("\\.")[0];
        return INPUT_CONDITIONS.contains(main);
    }

    /** The innermost cause's message, which says what is wrong with the file ("is not a Parquet file ..."). */
    private static String cause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == t || root.getMessage() == null ? "" : " (" + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
