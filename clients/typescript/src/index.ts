// The batna API v1 client: openapi-fetch over the types generated into schema.d.ts
// (regenerate with `make sdk`; never edit schema.ts by hand).
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

/** A client for `baseUrl`, authenticated with a tenant's API key. */
export function batna(baseUrl: string, apiKey: string): Client<paths> {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}

/** Evaluate one situation (stored for audit); throws BatnaProblem on any error. */
export async function evaluate(client: Client<paths>, situation: Situation): Promise<Evaluation> {
  const { data, error } = await client.POST("/v1/evaluations", { body: situation });
  if (error !== undefined) throw new BatnaProblem(error as Problem);
  return data as Evaluation;
}
