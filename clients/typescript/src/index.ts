// The batna API v1 client: openapi-fetch over the types generated into schema.d.ts
// (regenerate with `make sdk`; never edit schema.ts by hand). This file is hand-written.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, paths };
export type Situation = components["schemas"]["Situation"];
export type Evaluation = components["schemas"]["Evaluation"];
export type Problem = components["schemas"]["Problem"];

/** A problem+json answer (401, 404, 422, 429, 503 …), thrown by the helpers below. */
export class BatnaProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.error}: ${problem.detail}`);
  }
}

/** One retry about to happen, as told to `RetryOptions.onRetry`. */
export interface RetryEvent {
  /** The attempt that was answered (1 for the first request). */
  attempt: number;
  /** Its status (429 or 503). */
  status: number;
  /** Milliseconds the client waits before the next attempt. */
  waitMs: number;
  /** The answer's Retry-After in milliseconds, or undefined (then waitMs is backoff). */
  retryAfterMs: number | undefined;
  method: string;
  url: string;
}

/**
 * How often and how long to retry 429 and 503 answers. Only safe requests are retried:
 * GET, HEAD, OPTIONS, PUT, DELETE, and any request with an Idempotency-Key header.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (1 turns retries off). Default 4. */
  maxAttempts?: number;
  /** Milliseconds of waiting in all across one request's retries. Default 60 000. */
  maxWaitMs?: number;
  /** First backoff when there is no Retry-After; doubles per attempt. Default 500. */
  backoffMs?: number;
  /** Cap of one backoff. Default 8 000. The wait is uniform in [0, backoff] (full jitter). */
  maxBackoffMs?: number;
  /** Statuses retried. Default [429, 503]. */
  statuses?: number[];
  /** Called before each wait (logging, metrics, tests). */
  onRetry?: (event: RetryEvent) => void;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/** The Retry-After of `response` in milliseconds (delta-seconds or an HTTP-date). */
export function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get("Retry-After")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const when = Date.parse(value);
  return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}

/** A fetch that retries 429/503 answers of safe requests per `options`. */
export function retryingFetch(
  options: RetryOptions = {},
  base: (input: Request) => Promise<Response> = (input) => globalThis.fetch(input),
): (input: Request) => Promise<Response> {
  const maxAttempts = options.maxAttempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 8_000;
  const statuses = new Set(options.statuses ?? [429, 503]);
  return async (request: Request): Promise<Response> => {
    const safe = IDEMPOTENT.has(request.method) || request.headers.has("Idempotency-Key");
    if (!safe) return base(request);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const response = await base(request.clone()); // a clone per attempt: the body again
      if (!statuses.has(response.status) || attempt >= maxAttempts) return response;
      const told = retryAfterMs(response);
      const waitMs =
        told ?? Math.random() * Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
      if (waited + waitMs > maxWaitMs) return response;
      await response.body?.cancel();
      options.onRetry?.({
        attempt,
        status: response.status,
        waitMs,
        retryAfterMs: told,
        method: request.method,
        url: request.url,
      });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      waited += waitMs;
    }
  };
}

/** Options of `batna()`. */
export interface ClientOptions {
  /** Retry policy; `false` turns retries off. Default: retry with the defaults above. */
  retry?: RetryOptions | false;
  /** The fetch underneath (a test double, a proxy agent …). */
  fetch?: (input: Request) => Promise<Response>;
}

/** A client for `baseUrl`, authenticated with a tenant's API key, retrying 429 and 503. */
export function batna(baseUrl: string, apiKey: string, options: ClientOptions = {}): Client<paths> {
  const base = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  const fetch = options.retry === false ? base : retryingFetch(options.retry ?? {}, base);
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` }, fetch });
}

/** Options of `evaluate()`. */
export interface EvaluateOptions {
  /**
   * Makes the call safe to retry: the server answers a repeat with the first answer and
   * stores nothing twice. Default: a new `crypto.randomUUID()` per call, the same on
   * every retry of that call.
   */
  idempotencyKey?: string;
}

/** Evaluate one situation (stored for audit); throws BatnaProblem on any error. */
export async function evaluate(
  client: Client<paths>,
  situation: Situation,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const key = options.idempotencyKey ?? globalThis.crypto.randomUUID();
  const { data, error } = await client.POST("/v1/evaluations", {
    body: situation,
    params: { header: { "Idempotency-Key": key } },
  });
  if (error !== undefined) throw new BatnaProblem(error as Problem);
  return data as Evaluation;
}
