import type { Command } from 'commander';
import { startSchedule } from '../../ingest/scheduler.ts';
import { engineFor } from '../../alerts/live.ts';
import { setupIndices } from '../../index/setup.ts';
import { logger } from '../../log/logger.ts';
import { configPath, openPipeline } from '../context.ts';

export function register(program: Command) {
  program
    .command('run')
    .description('run the pipeline as a daemon: every source on its schedule until SIGINT/SIGTERM')
    .action(async (_opts, cmd: Command) => {
      const pipeline = await openPipeline(configPath(cmd.optsWithGlobals().config));
      await setupIndices(pipeline.client, pipeline.names);
      const schedule = startSchedule(pipeline);
      const alerts = engineFor(pipeline).start();
      logger.info({ event: 'run.started', stage: 'cli', sources: pipeline.config.sources.length }, 'rykte: running; Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          logger.info({ event: 'run.stopping', stage: 'cli', signal }, `rykte: ${signal}: finishing runs in flight`);
          resolve();
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
      await Promise.all([schedule.stop(), alerts.stop()]);
      await pipeline.close();
      logger.info({ event: 'run.stopped', stage: 'cli' }, 'rykte: stopped');
    });
}
