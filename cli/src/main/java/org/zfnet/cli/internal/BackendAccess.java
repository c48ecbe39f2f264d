package org.zfnet.cli.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.zfnet.api.BackendUnavailableException;
import org.zfnet.api.backend.ComputeBackend;

/**
 * Gets the compute backend the launcher installed, activating it on first use, and turns an
 * activation failure (no GPU, missing natives) into a one-line reason.
 */
final class BackendAccess implements AutoCloseable {

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final String name;
    private ServiceReference<ComputeBackend> held;
    private ComputeBackend backend;

    BackendAccess(BundleContext context, ServiceComponentRuntime scr, String name) {
        this.context = context;
        this.scr = scr;
        this.name = name;
    }

    /** The active backend; activates it (and starts ND4J) the first time. */
    synchronized ComputeBackend get() {
        if (backend != null) {
            return backend;
        }
        ServiceReference<ComputeBackend> ref = reference();
        ComputeBackend service = context.getService(ref);
        if (service == null) {
            throw new BackendUnavailableException(failureOf(ref));
        }
        held = ref;
        backend = service;
        return backend;
    }

    private ServiceReference<ComputeBackend> reference() {
        Collection<ServiceReference<ComputeBackend>> refs;
        try {
            refs = context.getServiceReferences(ComputeBackend.class,
                    "(" + ComputeBackend.BACKEND_PROPERTY + "=" + name + ")");
        } catch (InvalidSyntaxException e) {
            throw new BackendUnavailableException("bad backend name '" + name + "'");
        }
        if (refs.isEmpty()) {
            throw new BackendUnavailableException("no compute backend '" + name + "' is registered in the container");
        }
        List<ServiceReference<ComputeBackend>> sorted = new ArrayList<>(refs);
        sorted.sort(null);
        return sorted.get(sorted.size() - 1);
    }

    /** The reason Declarative Services recorded when the backend component failed to activate. */
    private String failureOf(ServiceReference<ComputeBackend> ref) {
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(ref.getBundle())) {
            for (ComponentConfigurationDTO config : scr.getComponentConfigurationDTOs(description)) {
                if (config.failure != null) {
                    return reason(config.failure);
                }
            }
        }
        return "the " + name + " backend failed to start";
    }

    /** The message of our own exception in a recorded stack trace, or its first line. */
    static String reason(String failure) {
        String marker = BackendUnavailableException.class.getName() + ": ";
        for (String line : failure.lines().toList()) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                return line.substring(at + marker.length()).trim();
            }
        }
        return failure.lines().findFirst().orElse(failure).trim();
    }

    @Override
    public synchronized void close() {
        if (held != null) {
            context.ungetService(held);
            held = null;
            backend = null;
        }
    }
}
