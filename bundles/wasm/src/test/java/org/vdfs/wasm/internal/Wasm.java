package org.vdfs.wasm.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Tiny WebAssembly modules for tests. */
final class Wasm {

    /** A module the host can load: it exports its memory, imports nothing. */
    static final String MINIMAL = "(module (memory (export \"memory\") 1))";

    /** Exports {@code spin} (never returns), {@code answer} (42) and {@code trap} (unreachable). */
    static final String GUEST = """
            (module
              (memory (export "memory") 1)
              (func (export "spin") (loop $forever (br $forever)))
              (func (export "answer") (result i32) (i32.const 42))
              (func (export "trap") (unreachable)))
            """;

    private Wasm() {
    }

    static byte[] wat(String text) {
        return Wat2Wasm.parse(text);
    }

    static Instance instance(String text) {
        return Instance.builder(Parser.parse(wat(text))).build();
    }

    /** Appends a custom section to a module. */
    static byte[] withCustomSection(byte[] module, String name, byte[] payload) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        leb(body, n.length);
        body.writeBytes(n);
        body.writeBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(module);
        out.write(0);
        leb(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] withCustomSection(byte[] module, String name, String payload) {
        return withCustomSection(module, name, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
