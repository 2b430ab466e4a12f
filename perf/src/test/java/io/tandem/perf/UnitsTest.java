package io.tandem.perf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Three significant digits, whether or not the value happens to be exact. */
final class UnitsTest
{
    @Test
    void threeSignificantDigits()
    {
        assertEquals("1.00", Units.sig3(1.0), "an exact value keeps its digits");
        assertEquals("1.00", Units.sig3(0.99996));
        assertEquals("20.0", Units.sig3(20.0));
        assertEquals("0.500", Units.sig3(0.5));
        assertEquals("0.0187", Units.sig3(0.01874));
        assertEquals("1.16", Units.sig3(1.155));
        assertEquals("120", Units.sig3(120.0));
        assertEquals("0", Units.sig3(0));
        assertEquals("1.00x", Units.ratio(1.0, true));
        assertEquals("11.0 M msg/s", Units.value(11e6, "msg/s", true));
        assertEquals("7.00 GB/s", Units.value(7, "GB/s", true));
        assertEquals("2.00 us", Units.latency(2000, true));
    }
}
