package org.vdfs.ai.internal.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vdfs.api.operation.ErrorCodes;
import org.vdfs.api.operation.OperationException;

class ImageReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ImageReader reader = new ImageReader(1 << 20);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private byte[] read(String base64) throws OperationException {
        ObjectNode image = JSON.createObjectNode().put("bytes_base64", base64);
        return reader.read(image, null, null);
    }

    @Test
    void plainAndLineWrappedBase64GiveTheSameBytes() throws Exception {
        byte[] photo = bytes(1000);
        assertArrayEquals(photo, read(Base64.getEncoder().encodeToString(photo)));
        // MIME: lines of 76 characters, CRLF between them; plain base64 refuses the line breaks
        String wrapped = Base64.getMimeEncoder().encodeToString(photo);
        assertTrue(wrapped.contains("\r\n"));
        assertArrayEquals(photo, read(wrapped));
        assertArrayEquals(photo, read(wrapped.replace("\r\n", "\n")));
    }

    @Test
    void textThatIsNoBase64IsTheCallersError() {
        OperationException notBase64 = assertThrows(OperationException.class, () -> read("abc=d"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, notBase64.code());
        OperationException empty = assertThrows(OperationException.class, () -> read("%%%%"));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, empty.code());
    }

    @Test
    void anImageOverTheLimitIsRefused() {
        ImageReader small = new ImageReader(100);
        ObjectNode image = JSON.createObjectNode().put("bytes_base64", Base64.getEncoder().encodeToString(bytes(101)));
        OperationException tooLarge = assertThrows(OperationException.class, () -> small.read(image, null, null));
        assertEquals(ErrorCodes.INVALID_PAYLOAD, tooLarge.code());
    }
}
