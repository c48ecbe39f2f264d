package org.zfnet.launcher;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.zfnet.launcher.spi.PluginExits;

/**
 * Rewrites, in the classes of plugin bundles (those installed from the distribution's {@code bundles/plugins} or from
 * the watched plugins folder) as they load, every call of {@code System.exit(int)}, {@code Runtime.exit(int)} and
 * {@code Runtime.halt(int)} into a call of {@link PluginExits}, which throws instead: a plugin cannot end the container.
 * The replacement has the same stack effect, so no frame or stack size changes. Calls made by reflection or through
 * method handles are not seen here; {@link ShutdownGuard} reports those.
 */
final class ExitWeaver implements WeavingHook {

    private static final String SPI_PACKAGE = PluginExits.class.getPackageName();
    private static final String TARGET = PluginExits.class.getName().replace('.', '/');
    private static final byte[] EXIT = "exit".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HALT = "halt".getBytes(StandardCharsets.US_ASCII);

    private final List<Path> pluginFolders;
    private final Map<Long, Boolean> isPlugin = new ConcurrentHashMap<>();

    /** @param pluginFolders folders whose bundles are plugins: classes of other bundles are left as they are */
    ExitWeaver(List<Path> pluginFolders) {
        this.pluginFolders = pluginFolders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    @Override
    public void weave(WovenClass woven) {
        Bundle bundle = woven.getBundleWiring().getBundle();
        byte[] bytes = woven.getBytes();
        if (!isPlugin.computeIfAbsent(bundle.getBundleId(), id -> fromPluginFolder(bundle.getLocation()))
                || !(contains(bytes, EXIT) || contains(bytes, HALT))) {
            return;
        }
        byte[] rewritten;
        try {
            rewritten = rewrite(bytes);
        } catch (RuntimeException unreadable) {
            return; // the class loader reports the class itself; a hook that throws would be disabled for every class
        }
        if (rewritten != null) {
            woven.setBytes(rewritten);
            woven.getDynamicImports().add(SPI_PACKAGE);
        }
    }

    private boolean fromPluginFolder(String location) {
        String l = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            Path file = l.startsWith("file:") ? Path.of(URI.create(l)).toAbsolutePath().normalize() : null;
            return file != null && pluginFolders.stream().anyMatch(file::startsWith);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The class with its exit and halt calls replaced, or {@code null} when it has none. */
    static byte[] rewrite(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        String replacement = replacement(opcode, owner, method, desc);
                        if (replacement == null) {
                            super.visitMethodInsn(opcode, owner, method, desc, itf);
                        } else {
                            changed[0] = true;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, TARGET, replacement,
                                    opcode == Opcodes.INVOKESTATIC ? "(I)V" : "(Ljava/lang/Runtime;I)V", false);
                        }
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : null;
    }

    /** The method of {@link PluginExits} that replaces this call, or {@code null} when it is not an exit. */
    private static String replacement(int opcode, String owner, String method, String desc) {
        if (!desc.equals("(I)V")) {
            return null;
        }
        if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && method.equals("exit")) {
            return "systemExit";
        }
        if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")) {
            return method.equals("exit") ? "runtimeExit" : method.equals("halt") ? "runtimeHalt" : null;
        }
        return null;
    }

    private static boolean contains(byte[] bytes, byte[] word) {
        outer:
        for (int i = 0; i + word.length <= bytes.length; i++) {
            for (int j = 0; j < word.length; j++) {
                if (bytes[i + j] != word[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
