package org.sparkmore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sparkmore data}: the commands that look at a names table itself; on its own it prints its usage. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Look at a names table before training on it.",
        subcommands = InspectCommand.class)
public final class DataCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
