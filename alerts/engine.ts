import { createHash } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { IndexNames } from '../index/names.ts';
import type { StateStore } from '../index/state.ts';
import { events } from '../log/events.ts';
import { redactDeep, redactText } from '../log/redact.ts';
import type { AlertDoc, NotificationOutcome, Notifier } from './alert.ts';
import type { AlertsConfig, RuleConfig } from './config.ts';
import { alertDoc, evidence } from './evidence.ts';
import { activeStories, countEvents, countsRequest, newVoiceCandidates } from './query.ts';
import { rules } from './rules/index.ts';
import type { Match, RuleInput } from './rules/rule.ts';
import { isSilenced, nextSilence, type Silence } from './silence.ts';
import { alertWarnings } from './warnings.ts';

export interface EngineDeps {
  client: Client;
  names: IndexNames;
  state: StateStore;
  config: AlertsConfig;
  notifiers: Notifier[];
  /** Injected clock: tests move time, the live loop uses the wall clock. */
  now(): Date;
}

/** What the engine keeps per rule in the state index: how far it has read, and the rule's own state. */
interface RuleRun {
  until: number;
  state: unknown;
}

export interface Evaluation {
  rule: RuleConfig;
  matches: Match[];
  state: unknown;
  query?: unknown;
}

/**
 * The live side of alerting: on each tick, query what is new since the last tick (minus the
 * query delay), feed each rule, silence repeats, store each alert with its evidence, notify.
 * Rule state, read positions and silences live in the state index, so a restart resumes
 * mid-window and never re-alerts.
 */
export function createEngine(deps: EngineDeps) {
  const { client, names, state, config } = deps;
  for (const [path, message] of alertWarnings(config)) events.configWarning(path, message);

  /**
   * Run one rule: the same code for the live tick, `backtest --from/--to` and the demo. Over a
   * past range it reads what was published in [from, to); live (`arrived`), what was collected
   * since the previous run, back to the rule's horizon `from` (alerts/query.ts `timeFilter`).
   */
  async function evaluate(rule: RuleConfig, from: number, to: number, saved: unknown, arrived?: { since?: number }): Promise<Evaluation> {
    const impl = rules[rule.type]!;
    const o = rule as any;
    const range = { from, to, live: arrived !== undefined, arrivedFrom: arrived?.since };
    let input: RuleInput;
    let query: unknown;
    if (impl.input === 'counts') {
      const q = { ...range, bucketSecs: impl.bucketSecs!(rule), queryKey: o.query_key, maxKeys: o.maxKeys, filter: rule.filter };
      query = countsRequest(names, q);
      const counted = await countEvents(client, names, q);
      if (counted.left) events.alertKeysLimited(rule.name, o.maxKeys, counted.left);
      input = { kind: 'counts', events: counted.events, from, until: to };
    } else if (impl.input === 'stories') {
      // Live, `from` is recent and the rule's own horizon applies; over a past range (backtest,
      // demo) every story active in the range counts.
      const since = Math.min(from, to - impl.lookbackSecs(rule) * 1000);
      input = { kind: 'stories', stories: await activeStories(client, names, since, to), now: to };
    } else {
      input = { kind: 'mentions', ...(await newVoiceCandidates(client, names, range, o.minFollowers, rule.filter)), now: to };
    }
    const { matches, state: next } = impl.evaluate(rule, input, saved);
    return { rule, matches, state: next, query };
  }

  /** Silence, store, notify one match. Returns the alert, or undefined when silenced or already sent. */
  async function deliver(rule: RuleConfig, match: Match, query?: unknown): Promise<AlertDoc | undefined> {
    const at = Date.parse(match.at);
    const silenceKey = `${rule.name}:${match.key}`;
    const silence = await state.get<Silence>('alert-silence', silenceKey);
    if (isSilenced(silence, at)) {
      events.alertSilenced(rule.name, match.key, new Date(silence!.until).toISOString());
      return undefined;
    }
    const id = createHash('sha1').update(`${rule.name}\n${match.key}\n${match.at}`).digest('hex').slice(0, 20);
    const alert: AlertDoc = { ...alertDoc(id, deps.now(), rule, match, await evidence(client, names, rule, match), query, config.kibanaUrl), delivery: 'pending' };
    // Stored (and silenced) before sending, as `pending`: a crash mid-send must not mean a second
    // alert later, and whichever engine runs next sends what is still pending (sendPending).
    const created = await client.create({ index: names.index('alerts'), id, document: redactDeep(alert), refresh: true }, { ignore: [409] });
    if ((created as { result?: string }).result !== 'created') {
      events.alertDuplicate(rule.name, match.key, id);
      return undefined;
    }
    await state.put<Silence>('alert-silence', silenceKey, nextSilence(silence, at, rule.realert, rule.exponential_realert));
    events.alertFired(rule.name, match.key, id, match.summary);
    return send(rule, alert);
  }

  /** Notify and record the outcome; from then on the alert is `done` and never sent again. */
  async function send(rule: Pick<RuleConfig, 'name' | 'notify'>, alert: AlertDoc): Promise<AlertDoc> {
    alert.notifications = await notify(rule, alert);
    alert.delivery = 'done';
    await client.update({ index: names.index('alerts'), id: alert.id, doc: redactDeep({ notifications: alert.notifications, delivery: 'done' }), refresh: true });
    return alert;
  }

  /**
   * Alerts stored but never sent: the engine that stored them stopped (crash, lost leadership)
   * between storing and notifying. Only one engine runs at a time and its ticks never overlap,
   * so at the start of a tick every pending alert is such an orphan. The one window left is a
   * crash after a notifier accepted the message and before `done` was written: that alert is
   * sent again (at least once, never lost; receivers can dedupe on the alert id).
   */
  async function sendPending(): Promise<AlertDoc[]> {
    const response = await client.search<AlertDoc>({
      index: names.alias('alerts'),
      size: 100,
      query: { term: { delivery: 'pending' } },
      sort: [{ '@timestamp': 'asc' }],
    });
    const sent: AlertDoc[] = [];
    for (const hit of response.hits.hits) {
      const alert = hit._source!;
      // A rule since removed from the config still gets its alert out, to every notifier.
      const rule = config.rules.find((r) => r.name === alert.rule) ?? { name: alert.rule, notify: undefined };
      events.alertResent(alert.rule, alert.key, alert.id);
      sent.push(await send(rule, alert));
    }
    return sent;
  }

  async function notify(rule: Pick<RuleConfig, 'name' | 'notify'>, alert: AlertDoc): Promise<NotificationOutcome[]> {
    const targets = deps.notifiers.filter((n) => !rule.notify || rule.notify.includes(n.name));
    return Promise.all(
      targets.map(async (n): Promise<NotificationOutcome> => {
        try {
          const attempts = await n.send(alert);
          events.alertNotified(rule.name, n.name, alert.id, attempts);
          return { notifier: n.name, status: 'sent', attempts, at: deps.now().toISOString() };
        } catch (error) {
          const message = redactText((error as Error).message);
          events.alertNotifyFailed(rule.name, n.name, alert.id, 'notify', message);
          return { notifier: n.name, status: 'failed', attempts: (error as { attempts?: number }).attempts ?? 1, error: message, at: deps.now().toISOString() };
        }
      }),
    );
  }

  /** One pass over every enabled rule; a failing rule never stops the others. */
  async function tick(): Promise<AlertDoc[]> {
    const end = deps.now().getTime() - config.queryDelaySecs * 1000;
    const sent: AlertDoc[] = await sendPending().catch((e) => {
      events.alertRuleFailed('*', 'pending', (e as Error).message);
      return [];
    });
    for (const rule of config.rules.filter((r) => r.enabled)) {
      try {
        const saved = await state.get<RuleRun>('alert-rule', rule.name);
        if (saved && saved.until >= end) continue;
        const horizon = end - rules[rule.type]!.lookbackSecs(rule) * 1000;
        const result = await evaluate(rule, horizon, end, saved?.state, { since: saved?.until });
        for (const match of result.matches) {
          const alert = await deliver(rule, match, result.query);
          if (alert) sent.push(alert);
        }
        await state.put<RuleRun>('alert-rule', rule.name, { until: end, state: result.state });
      } catch (error) {
        events.alertRuleFailed(rule.name, 'evaluate', (error as Error).message);
      }
    }
    return sent;
  }

  /** Every rule over a past range from fresh state (backtest, demo); `send` stores and notifies the matches too. */
  async function evaluateRange(from: number, to: number, send = false): Promise<{ evaluations: Evaluation[]; sent: AlertDoc[] }> {
    const evaluations: Evaluation[] = [];
    const sent: AlertDoc[] = [];
    for (const rule of config.rules.filter((r) => r.enabled)) {
      const result = await evaluate(rule, from, to, undefined);
      evaluations.push(result);
      if (!send) continue;
      for (const match of result.matches) {
        const alert = await deliver(rule, match, result.query);
        if (alert) sent.push(alert);
      }
    }
    return { evaluations, sent };
  }

  /**
   * The live loop: a tick now, then one every `intervalSecs` after the previous ends. With
   * several workers `active` says whether this one holds the alert engine's lease; the others
   * skip their ticks (and take over on the first tick after they win the lease).
   */
  function start(onTick: (alerts: AlertDoc[]) => void = () => {}, active: () => boolean = () => true) {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const loop = () => {
      running = (active() ? tick() : Promise.resolve([])).then(onTick, (e) => events.alertRuleFailed('*', 'tick', (e as Error).message));
      void running.then(() => {
        if (!stopped) timer = setTimeout(loop, config.intervalSecs * 1000);
      });
    };
    loop();
    return {
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  }

  return { evaluate, deliver, sendPending, tick, evaluateRange, start };
}
export type Engine = ReturnType<typeof createEngine>;
