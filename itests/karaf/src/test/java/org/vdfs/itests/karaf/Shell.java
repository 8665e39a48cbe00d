package org.vdfs.itests.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/** Runs shell commands in a Karaf session, as a user at the console would, and returns what they print. */
final class Shell {

    /** What a command printed, and what it threw (null when it succeeded). */
    record Result(String out, Exception error) {
        boolean ok() {
            return error == null;
        }
    }

    private final SessionFactory sessions;

    Shell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Runs a command. Karaf's boot features may still be registering their commands when a test
     * starts, so a command that is not (yet) found is retried for up to a minute before that is
     * the answer.
     */
    Result run(String command) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result r = once(command);
        while (r.error() != null && r.error().getClass().getSimpleName().equals("CommandNotFoundException")
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            r = once(command);
        }
        return r;
    }

    private Result once(String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
        Exception error = null;
        try {
            Object value = session.execute(command);
            if (value != null) {
                out.println(value);
            }
        } catch (Exception e) {
            error = e;
            out.println(e.getMessage());
        } finally {
            session.close();
        }
        out.flush();
        return new Result(bytes.toString(StandardCharsets.UTF_8), error);
    }

    /** Runs a command that must succeed. */
    String ok(String command) {
        Result r = run(command);
        if (!r.ok()) {
            throw new AssertionError("`" + command + "` failed: " + r.error() + "\n" + r.out());
        }
        return r.out();
    }
}
