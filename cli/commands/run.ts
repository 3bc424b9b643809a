import type { Command } from 'commander';
import { startSchedule, type Schedule } from '../../ingest/scheduler.ts';
import { ALERTS_LEASE, STORIES_LEASE, startClaims } from '../../ingest/claims.ts';
import { startStoryStage } from '../../enrich/story-stage.ts';
import { engineFor } from '../../alerts/live.ts';
import { LeaseStore } from '../../index/lease-store.ts';
import { ensureSetup } from '../../index/access.ts';
import { waitForElasticsearch } from '../../index/connect.ts';
import { startRetention } from '../../index/retention.ts';
import { logger } from '../../log/logger.ts';
import { configPath, openPipeline } from '../context.ts';

export function register(program: Command) {
  program
    .command('run')
    .description('run the pipeline as a daemon: every source on its schedule until SIGINT/SIGTERM; several workers share the sources')
    .action(async (_opts, cmd: Command) => {
      // Stories are placed by one worker at a time after indexing (enrich/story-stage.ts), not
      // inline by each worker: several workers' trackers would each see only part of a cascade.
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config), { hooks: {} });
      await waitForElasticsearch(pipeline.client);
      await ensureSetup(pipeline.client, pipeline.names);
      // Every worker, even a lone one, runs only what it holds a lease on (README "Running at
      // scale"): a second `rykte run` on the same config can then never collect a source twice.
      const { workers } = pipeline.config;
      const leases = new LeaseStore(pipeline.client, pipeline.names, workers.id, workers.leaseSecs);
      let schedule: Schedule | undefined;
      const claims = startClaims(leases, workers, {
        sources: pipeline.config.sources.filter((s) => s.enabled).map((s) => s.name),
        roles: pipeline.config.stories.enabled ? [ALERTS_LEASE, STORIES_LEASE] : [ALERTS_LEASE],
        busy: (source) => schedule?.busy(source) ?? false,
        acquired: (source) => schedule?.runNow(source),
      });
      await claims.ready;
      schedule = startSchedule(pipeline, { claims });
      const retention = startRetention(pipeline.client, pipeline.names, pipeline.config.retention);
      const alerts = engineFor(pipeline).start(undefined, () => claims.holds(ALERTS_LEASE));
      const stories = pipeline.config.stories.enabled ? startStoryStage(pipeline, () => claims.holds(STORIES_LEASE), workers.renewSecs) : undefined;
      logger.info({ event: 'run.started', stage: 'cli', sources: pipeline.config.sources.length, worker: workers.id }, `rykte: running as ${workers.id}; Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          logger.info({ event: 'run.stopping', stage: 'cli', signal }, `rykte: ${signal}: finishing runs in flight`);
          resolve();
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
      retention.stop();
      await Promise.all([schedule.stop(), alerts.stop()]);
      // Placement after the runs: what they indexed last is placed before the lease goes.
      await stories?.stop();
      // Released only once the runs have committed their cursors: the next holder starts there.
      await claims.stop();
      await pipeline.close();
      logger.info({ event: 'run.stopped', stage: 'cli' }, 'rykte: stopped');
    });
}
