package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PyTorch module paths as second names of taps whose names are '/'-scoped ONNX node names, as
 * {@code torch.onnx.export} writes them ({@code /layer4/layer4.1/relu_1/Relu}). A node's module path is its scopes
 * without the leading '/' and the last component (the operator), joined with '.', where a scope that starts with the
 * path so far and a '.' replaces the path ({@code layer4}, {@code layer4.1} become {@code layer4.1}, not
 * {@code layer4.layer4.1}): {@code layer4.1.relu_1}. That path and each shorter one on the way ({@code layer4.1},
 * {@code layer4}) name the last tap, in layer order, inside that module: what a forward hook on the module sees. An
 * alias equal to a tap's own name is not added; names without '/' have none.
 */
final class TapAliases {

    private TapAliases() {
    }

    /** Alias to tap name, for taps given in layer order. */
    static Map<String, String> of(List<String> taps) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String tap : taps) {
            for (String module : modules(tap)) {
                aliases.put(module, tap); // a later tap in the module replaces an earlier one
            }
        }
        aliases.keySet().removeAll(taps);
        return aliases;
    }

    /** The module path of a '/'-scoped name ({@code layer4.1.relu_1}), if it has one. */
    static Optional<String> modulePath(String name) {
        List<String> modules = modules(name);
        return modules.isEmpty() ? Optional.empty() : Optional.of(modules.get(modules.size() - 1));
    }

    /** The paths of the modules a name lies in, outermost first. */
    private static List<String> modules(String name) {
        List<String> paths = new ArrayList<>();
        if (name.indexOf('/') < 0) {
            return paths;
        }
        String[] scopes = (name.startsWith("/") ? name.substring(1) : name).split("/", -1);
        String path = "";
        for (int i = 0; i < scopes.length - 1; i++) {
            String scope = scopes[i];
            if (scope.isEmpty()) {
                continue;
            }
            path = path.isEmpty() || scope.startsWith(path + ".") ? scope : path + "." + scope;
            paths.add(path);
        }
        return paths;
    }
}
