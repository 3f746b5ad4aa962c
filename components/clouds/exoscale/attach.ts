// Attachments (private network <-> instance, elastic IP <-> instance) are PUT
// :attach / :detach calls. Attaching twice is an error on the API, so the
// providers look at the instance first and again after a failed attempt.
import { ApiError } from "../http";
import type { ExoscaleClient } from "./client";

export interface InstanceLinks {
  "private-networks"?: { id: string }[];
  "elastic-ips"?: { id: string }[];
}

export type LinkKind = "private-networks" | "elastic-ips";

/** Whether the instance is linked to `target`; undefined when the instance is gone. */
export async function isLinked(c: ExoscaleClient, instance: string, kind: LinkKind, target: string): Promise<boolean | undefined> {
  const i = await c.find<InstanceLinks>(`/instance/${instance}`);
  return i && (i[kind] ?? []).some((x) => x.id === target);
}

export async function ensureLinked(c: ExoscaleClient, instance: string, kind: LinkKind, path: string, body: unknown, target: string): Promise<void> {
  if (await isLinked(c, instance, kind, target)) return;
  try {
    await c.mutate("PUT", path, body);
  } catch (err) {
    // A retried attach whose first attempt went through reports a conflict: fine if linked now.
    if (err instanceof ApiError && (await isLinked(c, instance, kind, target))) return;
    throw err;
  }
}

export async function ensureUnlinked(c: ExoscaleClient, instance: string, kind: LinkKind, path: string, target: string): Promise<void> {
  if (!(await isLinked(c, instance, kind, target))) return;
  try {
    await c.mutate("PUT", path, { instance: { id: instance } });
  } catch (err) {
    if (err instanceof ApiError && !(await isLinked(c, instance, kind, target))) return;
    throw err;
  }
}
