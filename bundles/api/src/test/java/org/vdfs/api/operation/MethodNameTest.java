package org.vdfs.api.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MethodNameTest {

    @Test
    void dottedNameIsKeptAsIsAndDemandsNoKind() {
        MethodName name = MethodName.parse("vdfs.add_tag");
        assertEquals("vdfs.add_tag", name.dotted());
        assertNull(name.kind());
    }

    @Test
    void dottedNameKeepsAVersionLikeSuffix() {
        // only the wire form carries .v1/.input/.output; a dotted name is taken literally
        assertEquals("ai.ocr.v1", MethodName.parse("ai.ocr.v1").dotted());
    }

    @Test
    void queryWireFormDropsTheVersionSuffix() {
        assertEquals(new MethodName("ai.ocr", OperationKind.QUERY), MethodName.parse("query:ai.ocr.v1"));
    }

    @Test
    void actionWireFormDropsTheInputSuffix() {
        assertEquals(new MethodName("vdfs.add_tag", OperationKind.ACTION), MethodName.parse("action:vdfs.add_tag.input"));
    }

    @Test
    void wireFormDropsTheOutputSuffix() {
        assertEquals(new MethodName("vdfs.add_tag", OperationKind.ACTION), MethodName.parse("action:vdfs.add_tag.output"));
    }

    @Test
    void wireFormDropsMultiDigitVersions() {
        assertEquals(new MethodName("ai.ocr", OperationKind.QUERY), MethodName.parse("query:ai.ocr.v12"));
    }

    @Test
    void wireFormWithoutSuffixKeepsTheWholeName() {
        assertEquals(new MethodName("core.ping", OperationKind.QUERY), MethodName.parse("query:core.ping"));
    }

    @Test
    void onlyTheLastSuffixIsDropped() {
        assertEquals("a.v1.b", MethodName.parse("query:a.v1.b.v2").dotted());
    }
}
