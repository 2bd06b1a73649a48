package io.gatewatch.cli;

import io.gatewatch.cli.command.BenchCommand;
import io.gatewatch.cli.command.DemoCommand;
import io.gatewatch.cli.command.ParseCommand;
import io.gatewatch.cli.command.ReplayCommand;
import io.gatewatch.cli.command.RunCommand;
import io.gatewatch.cli.command.ShipCommand;
import io.gatewatch.serde.AvroTrust;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatewatch} command. */
@Command(name = "gatewatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Explains 502/504 bursts of Nginx + PHP-FPM sites from telemetry in Kafka and proposes safe remediation.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, ParseCommand.class, ShipCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        AvroTrust.install();
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler(Main::badArguments);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("gatewatch: " + message(e));
            if (System.getenv("GATEWATCH_STACKTRACE") != null) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One line, naming the problem and where help is, instead of the whole usage text. */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("gatewatch: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return 2;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Version from the jar manifest, or "development" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"gatewatch " + (v == null ? "development" : v)};
        }
    }
}
