package dev.streamcast.jobs.common;

import java.util.Collection;
import java.util.Iterator;

/**
 * Bounded text for messages: one line on a console stays readable, and a value or list taken from input cannot make
 * a message of unbounded length (a failure over 10,000 keys once printed a 30 KB line).
 */
public final class Messages {
    private Messages() {}

    /** Characters of a quoted value kept in a message. */
    public static final int MAX_VALUE = 80;
    /** Items of a list kept in a message. */
    public static final int MAX_ITEMS = 10;

    /** {@code 'text'}, cut to {@link #MAX_VALUE} characters with "..." and line breaks shown as \n. */
    public static String quote(String text) {
        String t = text.replace("\r", "\\r").replace("\n", "\\n");
        return "'" + (t.length() <= MAX_VALUE ? t : t.substring(0, MAX_VALUE) + "...") + "'";
    }

    /** The first {@link #MAX_ITEMS} items, comma-separated, then "... and N more" when there are more. */
    public static String list(Collection<?> items) {
        return list(items, MAX_ITEMS);
    }

    /** The first {@code max} items, comma-separated, then "... and N more" when there are more. */
    public static String list(Collection<?> items, int max) {
        StringBuilder b = new StringBuilder();
        Iterator<?> it = items.iterator();
        for (int i = 0; i < max && it.hasNext(); i++) {
            b.append(i == 0 ? "" : ", ").append(it.next());
        }
        if (items.size() > max) {
            b.append(" ... and ").append(items.size() - max).append(" more");
        }
        return b.toString();
    }

    /** {@code text} cut to {@code max} characters, saying how many were left out. */
    public static String cut(String text, int max) {
        return text.length() <= max
                ? text
                : text.substring(0, max) + " ... (" + (text.length() - max) + " more characters)";
    }
}
