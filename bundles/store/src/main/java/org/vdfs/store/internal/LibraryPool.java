package org.vdfs.store.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The open connections of one library's database, lent to one caller at a time.
 *
 * <p>In place of H2's {@code JdbcConnectionPool}, which rolls a connection back each time it
 * lends it: in H2 2.x a rollback empties the session's cache of parsed statements, so every
 * store call parsed and planned its SQL again (a third of an image-by-entry lookup). Here a
 * connection comes back in auto-commit and keeps its cache; one given back inside a
 * transaction is rolled back and set to auto-commit then. The most recently returned
 * connection is lent first, so the warmest cache serves the next call.
 */
final class LibraryPool implements DataSource {

    /** Idle connections kept open; more may be lent at once, and are closed when given back. */
    private static final int IDLE = 8;

    private final JdbcDataSource source;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean disposed;

    LibraryPool(JdbcDataSource source) {
        this.source = source;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical;
        synchronized (this) {
            if (disposed) {
                throw new SQLException("the library's database is closed", "08003");
            }
            physical = idle.pollFirst();
        }
        if (physical == null) {
            physical = source.getConnection();
        }
        return lend(physical);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a library's connections all belong to its own user");
    }

    /** Closes the idle connections; lent ones are closed as they come back. */
    void dispose() {
        Connection[] open;
        synchronized (this) {
            disposed = true;
            open = idle.toArray(new Connection[0]);
            idle.clear();
        }
        for (Connection c : open) {
            closeQuietly(c);
        }
    }

    private void giveBack(Connection physical) {
        try {
            if (physical.isClosed()) {
                return;
            }
            if (!physical.getAutoCommit()) {
                physical.rollback(); // what the caller did not commit does not reach the next one
                physical.setAutoCommit(true);
            }
        } catch (SQLException e) {
            closeQuietly(physical);
            return;
        }
        synchronized (this) {
            if (!disposed && idle.size() < IDLE) {
                idle.addFirst(physical);
                return;
            }
        }
        closeQuietly(physical);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing a session of a database that is going away
        }
    }

    /** A handle on the connection: {@code close()} gives it back, and the handle is dead after. */
    private Connection lend(Connection physical) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean closed;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                switch (method.getName()) {
                    case "close":
                        if (!closed) {
                            closed = true;
                            giveBack(physical);
                        }
                        return null;
                    case "isClosed":
                        return closed || physical.isClosed();
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "library connection " + physical + (closed ? " (given back)" : "");
                    default:
                        if (closed) {
                            throw new SQLException("the connection was closed (given back to the library)", "08003");
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(LibraryPool.class.getClassLoader(),
                new Class<?>[] { Connection.class }, handler);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no logging of its own
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // opening an embedded database does not wait on a network
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("java.util.logging is not used");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
