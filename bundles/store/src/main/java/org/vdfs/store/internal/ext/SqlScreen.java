package org.vdfs.store.internal.ext;

import java.util.Locale;
import java.util.Set;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.StoreException;

/**
 * The few checks on an extension's SQL text before the database sees it. They
 * are not the isolation (the database's rights are: tests show that another
 * extension's tables, core tables, file functions, Java aliases and triggers are
 * all refused to an extension's user); they close what H2 does allow the owner
 * of a schema and that would undo the store's bookkeeping or the one-statement
 * contract:
 * <ul>
 * <li>several commands in one call (H2 runs every one of {@code a; b}, even in
 *     a prepared statement): a {@code ;} is accepted only at the end. Text that
 *     holds a semicolon goes in a bound parameter.</li>
 * <li>{@code GRANT}/{@code REVOKE}: an owner may grant its tables to another
 *     extension's user; the schema stays private instead.</li>
 * <li>{@code ALTER USER} (a user may change its own password, locking the store
 *     out), {@code DROP}/{@code ALTER SCHEMA} (an owner may drop or rename its
 *     schema), {@code SET} (session settings: pointless, every call gets a fresh
 *     session).</li>
 * </ul>
 */
final class SqlScreen {

    private static final Set<String> REFUSED_FIRST = Set.of("SET", "GRANT", "REVOKE");
    private static final Set<String> REFUSED_OBJECTS = Set.of("USER", "SCHEMA", "ROLE");
    private static final Set<String> DEFINING = Set.of("CREATE", "ALTER", "DROP");

    private SqlScreen() {
    }

    /** @return the statement without trailing semicolons and blanks */
    static String check(String operation, String sql) throws StoreException {
        if (sql == null || sql.isBlank()) {
            throw invalid(operation, "needs \"sql\" as a non-empty string");
        }
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        String statement = sql.substring(0, end);
        if (statement.indexOf(';') >= 0) {
            throw invalid(operation, "takes one statement: a `;` is accepted only at the end (pass text that "
                    + "holds a semicolon as a bound parameter)");
        }
        int[] pos = { 0 };
        String first = word(statement, pos);
        String second = word(statement, pos);
        if (REFUSED_FIRST.contains(first) || (DEFINING.contains(first) && REFUSED_OBJECTS.contains(second))) {
            throw new StoreException(ErrorCodes.PERMISSION_DENIED, "`" + operation + "` does not run "
                    + (first + " " + second).trim() + " statements: an extension's schema, user and rights are "
                    + "the store's, and each call gets a fresh session");
        }
        return statement;
    }

    /** The next word (upper case) after blanks, comments and opening parentheses; "" if none. */
    private static String word(String sql, int[] pos) {
        int i = pos[0];
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i) || sql.startsWith("//", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        pos[0] = i;
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    private static StoreException invalid(String operation, String message) {
        return new StoreException(ErrorCodes.INVALID_PAYLOAD, "`" + operation + "` " + message);
    }
}
