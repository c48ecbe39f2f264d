package org.zfnet.cli.internal;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.zfnet.launcher.spi.CommandRunner;

/**
 * The zfnet commands in the Gogo shell ({@code zfnet:backends}, {@code zfnet:plugins}, {@code zfnet:networks},
 * {@code zfnet:analyze}, {@code zfnet:demo}), with the same options as on the command line; plugins dropped into the
 * watched folder show up at once.
 */
@Component(service = ShellCommands.class, property = {
    "osgi.command.scope=zfnet",
    "osgi.command.function=backends",
    "osgi.command.function=plugins",
    "osgi.command.function=networks",
    "osgi.command.function=analyze",
    "osgi.command.function=demo"
})
public class ShellCommands {

    private final CommandRunner runner;

    @Activate
    public ShellCommands(@Reference CommandRunner runner) {
        this.runner = runner;
    }

    public void backends(String... args) {
        run("backends", args);
    }

    public void plugins(String... args) {
        run("plugins", args);
    }

    public void networks(String... args) {
        run("networks", args);
    }

    public void analyze(String... args) {
        run("analyze", args);
    }

    public void demo(String... args) {
        run("demo", args);
    }

    private void run(String command, String... args) {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(List.of(args));
        runner.run(line, System.out, System.err);
    }
}
