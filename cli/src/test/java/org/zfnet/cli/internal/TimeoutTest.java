package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.zfnet.api.InvalidInputException;

class TimeoutTest {

    @Test
    void readsMillisecondsSecondsMinutesHoursAndZeroForNone() {
        assertEquals(Duration.ofMillis(500), Timeout.parse("500ms").limit());
        assertEquals(Duration.ofSeconds(30), Timeout.parse("30s").limit());
        assertEquals(Duration.ofMinutes(5), Timeout.parse("5m").limit());
        assertEquals(Duration.ofHours(2), Timeout.parse("2h").limit());
        assertEquals("30s", Timeout.parse("30s").text());
        assertFalse(Timeout.parse("0").limited());
        assertFalse(Timeout.parse("0s").limited());
    }

    @Test
    void aValueWithoutUnitOrWithAnUnknownOneIsBadInputNamingIt() {
        for (String bad : new String[] {"30", "5 min", "-1s", "1.5s", "", "s"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Timeout.parse(bad));
            assertEquals("--timeout must be a duration such as 500ms, 30s, 5m, 1h, or 0 for none; got '" + bad + "'",
                    e.getMessage());
        }
    }
}
