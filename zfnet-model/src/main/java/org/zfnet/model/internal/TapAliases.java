package org.zfnet.model.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PyTorch module paths as second names of taps whose names are '/'-scoped ONNX node names, as
 * {@code torch.onnx.export} writes them ({@code /layer4/layer4.1/relu_1/Relu}). A node's module path is its scopes
 * without the leading '/' and the last component (the operator), joined with '.'. torch names a scope relative to an
 * enclosing module, not always its parent: a scope that starts with the path so far and a '.' replaces the path
 * ({@code layer4}, {@code layer4.1} become {@code layer4.1}, not {@code layer4.layer4.1}), and one that starts with the
 * path's part below an enclosing module extends that module ({@code features.1}, {@code conv}, {@code conv.0} become
 * {@code features.1.conv.0} in torchvision's MobileNetV2); any other scope is a child: {@code layer4.1.relu_1}. That
 * path and each shorter one on the way ({@code layer4.1},
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
        for (int i = 0; i < scopes.length - 1; i++) {
            if (!scopes[i].isEmpty()) {
                paths.add(inside(paths, scopes[i]));
            }
        }
        return paths;
    }

    /** The path of {@code scope} inside the modules {@code enclosing} (outermost first). */
    private static String inside(List<String> enclosing, String scope) {
        if (enclosing.isEmpty()) {
            return scope;
        }
        String path = enclosing.get(enclosing.size() - 1);
        for (int i = -1; i < enclosing.size() - 1; i++) {
            String below = i < 0 ? path : path.substring(enclosing.get(i).length() + 1);
            if (scope.startsWith(below + ".")) {
                return path + scope.substring(below.length());
            }
        }
        return path + "." + scope;
    }
}
