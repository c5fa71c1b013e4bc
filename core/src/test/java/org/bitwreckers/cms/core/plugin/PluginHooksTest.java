package org.bitwreckers.cms.core.plugin;

import java.util.Map;

import org.bitwreckers.cms.spi.ContentHook;
import org.bitwreckers.cms.spi.Tx;
import org.bitwreckers.cms.spi.Write;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** A hook is called only for the methods its class, or a class it extends, overrides. */
class PluginHooksTest {
    /** Like the example plugin's title check: validation only. */
    static final class ValidatesOnly implements ContentHook {
        @Override
        public boolean handles(String type) {
            return true;
        }

        @Override
        public Map<String, String> validate(Write write) {
            return Map.of();
        }
    }

    abstract static class Stamping implements ContentHook {
        @Override
        public void beforeSave(Write write, Tx tx) {
            write.data().put("stamped", true);
        }
    }

    static final class StampsEverything extends Stamping {
        @Override
        public boolean handles(String type) {
            return true;
        }
    }

    @Test
    void aHookIsCalledOnlyForTheMethodsItsClassOverrides() {
        ContentHook validates = new ValidatesOnly();
        assertThat(PluginHooks.overrides(validates, "validate"), is(true));
        assertThat(PluginHooks.overrides(validates, "beforeSave"), is(false));
        assertThat(PluginHooks.overrides(validates, "afterSave"), is(false));
        assertThat(PluginHooks.overrides(validates, "onTransition"), is(false));
        assertThat(PluginHooks.overrides(validates, "afterDelete"), is(false));

        ContentHook stamps = new StampsEverything();
        assertThat(PluginHooks.overrides(stamps, "beforeSave"), is(true)); // from the class it extends
        assertThat(PluginHooks.overrides(stamps, "validate"), is(false));
    }
}
