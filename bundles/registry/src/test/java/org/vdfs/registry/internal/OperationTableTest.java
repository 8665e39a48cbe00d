package org.vdfs.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vdfs.api.operation.Operation;
import org.vdfs.api.operation.OperationInfo;
import org.vdfs.api.operation.OperationKind;

class OperationTableTest {

    private final OperationTable table = new OperationTable();
    private long order;

    private OperationTable.Entry entry(String name, OperationKind kind, String provider, long ranking) {
        Operation op = invocation -> NullNode.getInstance();
        return new OperationTable.Entry(new OperationInfo(name, kind, "", provider), op, ranking, ++order);
    }

    private OperationTable.Entry add(String name, OperationKind kind, String provider, long ranking) {
        OperationTable.Entry e = entry(name, kind, provider, ranking);
        table.add(new Object(), e);
        return e;
    }

    private Optional<String> providerOf(String method) {
        return table.resolve(method).map(e -> e.info().provider());
    }

    @Test
    void resolvesTheDottedName() {
        OperationTable.Entry e = add("vdfs.add_tag", OperationKind.ACTION, "core", 0);
        assertSame(e, table.resolve("vdfs.add_tag").orElseThrow());
    }

    @Test
    void resolvesTheWireFormOfTheMatchingKind() {
        OperationTable.Entry action = add("vdfs.add_tag", OperationKind.ACTION, "core", 0);
        OperationTable.Entry query = add("ai.ocr", OperationKind.QUERY, "ai", 0);
        assertSame(action, table.resolve("action:vdfs.add_tag.input").orElseThrow());
        assertSame(query, table.resolve("query:ai.ocr.v1").orElseThrow());
    }

    @Test
    void wireFormOfTheOtherKindResolvesToNothing() {
        add("vdfs.add_tag", OperationKind.ACTION, "core", 0);
        add("ai.ocr", OperationKind.QUERY, "ai", 0);
        assertTrue(table.resolve("query:vdfs.add_tag.v1").isEmpty());
        assertTrue(table.resolve("action:ai.ocr.input").isEmpty());
    }

    @Test
    void unknownNamesResolveToNothing() {
        add("core.ping", OperationKind.QUERY, "core", 0);
        assertTrue(table.resolve("core.pong").isEmpty());
        assertTrue(table.resolve("query:core.pong.v1").isEmpty());
    }

    @Test
    void removedOperationNoLongerResolves() {
        Object key = new Object();
        table.add(key, entry("core.ping", OperationKind.QUERY, "core", 0));
        table.remove(key);
        assertTrue(table.resolve("core.ping").isEmpty());
        assertTrue(table.list().isEmpty());
    }

    @Test
    void removingAnUnknownKeyChangesNothing() {
        add("core.ping", OperationKind.QUERY, "core", 0);
        table.remove(new Object());
        assertTrue(table.resolve("core.ping").isPresent());
    }

    @Test
    void higherServiceRankingWinsWhateverTheOrder() {
        add("x.op", OperationKind.QUERY, "low", 0);
        add("x.op", OperationKind.QUERY, "high", 10);
        add("x.op", OperationKind.QUERY, "lower", -5);
        assertEquals(Optional.of("high"), providerOf("x.op"));
        assertEquals(Optional.of("high"), providerOf("query:x.op.v1"));
    }

    @Test
    void equalRankingsAreWonByTheFirstRegistered() {
        add("x.op", OperationKind.QUERY, "first", 3);
        add("x.op", OperationKind.QUERY, "second", 3);
        assertEquals(Optional.of("first"), providerOf("x.op"));
    }

    @Test
    void addReportsTheEntryItCompetesWith() {
        assertNull(table.add(new Object(), entry("x.op", OperationKind.QUERY, "first", 0)));
        assertEquals("first", table.add(new Object(), entry("x.op", OperationKind.QUERY, "second", 0)).info().provider());
    }

    @Test
    void removingTheWinnerLetsTheRunnerUpServe() {
        Object winner = new Object();
        table.add(winner, entry("x.op", OperationKind.QUERY, "winner", 5));
        add("x.op", OperationKind.QUERY, "runner-up", 0);
        table.remove(winner);
        assertEquals(Optional.of("runner-up"), providerOf("x.op"));
    }

    @Test
    void cachedWireResolutionIsForgottenWhenAnOperationArrives() {
        assertTrue(table.resolve("query:ai.ocr.v1").isEmpty()); // cached as "nothing"
        add("ai.ocr", OperationKind.QUERY, "ai", 0);
        assertEquals(Optional.of("ai"), providerOf("query:ai.ocr.v1"));
    }

    @Test
    void cachedWireResolutionIsForgottenWhenAnOperationLeaves() {
        Object key = new Object();
        table.add(key, entry("ai.ocr", OperationKind.QUERY, "ai", 0));
        assertTrue(table.resolve("query:ai.ocr.v1").isPresent()); // cached
        table.remove(key);
        assertTrue(table.resolve("query:ai.ocr.v1").isEmpty());
    }

    @Test
    void cachedWireResolutionFollowsAChangeOfWinner() {
        add("ai.ocr", OperationKind.QUERY, "old", 0);
        assertEquals(Optional.of("old"), providerOf("query:ai.ocr.v1"));
        add("ai.ocr", OperationKind.QUERY, "new", 1);
        assertEquals(Optional.of("new"), providerOf("query:ai.ocr.v1"));
    }

    @Test
    void listIsSortedByNameAndHoldsOnlyWinners() {
        add("vdfs.query_entries", OperationKind.QUERY, "core", 0);
        add("ai.ocr", OperationKind.QUERY, "ai", 0);
        add("core.ping", OperationKind.QUERY, "core", 0);
        add("core.ping", OperationKind.QUERY, "shadowed", -1);
        List<OperationInfo> list = table.list();
        assertEquals(List.of("ai.ocr", "core.ping", "vdfs.query_entries"), list.stream().map(OperationInfo::name).toList());
        assertEquals("core", list.get(1).provider());
    }
}
