import type { Reply } from '../core';
import { deepFreeze } from '../lib/freeze';

/**
 * Renderings of the answers the core reuses (frozen): the same answer in the same place renders
 * the same, so it is rendered once per place and shared, frozen, by everyone who gets it. Held
 * weakly: a rendering goes when the core forgets its answer. Fresh answers (not frozen) are
 * rendered every time. What is rendered may also be a rendering itself (a platform payload
 * serialised once): `Source` is then that rendering's type.
 */
export class RenderCache<T, Source extends object = Reply> {
  private readonly renderings = new WeakMap<Source, Map<string, { value: T; at: number }>>();

  constructor(
    /** A rendering older than this is made again (one that holds an expiring id); forever by default. */
    private readonly maxAgeMs = Infinity,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The rendering of `source` for `place` (a key naming everything the rendering depends on
   * besides the source): `render` makes it the first time; `reused` hears of each later use.
   */
  get(source: Source, place: string, render: () => T, reused?: (value: T) => void): T {
    if (!Object.isFrozen(source)) return render();
    let byPlace = this.renderings.get(source);
    if (!byPlace) this.renderings.set(source, (byPlace = new Map()));
    // Renderings that never expire need no clock (this runs for every answer sent).
    const now = this.maxAgeMs === Infinity ? 0 : this.now();
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
