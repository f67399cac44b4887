package io.celerymon.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SeverityTest {

    @Test
    void ordersFromOkToCritical() {
        assertTrue(Severity.CRITICAL.atLeast(Severity.WARN));
        assertTrue(Severity.WARN.atLeast(Severity.WARN));
        assertFalse(Severity.INFO.atLeast(Severity.WARN));
    }

    @Test
    void parsesLabelsCaseInsensitively() {
        assertEquals(Severity.WARN, Severity.parse(" Warn"));
        assertEquals("critical", Severity.CRITICAL.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Severity.parse("fatal"));
        assertTrue(e.getMessage().contains("ok, info, warn, critical"));
    }

    @Test
    void findingFailsAtOrAboveTheFailLevel() {
        Finding warn = new Finding("x", Severity.WARN, "broker", "s", Map.of("a", 1), null);
        assertTrue(warn.fails(Severity.WARN));
        assertFalse(warn.fails(Severity.CRITICAL));
        assertEquals("", warn.remedy());
    }
}
