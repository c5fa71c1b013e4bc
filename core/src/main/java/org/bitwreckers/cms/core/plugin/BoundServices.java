package org.bitwreckers.cms.core.plugin;

import java.time.Instant;

import org.bitwreckers.cms.spi.Documents;
import org.bitwreckers.cms.spi.PluginConfig;
import org.bitwreckers.cms.spi.PluginServices;
import org.bitwreckers.cms.spi.Users;

/** The services one plugin gets; its writes are recorded as {@code plugin:<id>}. */
final class BoundServices implements PluginServices {
    private final CoreServices core;
    private final String author;
    private final PluginConfig config;

    BoundServices(CoreServices core, String pluginId, PluginConfig config) {
        this.core = core;
        this.author = "plugin:" + pluginId;
        this.config = config;
    }

    @Override
    public Documents documents() {
        return new PluginDocuments(core.registry(), core.documents(), core.db(), null, author);
    }

    @Override
    public Users users() {
        return new PluginUsers(core.db().execute());
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public <T> T transaction(TxWork<T> work) {
        return core.documents().transaction(tx -> work.run(new PluginTx(core, tx, author)));
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    CoreServices core() {
        return core;
    }

    String author() {
        return author;
    }
}
