import type { ProbeResult } from "../checks/types";
import { applySecondOpinion, type SecondOpinion } from "../checks/vantage";
import type { Service } from "../config/schema";
import { asksSecondOpinion, currentIncident, type ServiceState } from "../escalation/core";
import type { MonitorDeps } from "./ports";

/** What the prober needs of the engine: the state the core left, and a trial and a real apply. */
export interface ProbeTarget {
  state(serviceId: string): ServiceState;
  /** The state the core would leave after this probe, without committing or sending anything. */
  trial(result: ProbeResult): ServiceState | undefined;
  apply(result: ProbeResult): Promise<void>;
}

/**
 * Probing from where the engine runs: once at a time (a second caller waits for the probe in
 * flight), with the second vantage asked in parallel with the home re-checks (issue 18 item 4).
 *
 * A P1 health failure starts a request to the second vantage unless one is in flight, and does
 * not wait for it: each failing probe carries the latest answer that has arrived, so the home
 * re-checks keep their pace however slow the vantage is. Only a probe that would open or raise
 * the incident to P1 with no answer yet waits for the one in flight, so a page from one vantage
 * never goes out while the other was still to say "reachable from here". A success forgets
 * the answers: the next outage asks afresh.
 */
export class Prober {
  private running: Promise<void> | undefined;
  private asking: Promise<SecondOpinion> | undefined;
  private latest: SecondOpinion | undefined;
  /** Bumped on a success, so an answer that arrives after it is not taken for the next outage's. */
  private outage = 0;

  constructor(
    private readonly deps: MonitorDeps,
    private readonly target: ProbeTarget,
  ) {}

  /** True while a probe from here is in flight. */
  busy(): boolean {
    return this.running !== undefined;
  }

  /** Probes once (or joins the probe in flight) and applies the result. */
  run(service: Service): Promise<void> {
    this.running ??= this.probeOnce(service).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async probeOnce(service: Service): Promise<void> {
    const result = await this.deps.probe(service);
    await this.target.apply(await this.withSecondOpinion(service, result));
  }

  /** Folds in the second vantage's latest view of a health failure, when the core's rules ask for one. */
  private async withSecondOpinion(service: Service, result: ProbeResult): Promise<ProbeResult> {
    const vantage = service.vantage;
    if (!vantage || !asksSecondOpinion(service, result, this.target.state(service.id))) {
      // Without /health (checks-only service) there is no outage for the vantage to remember.
      if (result.health?.ok !== false) this.forget();
      return result;
    }
    const inFlight = this.ask(service, vantage.second);
    const opinion = this.latest ?? (this.wouldPageAtP1(result) ? await inFlight : undefined);
    return opinion ? applySecondOpinion(service, vantage, result, opinion) : result;
  }

  /** The request in flight to the second vantage, started now when there is none. */
  private ask(service: Service, region: Parameters<MonitorDeps["askVantage"]>[1]): Promise<SecondOpinion> {
    if (this.asking) return this.asking;
    const outage = this.outage;
    const asking: Promise<SecondOpinion> = this.deps
      .askVantage(service, region)
      // The port never throws; should it, the answer is "not asked", never a failure.
      .catch((error: unknown) => ({ answered: false as const, location: region, reason: String(error) }))
      .then((opinion) => {
        if (this.outage === outage) this.latest = opinion;
        return opinion;
      })
      .finally(() => {
        if (this.asking === asking) this.asking = undefined;
      });
    this.asking = asking;
    return asking;
  }

  private forget(): void {
    this.outage += 1;
    this.latest = undefined;
  }

  private wouldPageAtP1(result: ProbeResult): boolean {
    const after = this.target.trial(result);
    return after !== undefined && currentIncident(after)?.severity === "P1";
  }
}
