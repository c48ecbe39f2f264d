package org.zfnet.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.zfnet.api.InvalidInputException;
import org.zfnet.api.analysis.AnalysisPlugin;
import org.zfnet.api.analysis.AnalysisRequest;
import org.zfnet.api.analysis.InputSet;
import org.zfnet.api.analysis.OptionSpec;

/** Requests as the container builds them: every option the plugin declares, at its default unless given. */
public final class Requests {

    private Requests() {
    }

    /**
     * A request for {@code plugin} with {@code inputs} (may be null, for analyses of the weights alone) and the
     * plugin's declared options: the {@code given} values, the defaults for the rest. A name the plugin does not
     * declare fails, naming it, so that a test breaks when an option is renamed.
     */
    public static AnalysisRequest withDefaults(AnalysisPlugin plugin, InputSet inputs, Map<String, String> given) {
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec o : plugin.options()) {
            String value = given.getOrDefault(o.name(), o.defaultValue());
            if (value != null) {
                options.put(o.name(), value);
            }
        }
        for (String name : given.keySet()) {
            if (plugin.options().stream().noneMatch(o -> o.name().equals(name))) {
                throw new InvalidInputException("plugin " + plugin.id() + " has no option --" + name);
            }
        }
        return new AnalysisRequest(inputs, options);
    }
}
