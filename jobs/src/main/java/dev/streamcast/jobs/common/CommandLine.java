package dev.streamcast.jobs.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one argument parser of the commands' option tables: {@code --name value}, {@code --name=value}, and bare
 * {@code --flag} for the options named as flags. Every option not given keeps its default. What is wrong is refused
 * with an IllegalArgumentException that names it.
 */
public final class CommandLine {
    private CommandLine() {}

    /**
     * @param defaults every known option's name (without "--") and default value, in table order
     * @param flags the options that take no value (given alone they read "true")
     * @return the options' values: the defaults overridden by {@code args}
     */
    public static Map<String, String> parse(String[] args, Map<String, String> defaults, Set<String> flags) {
        return parse(args, defaults, flags, Set.of());
    }

    /**
     * As {@link #parse(String[], Map, Set)}, and refuses an empty (or blank) value given to any option of
     * {@code nonEmpty}: for a signing key, "given but empty" must not read as "not given".
     */
    public static Map<String, String> parse(
            String[] args, Map<String, String> defaults, Set<String> flags, Set<String> nonEmpty) {
        Map<String, String> v = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected an option --name, found '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (--help lists them)");
            }
            if (flags.contains(name)) {
                value = value == null ? "true" : value;
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (nonEmpty.contains(name) && value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " must not be empty");
            }
            v.put(name, value);
        }
        return v;
    }
}
