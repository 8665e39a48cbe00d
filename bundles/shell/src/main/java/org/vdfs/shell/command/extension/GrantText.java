package org.vdfs.shell.command.extension;

import org.vdfs.api.guard.GrantState;
import org.vdfs.shell.command.Display;

/** What grant and revoke print: where the extension stands now. */
final class GrantText {

    private GrantText() {
    }

    static void print(GrantState state) {
        System.out.println("`" + state.extensionId() + "` requests " + Display.list(state.requested())
                + "; revoked: " + Display.list(state.revoked()));
    }
}
