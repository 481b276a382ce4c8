package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every option and argument of every command says what it is for in its help. */
class CliOptionsDescribedTest {

    @Test
    void everyOptionAndArgumentHasADescription() {
        CliContext context = new CliContext(Map.of(), Path.of("unused"), new BufferedReader(new StringReader("")),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
        List<String> undescribed = new ArrayList<>();
        for (Class<?> command : Main.COMMANDS) {
            String name = command.getAnnotation(Command.class).name();
            collect(Main.commandLine(context, name).getSubcommands().get(name).getCommandSpec(), undescribed);
        }

        assertThat(undescribed).isEmpty();
    }

    private static void collect(CommandSpec spec, List<String> undescribed) {
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec arg : args) {
            if (String.join("", arg.description()).isBlank()) {
                undescribed.add(spec.qualifiedName() + " " + (arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel()));
            }
        }
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), undescribed));
    }
}
