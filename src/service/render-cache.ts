import type { Reply } from '../core';
import { deepFreeze } from '../lib/freeze';

/**
 * Renderings of the answers the core reuses (frozen): the same answer in the same place renders
 * the same, so it is rendered once per place and shared, frozen, by everyone who gets it. Held
 * weakly: a rendering goes when the core forgets its answer. Fresh answers (not frozen) are
 * rendered every time.
 */
export class RenderCache<T> {
  private readonly renderings = new WeakMap<Reply, Map<string, { value: T; at: number }>>();

  constructor(
    /** A rendering older than this is made again (one that holds an expiring id); forever by default. */
    private readonly maxAgeMs = Infinity,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The rendering of `reply` for `place` (a key naming everything the rendering depends on
   * besides the reply): `render` makes it the first time; `reused` hears of each later use.
   */
  get(reply: Reply, place: string, render: () => T, reused?: (value: T) => void): T {
    if (!Object.isFrozen(reply)) return render();
    let byPlace = this.renderings.get(reply);
    if (!byPlace) this.renderings.set(reply, (byPlace = new Map()));
    const now = this.now();
    const entry = byPlace.get(place);
    if (entry && now - entry.at <= this.maxAgeMs) {
      reused?.(entry.value);
      return entry.value;
    }
    const value = deepFreeze(render());
    byPlace.set(place, { value, at: now });
    return value;
  }
}
