package org.bitwreckers.cms.core.plugin;

import io.helidon.dbclient.DbClient;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import jakarta.json.JsonObject;

import org.bitwreckers.cms.core.db.Transactions;
import org.bitwreckers.cms.core.json.Jsons;
import org.bitwreckers.cms.core.jobs.Job;
import org.bitwreckers.cms.core.jobs.JobHandler;
import org.bitwreckers.cms.core.jobs.JobQueue;
import org.bitwreckers.cms.core.error.CmsException;
import org.bitwreckers.cms.spi.ScheduledTask;

/**
 * Plugins' scheduled tasks as recurring jobs of the platform's queue: each run happens once across all nodes,
 * retries with back-off, and survives restarts.
 */
public final class PluginTasks implements JobHandler {
    /** Job kind of a task run. */
    public static final String KIND = "plugin.task";
    private static final Logger LOG = Logger.getLogger(PluginTasks.class.getName());

    private final PluginHost host;
    private final JobQueue jobs;
    private final DbClient db;

    /**
     * @param host the plugin host
     * @param jobs the job queue
     * @param db   database client (a task runs at most once at a time, across nodes)
     */
    public PluginTasks(PluginHost host, JobQueue jobs, DbClient db) {
        this.host = host;
        this.jobs = jobs;
        this.db = db;
    }

    /** Declares every running plugin's tasks as recurring jobs and retires those of plugins no longer running. */
    public void schedule() {
        List<String> names = new ArrayList<>();
        for (LoadedPlugin plugin : host.running()) {
            for (ScheduledTask task : plugin.tasks) {
                String name = plugin.id() + ":" + task.name();
                names.add(name);
                jobs.recurring("plugin:" + name, KIND, payload(plugin.id(), task.name()),
                               task.interval(host.config(plugin.id())));
            }
        }
        jobs.retireRecurring(KIND, names.stream().map(n -> "plugin:" + n).toList());
    }

    /**
     * Queues one run of a task now (operators, tests).
     *
     * @param pluginId plugin id
     * @param taskName task name
     * @return the job id
     */
    public long runNow(String pluginId, String taskName) {
        LoadedPlugin plugin = host.find(pluginId).filter(LoadedPlugin::started)
                .orElseThrow(() -> CmsException.notFound("No running plugin " + pluginId));
        plugin.tasks.stream().filter(t -> t.name().equals(taskName)).findFirst()
                .orElseThrow(() -> CmsException.notFound("Plugin " + pluginId + " has no task " + taskName));
        return jobs.enqueueNow(KIND, payload(pluginId, taskName));
    }

    @Override
    public void handle(Job job) throws Exception {
        String pluginId = job.payload().getString("plugin", "");
        String taskName = job.payload().getString("task", "");
        var plugin = host.find(pluginId).filter(LoadedPlugin::started);
        var task = plugin.flatMap(p -> p.tasks.stream().filter(t -> t.name().equals(taskName)).findFirst());
        if (task.isEmpty()) {
            LOG.info("Skipping task " + taskName + " of plugin " + pluginId + ": the plugin is not running");
            return;
        }
        // a slow run and the next occurrence must not pile up on the shared workers: one run per task at a time
        // the guard transaction writes nothing: its end, commit or rollback, only releases the lock
        try {
            Transactions.run(db, guard -> {
                boolean mine = guard.get("SELECT pg_try_advisory_xact_lock(hashtext(?)) AS ok", "plugin-task:" + pluginId
                        + ":" + taskName).orElseThrow().column("ok").get(Boolean.class);
                if (!mine) {
                    LOG.info("Skipping task " + taskName + " of plugin " + pluginId + ": a run is still going");
                    return;
                }
                task.get().run(plugin.get().services());
            });
        } catch (Exception e) {
            plugin.get().recordError("task " + taskName + ": " + PluginHost.reason(e));
            throw e;
        }
    }

    private static JsonObject payload(String pluginId, String task) {
        return Jsons.createObjectBuilder().add("plugin", pluginId).add("task", task).build();
    }
}
