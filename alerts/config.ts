import { z } from 'zod';
import { rules } from './rules/index.ts';
import type { RuleBase } from './rules/rule.ts';

/**
 * The `alerts:` section of rykte.yml: when the engine runs, where alerts go, and the rules
 * (each rule's options live in its own file under alerts/rules/).
 */
export const slackNotifierConfig = z.strictObject({
  /** Incoming-webhook URL. Keep it in the environment. @example ${SLACK_WEBHOOK_URL} */
  webhookUrl: z.url(),
  /** Attempts per message after the first (5xx, network errors, 429 after its Retry-After). @default 3 */
  retries: z.number().int().min(0).max(10).default(3),
  /** Give up on one request after N seconds. @default 10 */
  timeoutSecs: z.number().positive().default(10),
});

export const webhookNotifierConfig = z.strictObject({
  /** Receives each alert as a JSON POST. @example https://hooks.example.com/rykte */
  url: z.url(),
  /** Extra request headers. @example { authorization: 'Bearer ${HOOK_TOKEN}' } */
  headers: z.record(z.string(), z.string()).default({}),
  /** @default 3 */
  retries: z.number().int().min(0).max(10).default(3),
  /** @default 10 */
  timeoutSecs: z.number().positive().default(10),
});

function rulesSchema() {
  const schemas = Object.values(rules).map((r) => r.configSchema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.array(z.discriminatedUnion('type', schemas)).default([]) as unknown as z.ZodDefault<z.ZodArray<z.ZodType<RuleConfig>>>;
}
export type RuleConfig = RuleBase & { [key: string]: unknown };

export const alertsConfig = z
  .strictObject({
    /** Evaluate every rule every N seconds. @default 60 */
    intervalSecs: z.number().min(1).default(60),
    /** Look only at mentions at least this old, so late indexing does not look like a drop. A page is searchable
     * about a second after it is indexed; 5 s keeps alert latency within the interval + 5 s. @default 5 */
    queryDelaySecs: z.number().min(0).default(5),
    /** Kibana base URL: alerts then link to Discover. @example https://kibana.example.com */
    kibanaUrl: z.url().optional(),
    /** Where alerts go. @default { console: true } */
    notifiers: z
      .strictObject({
        slack: slackNotifierConfig.optional(),
        webhook: webhookNotifierConfig.optional(),
        /** Print each alert on stdout and as the `alerts.fired` log event. @default true */
        console: z.boolean().default(true),
      })
      .default({ console: true }),
    rules: rulesSchema(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.rules.forEach((rule, i) => {
      if (seen.has(rule.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `duplicate rule name \`${rule.name}\``, input: rule.name });
      seen.add(rule.name);
    });
  });

export type AlertsConfig = z.infer<typeof alertsConfig>;
export const defaultAlertsConfig = (): AlertsConfig => alertsConfig.parse({});
