package org.vdfs.shell.command;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.vdfs.api.job.JobRecord;

/** Turns values into the short text a person reads in a table or a progress line. */
public final class Display {

    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB" };

    private Display() {
    }

    /** {@code [#####-----]} for 0.5 at width 10; out-of-range progress is clamped. */
    public static String bar(double progress, int width) {
        double p = Double.isNaN(progress) ? 0 : Math.max(0, Math.min(1, progress));
        int done = (int) Math.round(p * width);
        return "[" + "#".repeat(done) + "-".repeat(width - done) + "]";
    }

    public static String percent(double progress) {
        double p = Double.isNaN(progress) ? 0 : Math.max(0, Math.min(1, progress));
        return String.format(Locale.ROOT, "%3d%%", (int) Math.floor(p * 100));
    }

    /** 1536 → "1.5 KiB"; below 1 KiB in plain bytes. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** An instant to the second, or "-". */
    public static String when(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String orDash(Object value) {
        return value == null || value.toString().isEmpty() ? "-" : value.toString();
    }

    public static String list(List<String> values) {
        return values.isEmpty() ? "-" : String.join(", ", values);
    }

    /** Cuts text to {@code max} characters, marking the cut with an ellipsis. */
    public static String shorten(String text, int max) {
        if (text == null) {
            return "-";
        }
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** One line of a job's progress: bar, percentage, status, counters and message. */
    public static String progressLine(JobRecord job) {
        StringBuilder line = new StringBuilder()
                .append(bar(job.progress(), 30)).append(' ').append(percent(job.progress()))
                .append("  ").append(job.status().label());
        if (job.items() > 0) {
            line.append("  ").append(job.items()).append(" items");
        }
        if (job.bytes() > 0) {
            line.append("  ").append(bytes(job.bytes()));
        }
        if (job.message() != null && !job.message().isBlank()) {
            line.append("  ").append(shorten(job.message(), 60));
        }
        if (job.error() != null) {
            line.append("  (").append(job.error()).append(')');
        }
        return line.toString();
    }
}
