package dev.sharedsession.webload;

import java.io.PrintStream;
import java.util.Optional;
import java.util.function.IntSupplier;
import picocli.CommandLine;

/**
 * What {@code ./lab web} and {@code ./lab queue} share around their own work: bad input is one line
 * and exit code 2, a run that cannot go on is one line and its own exit code, {@code --help} prints
 * the usage, and anything else thrown is a bug, said in one line too. Never a stack trace.
 */
final class LabCommand {

    /** A command's run, once its command line is parsed and checked. */
    interface Run {
        int run(PrintStream out, PrintStream err);
    }

    private LabCommand() {
    }

    /** Ends the JVM with what {@code execute} returns; an unexpected exception is reported as a bug. */
    static void exit(String word, IntSupplier execute) {
        int exitCode;
        try {
            exitCode = execute.getAsInt();
        } catch (RuntimeException bug) {
            System.err.println(word + ": unexpected " + bug + " (a bug in ./lab " + word + ": please report it)");
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    /** Parses {@code args} into {@code line}'s command, runs {@code check}, then the help or {@code run}. */
    static int execute(String word, CommandLine line, String[] args, Runnable check, Run run, PrintStream out, PrintStream err) {
        try {
            line.parseArgs(args);
            check.run();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            err.println(word + ": " + oneLine(e.getMessage()) + "; try ./lab " + word + " --help");
            return 2;
        }
        if (line.isUsageHelpRequested()) {
            line.usage(out);
            return 0;
        }
        if (line.isVersionHelpRequested()) {
            line.printVersionHelp(out);
            return 0;
        }
        try {
            return run.run(out, err);
        } catch (WebLoadFailure e) {
            err.println(word + ": " + oneLine(e.getMessage()));
            return e.exitCode();
        }
    }

    /** What {@code parse} refuses, in one line, or empty: for docs-check to vouch for a command in the docs. */
    static Optional<String> problemWith(Runnable parse) {
        try {
            parse.run();
            return Optional.empty();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            return Optional.of(oneLine(e.getMessage()));
        }
    }

    /** The first line of a message: the one line the user gets. */
    static String oneLine(String message) {
        String text = message == null ? "" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
