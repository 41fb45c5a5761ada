package dev.streamcast.jobs.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An output directory written all at once: {@link #check} refuses an unusable place before any work starts (an
 * existing file, a directory holding other files, a place that cannot be written), {@link #begin} makes a temporary
 * directory beside it (same parent, so the same file system) for the run to write into, and {@link #commit} moves it
 * into place. A run that fails before {@code commit} leaves the earlier run's outputs untouched, never a mix of new
 * and old files.
 */
public final class OutputDir {
    private OutputDir() {}

    /**
     * Refuses {@code dir} for option {@code --option} unless it can take a run's outputs: it is missing (and its
     * nearest existing ancestor is a writable directory), or it is a writable directory holding only files named in
     * {@code ours} (an earlier run's outputs, which the run replaces).
     *
     * @throws IllegalArgumentException naming the option, the directory and the problem
     */
    public static void check(String option, Path dir, Set<String> ours) {
        Path abs = dir.toAbsolutePath().normalize();
        String name = "--" + option + " " + dir;
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException(name + " exists and is not a directory");
        }
        if (Files.isDirectory(abs)) {
            if (!Files.isWritable(abs)) {
                throw new IllegalArgumentException(name + " is not writable");
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(abs)) {
                for (Path e : entries) {
                    String f = e.getFileName().toString();
                    if (!ours.contains(f)) {
                        throw new IllegalArgumentException(name + " holds other files (" + Messages.quote(f)
                                + "): give a new directory, or an earlier run's, whose outputs are replaced");
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(name + " cannot be read: " + e.getMessage());
            }
        }
        checkAncestor(name, abs);
    }

    /**
     * Refuses {@code file} for option {@code --option} unless a file can be written there: it is not a directory, not
     * a read-only file, and its nearest existing ancestor directory is writable.
     *
     * @throws IllegalArgumentException naming the option, the file and the problem
     */
    public static void checkFile(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String name = "--" + option + " " + file;
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(name + " is a directory, expected a file");
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new IllegalArgumentException(name + " is not writable");
        }
        checkAncestor(name, abs);
    }

    private static void checkAncestor(String name, Path abs) {
        Path existing = abs.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IllegalArgumentException(name + " cannot be created: " + existing + " is not a directory");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException(name + " cannot be written: " + existing + " is not writable");
        }
    }

    /** Creates the parent directories and an empty temporary directory beside {@code dir}; returns it. */
    public static Path begin(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        return Files.createDirectory(sibling(abs, "tmp"));
    }

    /** Moves {@code tmp} (from {@link #begin}) to {@code dir}, replacing an earlier run's outputs there. */
    public static void commit(Path tmp, Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path old = null;
        if (Files.exists(abs)) {
            old = sibling(abs, "old");
            move(abs, old);
        }
        try {
            move(tmp, abs);
        } catch (IOException e) {
            if (old != null) {
                move(old, abs); // put the earlier outputs back
            }
            throw e;
        }
        if (old != null) {
            delete(old);
        }
    }

    /** Deletes a temporary directory of a run that failed; never throws. */
    public static void abandon(Path tmp) {
        if (tmp != null) {
            try {
                delete(tmp);
            } catch (IOException | UncheckedIOException e) {
                // best effort: a leftover .tmp directory beside the output is harmless
            }
        }
    }

    private static Path sibling(Path abs, String what) {
        return abs.resolveSibling("." + abs.getFileName() + "." + what + "-"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
