package org.vdfs.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.store.Library;
import org.vdfs.api.store.StoreException;

/**
 * For the location indexer ({@code org.vdfs.store.internal.index}), which works on
 * the library's tables with its own transactions: a connection to a library's
 * database. Internal to this bundle (the package is not exported).
 */
public final class LibraryConnections {

    private LibraryConnections() {
    }

    /** A pooled connection to the library's database; close it when done. */
    public static Connection open(Library library) throws StoreException, SQLException {
        if (!(library instanceof LibraryDatabase db)) {
            throw new StoreException(ErrorCodes.INTERNAL, "not a library of this store: " + library);
        }
        if (db.isClosed()) {
            throw new StoreException(ErrorCodes.UNAVAILABLE, "library `" + db.info().name() + "` ("
                    + db.info().id() + ") was closed; open it again through the store");
        }
        return db.connection();
    }
}
