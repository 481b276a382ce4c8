package org.chorus.cli;

import picocli.CommandLine.Command;

/** Listed so {@code --help} shows it; the {@code ./chorus} launcher runs it before any Java starts. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Developer tasks, run by the ./chorus launcher: './chorus dev test [maven arguments]' runs every test.")
final class DevCommand extends CliCommand {
    @Override
    public Integer call() {
        context.err().println("error: 'dev' runs from the source tree's launcher: ./chorus dev test [maven arguments]");
        return 2;
    }
}
