package org.chorus.cli;

import java.util.concurrent.Callable;

/** A runnable command; {@link Main}'s factory hands it the {@link CliContext} before it runs. */
abstract class CliCommand implements Callable<Integer> {
    CliContext context;
}
