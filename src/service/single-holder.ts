import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { StateUnavailableError, type StateStore } from '../state';
import { FAMILY } from './stored-state';

/** Something only one replica may run at a time (the Discord gateway session). */
export interface ExclusiveJob {
  /** Starts the job; a rejection gives the lease back (another replica, or this one later, tries again). */
  start(): Promise<void>;
  /** Stops the job; resolves once it has stopped (the lease is let go only afterwards). */
  stop(): Promise<void>;
}

export interface SingleHolderOptions {
  store: StateStore;
  /** The lease's name, e.g. "discord-gateway". */
  name: string;
  logger: Logger;
  /** How long the lease lasts unless renewed: a replica that dies is replaced after at most this (plus `pollEveryMs`). Default 10 s. */
  leaseMs?: number;
  /** How often the holder renews (several times per lease, so one slow renewal does not lose it). Default 2 s. */
  renewEveryMs?: number;
  /** How often a replica without the lease tries to take it. Default 1 s. */
  pollEveryMs?: number;
  /** This replica's name in the lease (default: random). */
  owner?: string;
}

/**
 * Runs a job on exactly one replica at a time, elected by a lease in the state store: the
 * replica that takes the lease starts the job and renews the lease; the others try now and
 * then, and one of them takes over within `leaseMs + pollEveryMs` when the holder dies. The
 * holder stops the job as soon as it finds the lease taken by another, and lets the lease go
 * only once the job has stopped, so two replicas never run it at once.
 *
 * While the shared store cannot be reached, nobody can take the lease: the holder keeps the job
 * running (it is the only one that can run it), and the others wait. A store that has just
 * restarted may have lost the lease (Redis without persistence): the others wait until it has
 * been up for a full lease before trying, which gives the holder time to take it back first.
 */
export class SingleHolder {
  readonly owner: string;
  private readonly key: string;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly pollEveryMs: number;
  private timer?: NodeJS.Timeout;
  private holding = false;
  private running = false;
  private ended = false;
  /** Starts and stops of the job, one after the other. */
  private jobs: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: SingleHolderOptions,
    private readonly job: ExclusiveJob,
  ) {
    this.owner = options.owner ?? randomUUID();
    this.key = `${FAMILY.lease}:${options.name}`;
    this.leaseMs = options.leaseMs ?? 10_000;
    this.renewEveryMs = options.renewEveryMs ?? 2_000;
    this.pollEveryMs = options.pollEveryMs ?? 1_000;
  }

  /** True while this replica holds the lease and its job is running. */
  get active(): boolean {
    return this.holding && this.running;
  }

  /** True while this replica holds the lease (its job may still be starting). */
  get holds(): boolean {
    return this.holding;
  }

  /**
   * Takes part in the election. The first attempt is awaited: when this replica gets the lease,
   * `begin` resolves once the job has started and rejects if it could not (so a start-up error,
   * such as a wrong token, stops start-up); otherwise it resolves at once and keeps trying.
   */
  async begin(): Promise<boolean> {
    this.ended = false;
    const took = await this.tryToTake();
    if (took) {
      try {
        await this.startJob();
      } catch (error) {
        await this.giveBack();
        throw error;
      }
    }
    this.schedule();
    return took;
  }

  /** Leaves the election: stops the job if running, then lets go of the lease. */
  async end(): Promise<void> {
    this.ended = true;
    clearTimeout(this.timer);
    await this.jobs;
    await this.giveBack();
  }

  private schedule(): void {
    if (this.ended) return;
    this.timer = setTimeout(() => void this.tick(), this.holding ? this.renewEveryMs : this.pollEveryMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      if (this.holding) await this.renew();
      else if (await this.tryToTake()) {
        this.options.logger.info({ lease: this.options.name }, 'this replica took the lease: starting its job');
        this.jobs = this.jobs.then(() => this.startJob()).catch(async (error: unknown) => {
          this.options.logger.error({ err: error, lease: this.options.name }, 'the job of the lease could not start; letting the lease go');
          await this.giveBack();
        });
      }
    } finally {
      this.schedule();
    }
  }

  private async tryToTake(): Promise<boolean> {
    // Redis just restarted: the lease may have been lost with its memory while its holder still runs.
    if (this.options.store.upForMs() < this.leaseMs) return false;
    try {
      this.holding = await this.options.store.acquireLease(this.key, this.owner, this.leaseMs);
    } catch (error) {
      if (!(error instanceof StateUnavailableError)) this.options.logger.error({ err: error, lease: this.options.name }, 'lease: taking it failed');
      this.holding = false;
    }
    return this.holding;
  }

  /** Renews by taking again (free or ours), so a lease lost with a restarted Redis comes back to its holder. */
  private async renew(): Promise<void> {
    let kept: boolean;
    try {
      kept = await this.options.store.acquireLease(this.key, this.owner, this.leaseMs);
    } catch (error) {
      // Unreachable: nobody else can take it either, so the job goes on.
      if (!(error instanceof StateUnavailableError)) this.options.logger.error({ err: error, lease: this.options.name }, 'lease: renewing it failed');
      return;
    }
    if (kept || !this.holding) return;
    this.holding = false;
    this.options.logger.warn({ lease: this.options.name }, 'another replica holds the lease now: stopping this replica\'s job');
    this.jobs = this.jobs.then(() => this.stopJob());
    await this.jobs;
  }

  private async startJob(): Promise<void> {
    if (this.running || !this.holding) return;
    await this.job.start();
    this.running = true;
    // Lost while starting: stop at once.
    if (!this.holding || this.ended) await this.stopJob();
  }

  private async stopJob(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.job.stop().catch((error: unknown) => this.options.logger.error({ err: error, lease: this.options.name }, 'stopping the job of the lease failed'));
  }

  private async giveBack(): Promise<void> {
    await this.stopJob();
    if (!this.holding) return;
    this.holding = false;
    await this.options.store.releaseLease(this.key, this.owner).catch(() => false);
  }
}
