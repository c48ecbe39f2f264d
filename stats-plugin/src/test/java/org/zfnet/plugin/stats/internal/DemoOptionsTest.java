package org.zfnet.plugin.stats.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zfnet.api.model.Network;
import org.zfnet.testkit.DemoRuns;
import org.zfnet.testkit.TestNetworks;

/**
 * What {@code zfnet demo} runs of this plugin, on the demo model and on ZFNet, passes the checked options that every
 * run goes through: no option the plugin does not declare, every value valid, every tap one the network has.
 */
class DemoOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"zfnet-mini", "zfnet"})
    void everyDemoRunPassesTheCheckedOptions(String model) {
        try (Network network = TestNetworks.random(model.equals("zfnet") ? TestNetworks.zfnetSpec()
                : TestNetworks.zfnetMiniSpec(), 1)) {
            assertFalse(DemoRuns.checked(new StatsPlugin(), network).isEmpty(), "stats shows something in the demo of "
                    + model);
        }
    }
}
