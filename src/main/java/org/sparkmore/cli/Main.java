package org.sparkmore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparkmore} command: train, sample and evaluate character-level name models on Spark. */
@Command(name = "sparkmore", mixinStandardHelpOptions = true, version = "sparkmore 0.1.0",
        description = "Character-level language models of names (Bengio et al. 2003 MLP) trained on Apache Spark.",
        subcommands = {TrainCommand.class, SampleCommand.class, EvaluateCommand.class, ScoreCommand.class,
                DataCommand.class, ReportCommand.class})
public final class Main implements Runnable {

    /** Exit code for bad input or configuration: one error line says what is wrong (--verbose adds the trace). */
    static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        // Before AWT loads: the report draws charts, and no machine sparkmore runs on needs a display for that
        System.setProperty("java.awt.headless", "true");
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    String line = ErrorLine.of(e);
                    if (line == null) throw e;
                    if (cmd.getParseResult().hasMatchedOption("--verbose")) e.printStackTrace(cmd.getErr());
                    cmd.getErr().println("error: " + line);
                    return BAD_INPUT;
                })
                .execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
