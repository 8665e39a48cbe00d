package org.vdfs.guard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationKind;

class MethodPermissionTest {

    private static OperationInfo query(String name) {
        return new OperationInfo(name, OperationKind.QUERY, "", "test");
    }

    private static OperationInfo action(String name) {
        return new OperationInfo(name, OperationKind.ACTION, "", "test");
    }

    private static boolean matches(String permission, OperationInfo op) {
        return MethodPermission.parse(permission).matches(op);
    }

    private static boolean covers(String a, String b) {
        return MethodPermission.parse(a).covers(MethodPermission.parse(b));
    }

    @Test
    void dottedPrefixMatchesEveryKindUnderIt() {
        assertTrue(matches("vdfs.", query("vdfs.query_entries")));
        assertTrue(matches("vdfs.", action("vdfs.add_tag")));
        assertFalse(matches("vdfs.", query("ai.ocr")));
    }

    @Test
    void exactNameMatchesItself() {
        assertTrue(matches("core.ping", query("core.ping")));
        assertFalse(matches("core.ping", query("core.operations")));
    }

    @Test
    void bareKindPrefixMatchesEveryOperationOfThatKindOnly() {
        assertTrue(matches("query:", query("anything.at_all")));
        assertFalse(matches("query:", action("vdfs.add_tag")));
        assertTrue(matches("action:", action("vdfs.add_tag")));
        assertFalse(matches("action:", query("core.ping")));
    }

    @Test
    void wirePrefixMatchesByKindAndName() {
        assertTrue(matches("action:vdfs.", action("vdfs.add_tag")));
        assertFalse(matches("action:vdfs.", query("vdfs.query_entries")));
        assertFalse(matches("action:vdfs.", action("ai.tag")));
    }

    @Test
    void partialWireNameMatchesTheLongerOperationName() {
        assertTrue(matches("query:core.oper", query("core.operations")));
        assertFalse(matches("query:core.oper", action("core.operations")));
    }

    @Test
    void fullWireNameHasItsSuffixDropped() {
        MethodPermission p = MethodPermission.parse("query:ai.ocr.v1");
        assertEquals(OperationKind.QUERY, p.kind());
        assertEquals("ai.ocr", p.prefix());
        assertTrue(p.matches(query("ai.ocr")));
        assertEquals("vdfs.add_tag", MethodPermission.parse("action:vdfs.add_tag.input").prefix());
        assertEquals("vdfs.add_tag", MethodPermission.parse("action:vdfs.add_tag.output").prefix());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        MethodPermission p = MethodPermission.parse("  vdfs. ");
        assertNull(p.kind());
        assertEquals("vdfs.", p.prefix());
        assertEquals("vdfs.", p.toString());
    }

    @Test
    void broaderPrefixCoversNarrowerOne() {
        assertTrue(covers("vdfs.", "vdfs.add_tag"));
        assertTrue(covers("vdfs.", "vdfs."));
        assertFalse(covers("vdfs.add_tag", "vdfs."));
        assertFalse(covers("vdfs.", "ai."));
    }

    @Test
    void kindlessPermissionCoversKindedOnesButNotTheReverse() {
        assertTrue(covers("vdfs.", "action:vdfs.add_tag"));
        assertFalse(covers("vdfs.", "query:")); // every query, not only those under vdfs.
        assertFalse(covers("query:vdfs.", "vdfs.query_entries"));
        assertFalse(covers("query:", "vdfs."));
    }

    @Test
    void kindedPermissionCoversOnlyItsOwnKind() {
        assertTrue(covers("query:", "query:ai.ocr.v1"));
        assertFalse(covers("query:", "action:vdfs.add_tag"));
        assertTrue(covers("action:vdfs.", "action:vdfs.add_tag.input"));
    }
}
