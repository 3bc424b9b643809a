import { z } from 'zod';

/** The `serve:` section of rykte.yml: where `rykte serve` listens and how others link to it. */
export const serveConfig = z.strictObject({
  /** Interface to listen on. Loopback by default: the view has no login, so put a proxy with authentication in front before opening it up. @default 127.0.0.1 */
  host: z.string().min(1).default('127.0.0.1'),
  /** @default 8080 */
  port: z.number().int().min(0).max(65535).default(8080),
  /** The address people reach `rykte serve` at; Slack alerts then link to the story page. @example https://rykte.example.com */
  publicUrl: z.url().optional(),
});

export type ServeConfig = z.infer<typeof serveConfig>;

/** The story page's address under `publicUrl` (Slack alerts link here). */
export const storyPageUrl = (publicUrl: string, storyId: string) => `${publicUrl.replace(/\/+$/, '')}/story?id=${encodeURIComponent(storyId)}`;
