// Which events get printed, and when: only those of pods the pod selection matches (the pod
// watch tells which), at the level asked (--events=warnings), each occurrence once (a re-list
// after a watch expired brings every event again; a count bump is a new occurrence).
// An event may arrive before its pod does (two watches, no order between them): it waits,
// a bounded number of them, for its pod. A deleted pod's late events (Killing) still match.
import type { EventLevel, PodEvent } from '../shared/event.js';
import { isWarning } from '../shared/event.js';
import { occurrence } from './fromApi.js';

const WAITING_MAX = 1000;
const GONE_MAX = 1000;

export interface MatchedEvents {
  /** a pod the pod watch saw, and whether the selection matches it */
  pod(uid: string, matches: boolean): void;
  podGone(uid: string): void;
  /** an event (new or modified) from the event watch, `id` its object's uid */
  event(id: string, e: PodEvent): void;
  eventGone(id: string): void;
  /** both lists are in: what waited is printed in time order, and from now on as it comes */
  ready(): void;
}

/** The id a container's end (containerEnds.ts) is offered under: `key` tells the instance. */
export const endId = (podUid: string, key: string) => `${podUid}\0end\0${key}`;

export function matchedEvents(level: EventLevel, print: (e: PodEvent) => void): MatchedEvents {
  const pods = new Map<string, boolean>();
  const gone: string[] = [];
  const printed = new Map<string, string>();
  let waiting: { id: string; e: PodEvent }[] = [];
  let isReady = false;

  const offer = (id: string, e: PodEvent) => {
    const matches = pods.get(e.involvedObject.uid);
    if (matches === false) return;
    if (matches === undefined || !isReady) {
      waiting = waiting.filter((w) => w.id !== id);
      waiting.push({ id, e });
      if (waiting.length > WAITING_MAX) waiting.shift();
      return;
    }
    const what = occurrence(e);
    if (printed.get(id) === what) return;
    printed.set(id, what);
    print(e);
  };
  const release = () => {
    const now = waiting.sort((a, b) => Date.parse(a.e.timestamp) - Date.parse(b.e.timestamp));
    waiting = [];
    for (const w of now) offer(w.id, w.e);
  };

  return {
    pod(uid, matches) {
      const before = pods.get(uid);
      pods.set(uid, matches);
      if (isReady && before === undefined && waiting.some((w) => w.e.involvedObject.uid === uid)) release();
    },
    podGone(uid) {
      // a container's end is keyed under its pod (endId): gone with it
      for (const id of printed.keys()) if (id.startsWith(endId(uid, ''))) printed.delete(id);
      gone.push(uid);
      if (gone.length > GONE_MAX) pods.delete(gone.shift() ?? '');
    },
    event(id, e) {
      if (level === 'warnings' && !isWarning(e)) return;
      offer(id, e);
    },
    eventGone(id) {
      printed.delete(id);
      waiting = waiting.filter((w) => w.id !== id);
    },
    ready() {
      isReady = true;
      release();
    },
  };
}
