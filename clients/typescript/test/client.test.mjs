// Contract tests of the TypeScript client against a running batna (started by
// tests/sdk/test_typescript.py, which passes BATNA_URL, BATNA_KEY and BATNA_CASES).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { batna, evaluate, BatnaProblem } from "../dist/index.js";

const url = process.env.BATNA_URL;
const key = process.env.BATNA_KEY;
const fresh = process.env.BATNA_FRESH_KEY;
const caseOf = (id) =>
  JSON.parse(readFileSync(`${process.env.BATNA_CASES}/${id}.json`, "utf8")).payload;

test("evaluates a seed case and reads the record back", async () => {
  const client = batna(url, key);
  const evaluation = await evaluate(client, caseOf("TC-04"));
  assert.equal(evaluation.overall_recommendation, "proceed");
  assert.equal(evaluation.decision.clause, "strong_position");
  assert.ok(evaluation.decision.reasons.length > 0);
  const { data, response } = await client.GET("/v1/evaluations/{evaluation_id}", {
    params: { path: { evaluation_id: evaluation.id } },
  });
  assert.equal(response.status, 200);
  assert.equal(data.evaluation.id, evaluation.id);
  assert.equal(data.ruleset.revision, evaluation.ruleset.revision);
});

test("a batch with a bad row answers per item", async () => {
  const { data } = await batna(url, key).POST("/v1/evaluations:batch", {
    body: { situations: [caseOf("TC-04"), { schema_version: "1.0" }] },
  });
  assert.deepEqual(data.results.map((r) => r.status), [200, 422]);
  assert.equal(data.rejected, 1);
});

test("pages through a list with next_cursor", async () => {
  const client = batna(url, fresh);
  for (let i = 0; i < 3; i++) await evaluate(client, caseOf("TC-01"));
  const seen = [];
  let cursor;
  do {
    const { data } = await client.GET("/v1/evaluations", {
      params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } },
    });
    seen.push(...data.items.map((item) => item.id));
    cursor = data.next_cursor;
  } while (cursor);
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen).size, 3);
});

test("an invalid situation is a typed 422 problem with its codes", async () => {
  const situation = caseOf("TC-04");
  situation.person.current_base_salary = 0;
  await assert.rejects(evaluate(batna(url, key), situation), (err) => {
    assert.ok(err instanceof BatnaProblem);
    assert.equal(err.problem.status, 422);
    assert.ok(err.problem.details.some((d) => d.code === "AMOUNT_NOT_POSITIVE"));
    return true;
  });
});

test("a bad key is a 401 problem", async () => {
  await assert.rejects(evaluate(batna(url, "batna_00_wrong"), caseOf("TC-04")), (err) => {
    assert.equal(err.problem.status, 401);
    return true;
  });
});
