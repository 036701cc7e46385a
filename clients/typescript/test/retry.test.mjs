// Retries and idempotency keys of the TypeScript client against real servers (started by
// tests/sdk/test_typescript_sdk.py): BATNA_FLAKY_URL is the flaky proxy (tests/sdk/flaky.py)
// in front of the live server, BATNA_THROTTLED_URL a server that lets a key send one
// request a second (BATNA_THROTTLED_KEY).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { batna, evaluate } from "../dist/index.js";

const key = process.env.BATNA_KEY;
const flaky = process.env.BATNA_FLAKY_URL;
const throttled = process.env.BATNA_THROTTLED_URL;
const throttledKey = process.env.BATNA_THROTTLED_KEY;
const situation = () =>
  JSON.parse(readFileSync(`${process.env.BATNA_CASES}/TC-04.json`, "utf8")).payload;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function plan(steps) {
  const response = await fetch(`${flaky}/__plan`, { method: "POST", body: JSON.stringify(steps) });
  assert.equal(response.status, 204);
}
const seen = async () => (await fetch(`${flaky}/__seen`)).json();

test("evaluate sends an Idempotency-Key by default, the same one on its retry", async () => {
  await plan([{ status: 503, retry_after: "0", forward: true }]); // stored, answer lost
  const evaluation = await evaluate(batna(flaky, key), situation());
  assert.equal(evaluation.overall_recommendation, "proceed");
  const [first, second] = await seen();
  assert.equal(first.answered, 503);
  assert.equal(second.answered, 201);
  assert.match(first.idempotency_key, UUID);
  assert.equal(second.idempotency_key, first.idempotency_key);
});

test("each evaluate call gets its own key, or the one it is given", async () => {
  await plan([]);
  const client = batna(flaky, key);
  await evaluate(client, situation());
  await evaluate(client, situation());
  await evaluate(client, situation(), { idempotencyKey: "order-42-attempt" });
  const keys = (await seen()).map((s) => s.idempotency_key);
  assert.notEqual(keys[0], keys[1]);
  assert.equal(keys[2], "order-42-attempt");
});

test("a 429 waits its Retry-After, then succeeds", async () => {
  const events = [];
  const client = batna(throttled, throttledKey, { retry: { onRetry: (e) => events.push(e) } });
  await evaluate(client, situation()); // the one token
  const started = Date.now();
  const evaluation = await evaluate(client, situation());
  assert.equal(evaluation.overall_recommendation, "proceed");
  assert.deepEqual(
    events.map((e) => [e.attempt, e.status, e.retryAfterMs, e.waitMs, e.method]),
    [[1, 429, 1000, 1000, "POST"]],
  );
  assert.ok(Date.now() - started >= 1000, "it really waited");
});

test("a 503 waits an HTTP-date Retry-After, then backs off with jitter", async () => {
  await plan([{ status: 503, retry_after: "date:+2" }, { status: 503 }]);
  const events = [];
  const client = batna(flaky, key, { retry: { backoffMs: 100, onRetry: (e) => events.push(e) } });
  const { response } = await client.GET("/v1/rulesets");
  assert.equal(response.status, 200);
  assert.deepEqual((await seen()).map((s) => s.answered), [503, 503, 200]);
  const [dated, backedOff] = events;
  assert.ok(dated.retryAfterMs > 0 && dated.retryAfterMs <= 2000, `${dated.retryAfterMs}`);
  assert.equal(dated.waitMs, dated.retryAfterMs);
  assert.equal(backedOff.retryAfterMs, undefined);
  assert.ok(backedOff.waitMs >= 0 && backedOff.waitMs <= 200, `${backedOff.waitMs}`);
});

test("a POST without a key is not retried, and attempts are bounded", async () => {
  await plan([{ status: 503, retry_after: "0" }]);
  const client = batna(flaky, key);
  const { response } = await client.POST("/v1/evaluations:batch", {
    body: { situations: [situation()] },
  });
  assert.equal(response.status, 503);
  assert.equal((await seen()).length, 1);
  await plan(Array(5).fill({ status: 503, retry_after: "0" }));
  const bounded = batna(flaky, key, { retry: { maxAttempts: 3 } });
  assert.equal((await bounded.GET("/v1/rulesets")).response.status, 503);
  assert.equal((await seen()).length, 3);
});
